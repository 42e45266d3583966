"""Changes to accounts, each audited as a security event."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import NotificationPreference, SecurityEvent, User
from .nudges import kinds_for


def security_event_record(
    *, action: str, user: User | None = None, actor=None, detail: str = ""
) -> SecurityEvent:
    """One row in the audit trail. Never pass what someone typed as a
    username unless it names an account: people type passwords there."""
    return SecurityEvent.objects.create(
        action=action, user=user, actor=actor, detail=detail
    )


@transaction.atomic
def user_deactivate(*, user: User, actor) -> User:
    """Switch an account off for good reasons (someone has left): they can no
    longer sign in, and the audit trail keeps naming them."""
    if actor is None or not actor.has_perm("accounts.change_user"):
        raise PermissionDenied("Needs the accounts.change_user permission.")
    if user.pk == actor.pk:
        raise PermissionDenied("You cannot switch off your own account.")
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    security_event_record(
        action=SecurityEvent.Action.DEACTIVATED, user=user, actor=actor
    )
    return user


@transaction.atomic
def user_reset_two_factor(*, user: User, actor) -> int:
    """Remove someone's authenticator app and backup codes (a lost phone): at
    their next sign-in they set up a new app. Returns how many were removed."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if actor is None or not actor.has_perm("accounts.change_user"):
        raise PermissionDenied("Needs the accounts.change_user permission.")
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    security_event_record(
        action=SecurityEvent.Action.SECOND_FACTOR_RESET, user=user, actor=actor
    )
    return removed


@transaction.atomic
def notification_preferences_save(*, user: User, wanted: list[str]):
    """Keep the nudges `user` ticked and switch off the rest of those their
    roles bring; audited when it changes anything. Kinds they are not
    offered are ignored, so a crafted answer changes nothing else."""
    offered = [kind.key for kind in kinds_for(user)]
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(
        user=user
    )
    kept = [key for key in preference.switched_off if key not in offered]
    off = sorted({*kept, *(key for key in offered if key not in set(wanted))})
    if off == sorted(preference.switched_off):
        return preference
    preference.switched_off = off
    preference.save(update_fields=["switched_off", "updated_at"])
    security_event_record(
        action=SecurityEvent.Action.EMAILS_CHANGED,
        user=user,
        detail="Switched off: " + (", ".join(off) if off else "none"),
    )
    return preference
