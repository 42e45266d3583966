"""One demonstration account per role (portal.roles), for trying the portal
on a development machine: a random password, a confirmed authenticator app
and backup codes, all shown once. Run again, it resets them."""

import secrets
from base64 import b32encode
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent
from accounts.services import security_event_record
from accounts.two_factor import APP_NAME, make_backup_codes
from core.models import DemoRecord
from feedback.models import ForumMember
from plans.models import Action

from ..roles import ROLES, STAFF_ROLES, sync_roles
from .base import DETAIL, Seeded

PREFIX = "demo-"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    password: str
    app_key: str
    backup_codes: list[str]


def demo_username(role: str) -> str:
    return PREFIX + slugify(role)


def demo_users():
    return DemoRecord.objects.of(get_user_model())


@transaction.atomic
def accounts_load(seeded: Seeded) -> list[DemoAccount]:
    if Group.objects.filter(name__in=ROLES).count() != len(ROLES):
        sync_roles()
    accounts = [_account(seeded, role) for role in ROLES]
    owner = get_user_model().objects.get(username=demo_username("Action owner"))
    owner.actions_owned.add(*DemoRecord.objects.of(Action))
    return accounts


def _account(seeded: Seeded, role: str) -> DemoAccount:
    User = get_user_model()
    user, new = User.objects.get_or_create(username=demo_username(role))
    if not new and not demo_users().filter(pk=user.pk).exists():
        raise ValueError(f"{user.username} is a real account: left alone.")
    password = secrets.token_urlsafe(15)
    user.set_password(password)
    user.first_name, user.last_name = "Demonstration", role.lower()
    # A reserved domain: the emails a role brings (accounts.nudges) show in
    # the development outbox, and never reach anyone.
    user.email = f"{user.username}@example.org"
    user.is_staff = role in STAFF_ROLES
    user.is_active = True
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    if new:
        DemoRecord.objects.mark([user])
    if role == "Forum partner" and seeded.forum is not None:
        ForumMember.objects.update_or_create(
            user=user, defaults={"forum": seeded.forum}
        )
    return DemoAccount(
        role=role,
        username=user.username,
        password=password,
        app_key=_new_app(user),
        backup_codes=make_backup_codes(user),
    )


def _new_app(user) -> str:
    """A confirmed authenticator app in place of any before; its key, to type
    into an app."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=True)
    security_event_record(
        action=SecurityEvent.Action.SECOND_FACTOR_ADDED, user=user, detail=DETAIL
    )
    return b32encode(device.bin_key).decode()


@transaction.atomic
def accounts_deactivate() -> int:
    """Accounts are never deleted (the audit trail names them): switch the
    demonstration accounts off and take their second factors away."""
    users = list(demo_users().filter(is_active=True))
    for user in users:
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["is_active", "password"])
        for device in (TOTPDevice, StaticDevice):
            device.objects.filter(user=user).delete()
        security_event_record(
            action=SecurityEvent.Action.DEACTIVATED, user=user, detail=DETAIL
        )
    return len(users)
