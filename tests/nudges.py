"""What the tests of staff and forum emails (accounts.nudges) share."""

from core.models import OutboundEmail


def addressed(user, email: str):
    """`user` with an email address: without one, no nudge reaches them."""
    user.email = email
    user.save(update_fields=["email"])
    return user


def sent(purpose: str) -> list[str]:
    """The addresses queued an email for `purpose`, in order."""
    return sorted(
        OutboundEmail.objects.filter(purpose=purpose).values_list("to", flat=True)
    )
