"""Two-factor sign-in for every staff and partner account, and sessions that
end when idle or too long.

Finding: no second factor, and 14-day staff sessions with no idle timeout.
"""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import LAST_SEEN, SIGNED_IN_AT
from accounts.models import SecurityEvent
from tests.factories import ForumFactory, LetterFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
Action = SecurityEvent.Action


def code_for(device) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def password_only(user) -> Client:
    """Signed in with the password: the first step, through the page."""
    client = Client()
    page = (
        "partners:sign-in"
        if user.groups.filter(name="Forum partner")
        else ("admin:login")
    )
    signed_in = client.post(
        reverse(page), {"username": user.username, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    return client


@pytest.fixture(autouse=True)
def no_wait_between_codes(settings):
    """django-otp makes each wrong code double the wait before the next try;
    these tests type faster than people. The wait has its own test."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def moderator(user_with_role):
    return user_with_role("Moderator", username="mo")


@pytest.fixture
def partner(user_with_role):
    return user_with_role("Forum partner", username="pat", forum=ForumFactory())


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/feedback/experience/",
        "/admin/insights/",
        "/admin/accounts/user/",
    ],
)
def test_a_password_alone_opens_no_staff_page(moderator, url):
    client = password_only(moderator)

    page = client.get(url)

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("admin-two-factor:set-up"))


def test_a_password_alone_previews_no_draft(user_with_role):
    editor = user_with_role("Editor", username="ed")
    letter = LetterFactory(draft=True)
    client = password_only(editor)

    page = client.get(reverse("letters:preview", kwargs={"slug": letter.slug}))

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("admin-two-factor:set-up"))


def test_a_password_alone_opens_no_partner_page(partner):
    client = password_only(partner)

    for url in ["/partners/", "/partners/experiences/", "/partners/actions/"]:
        page = client.get(url)
        assert page["Location"].startswith(reverse("partners-two-factor:set-up"))


def test_the_admin_site_itself_refuses_a_password_alone(moderator, rf):
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = moderator
    request.user.is_verified = lambda: False

    assert not admin.site.has_permission(request)


@pytest.mark.parametrize("who, area", [("moderator", "admin"), ("partner", "partners")])
def test_the_first_sign_in_sets_up_an_app_and_gives_backup_codes(request, who, area):
    user = request.getfixturevalue(who)
    client = password_only(user)
    home = "/admin/" if area == "admin" else "/partners/"

    set_up = client.get(client.get(home)["Location"])
    assert set_up.status_code == 200
    assert "<svg" in set_up.text and 'aria-hidden="true"' in set_up.text
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'class="app-secret-key">([A-Z2-7 ]+)<', set_up.text)[1]
    assert len(secret.replace(" ", "")) == 32

    wrong = client.post(set_up.request["PATH_INFO"], {"code": "000000", "next": home})
    assert wrong.status_code == 200
    assert "Enter the 6-digit code your app shows now" in wrong.text
    assert "<title>Error: " in wrong.text

    done = client.post(
        set_up.request["PATH_INFO"], {"code": code_for(device), "next": home}
    )
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.text)
    assert len(codes) == 10
    assert client.get(home).status_code == 200
    actions = set(
        SecurityEvent.objects.filter(user=user).values_list("action", flat=True)
    )
    assert {Action.SIGNED_IN, Action.SECOND_FACTOR_ADDED, Action.BACKUP_CODES_MADE} <= (
        actions
    )


def test_a_returning_member_of_staff_gives_a_code_and_lands_where_they_asked(
    moderator,
):
    device = TOTPDevice.objects.create(user=moderator, name="App", confirmed=True)
    client = password_only(moderator)
    wanted = "/admin/feedback/experience/"

    step = client.get(wanted)
    assert step["Location"].startswith(reverse("admin-two-factor:verify"))
    wrong = client.post(step["Location"], {"code": "123456"})
    right = client.post(step["Location"], {"code": code_for(device)})

    assert "Enter the 6-digit code from your authenticator app" in wrong.text
    assert right.status_code == 302 and right["Location"] == wanted
    assert client.get(wanted).status_code == 200
    assert SecurityEvent.objects.filter(
        user=moderator, action=Action.SECOND_FACTOR_FAILED
    ).exists()


def test_a_backup_code_works_once(partner):
    TOTPDevice.objects.create(user=partner, name="App", confirmed=True)
    from accounts.two_factor import make_backup_codes

    code = make_backup_codes(partner)[0]
    first = password_only(partner)
    used = first.post(reverse("partners-two-factor:verify"), {"code": code.upper()})
    second = password_only(partner)
    again = second.post(reverse("partners-two-factor:verify"), {"code": code})

    assert used.status_code == 302
    assert again.status_code == 200
    assert StaticToken.objects.filter(device__user=partner).count() == 9
    assert (
        SecurityEvent.objects.filter(
            user=partner, action=Action.BACKUP_CODE_USED
        ).count()
        == 1
    )


def test_the_verify_page_refuses_another_site_as_next(moderator):
    device = TOTPDevice.objects.create(user=moderator, name="App", confirmed=True)
    client = password_only(moderator)

    page = client.post(
        reverse("admin-two-factor:verify"),
        {"code": code_for(device), "next": "https://example.org/"},
    )

    assert page["Location"] == reverse("admin:index")


def test_an_administrator_resets_a_lost_phone_and_it_is_audited(
    user_with_role, moderator
):
    TOTPDevice.objects.create(user=moderator, name="App", confirmed=True)
    administrator = user_with_role("Administrator", username="admin")
    client = Client()
    client.force_login(administrator)

    page = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [moderator.pk]},
        follow=True,
    )

    assert "Reset two-factor sign-in for 1 account(s)." in page.text
    assert not TOTPDevice.objects.filter(user=moderator).exists()
    reset = SecurityEvent.objects.get(action=Action.SECOND_FACTOR_RESET)
    assert (reset.user, reset.actor) == (moderator, administrator)
    step = password_only(moderator).get("/admin/")
    assert step["Location"].startswith(reverse("admin-two-factor:set-up"))


def _age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


@pytest.mark.parametrize(
    "ages, why",
    [
        ({LAST_SEEN: 31 * 60, SIGNED_IN_AT: 40 * 60}, "30 minutes"),
        ({LAST_SEEN: 60, SIGNED_IN_AT: 12 * 3600 + 60}, "12 hours"),
    ],
)
def test_a_session_ends_when_idle_or_too_long(client, moderator, ages, why):
    client.force_login(moderator)
    assert client.get("/admin/").status_code == 200
    _age_session(client, **ages)

    page = client.get("/admin/feedback/experience/", follow=True)

    assert page.redirect_chain[0][0].startswith(reverse("admin:login"))
    assert "next=%2Fadmin%2Ffeedback%2Fexperience%2F" in page.redirect_chain[0][0]
    assert why in page.text
    assert SecurityEvent.objects.filter(
        user=moderator, action=Action.SESSION_ENDED
    ).exists()


def test_an_active_session_carries_on(client, moderator):
    client.force_login(moderator)
    _age_session(client, **{LAST_SEEN: 29 * 60, SIGNED_IN_AT: 11 * 3600})

    assert client.get("/admin/").status_code == 200


def test_wrong_codes_make_the_next_try_wait(moderator, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    device = TOTPDevice.objects.create(user=moderator, name="App", confirmed=True)
    client = password_only(moderator)
    verify = reverse("admin-two-factor:verify")

    client.post(verify, {"code": "000000"})
    too_soon = client.post(verify, {"code": code_for(device)})

    assert too_soon.status_code == 200
    assert "too many wrong codes" in too_soon.text


def test_a_refused_next_after_signing_in_lands_on_the_admin_index(moderator):
    """Finding: a refused `next=` sent staff to a 404 (/accounts/profile/)."""
    client = Client()

    page = client.post(
        reverse("admin:login") + "?next=https://example.org/",
        {
            "username": moderator.username,
            "password": PASSWORD,
            "next": "https://example.org/",
        },
    )

    assert page.status_code == 302
    assert page["Location"] == reverse("admin:index")
