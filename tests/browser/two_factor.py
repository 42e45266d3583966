"""Signing in to the staff admin as a person with the app would: the password,
then the second step."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import User

# What tests/conftest.py's user_with_role gives every user.
PASSWORD = "a-long-test-password"


def code_for(device: TOTPDevice) -> str:
    """The app's code now, or the next one if now's was used already (a code
    works once)."""
    device.refresh_from_db()
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits)
    clock.time = time.time()
    if clock.t() <= device.last_t:
        clock.time += device.step
    return f"{clock.token():06d}"


def give_second_factor(page, username, check=None):
    """After the password: set the app up (a first sign-in: then save the
    backup codes) or enter its code. `check(page)` runs on each page."""
    user = User.objects.get(username=username)
    setting_up = "/set-up/" in page.url
    device = TOTPDevice.objects.get(user=user, confirmed=not setting_up)
    if check:
        check(page)
    page.get_by_label("Security code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    if setting_up:
        expect(page.get_by_text("Save your backup codes").first).to_be_visible()
        if check:
            check(page)
        page.get_by_role("link", name="I have saved my codes, continue").click()


def sign_in_to_the_admin(page, username):
    """The staff sign-in page, then the second factor."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    give_second_factor(page, username)
