"""Counts as shown outside the council: small numbers could point to a family."""

SUPPRESS_BELOW = 5


def public_count(number: int) -> str:
    """A count as shown to the public or to partners: small numbers could point
    to a family, so anything under 5 reads "fewer than 5"."""
    return "fewer than 5" if number < SUPPRESS_BELOW else f"{number:,}"
