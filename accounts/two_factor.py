"""The second step of signing in (django-otp): a code from an authenticator
app, or a one-time backup code; and setting the app up, which everyone does
at their first sign-in.

The same views serve the staff admin (admin-styled pages under
/admin/two-factor/) and the partner area (GOV.UK pages under
/partners/two-factor/); the URL's namespace says which.
"""

import re
from base64 import b32encode
from functools import wraps

import django_otp
import qrcode
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathImage

from core.text import CONTROL_CHARACTERS

from .models import SecurityEvent
from .services import security_event_record

APP_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"
HOMES = {"admin": "admin:index", "partners": "partners:home"}
SIGN_INS = {"admin": "admin:login", "partners": "partners:sign-in"}
WRONG_CODE = "Enter the 6-digit code from your authenticator app, or a backup code"
TOO_MANY = "You have entered too many wrong codes. Wait a minute, then try again"


def area_of(request) -> str | None:
    """ "partners" or "admin" for the pages behind a second factor, else None."""
    path = request.path_info
    if path.startswith("/partners/"):
        return "partners"
    match = getattr(request, "resolver_match", None)
    if path.startswith("/admin/") or (match and match.view_name == "letters:preview"):
        return "admin"
    return None


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _area(request) -> str:
    return (
        "partners"
        if request.resolver_match.namespace.startswith("partners")
        else "admin"
    )


def _next(request, area: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(HOMES[area])


def _step_url(area: str, step: str, next_url: str) -> str:
    return f"{reverse(f'{area}-two-factor:{step}')}?{urlencode({'next': next_url})}"


def signed_in(view):
    """Signed in with a password (the second factor is what these pages are
    for); anyone else goes to the right sign-in page. Never cached."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        area = _area(request)
        if not request.user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(SIGN_INS[area])}?{query}")
        return view(request, area, *args, **kwargs)

    return never_cache(require_http_methods(["GET", "POST"])(checked))


def _page(request, area: str, name: str, context: dict, status=200):
    page = {"area": area, "next": _next(request, area), **context}
    if area == "admin":
        from django.contrib import admin

        form = context.get("form")
        page.update(admin.site.each_context(request))
        page["problems"] = [
            (str(message), f"id_{field}")
            for field, messages in (form.errors.items() if form else [])
            for message in messages
        ]
    return render(request, f"{area}/two_factor/{name}.html", page, status=status)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=20,
        error_messages={"required": "Enter the security code"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "autocapitalize": "none",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.pop("maxlength", None)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("code", label_size=Size.SMALL, field_width=10)
        )

    def clean_code(self):
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()
        if not code or CONTROL_CHARACTERS.search(code):
            raise forms.ValidationError(WRONG_CODE)
        return code


def _throttled(devices) -> bool:
    return bool(devices) and all(
        not device.verify_is_allowed()[0] for device in devices
    )


@signed_in
def verify(request, area):
    """The second step: a code from the app or a backup code."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request, area))
    if not has_authenticator(user):
        return redirect(_step_url(area, "set-up", _next(request, area)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _matching_device(user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                security_event_record(
                    action=SecurityEvent.Action.BACKUP_CODE_USED, user=user, actor=user
                )
            return redirect(_next(request, area))
        devices = _devices(user)
        form.add_error("code", TOO_MANY if _throttled(devices) else WRONG_CODE)
        security_event_record(
            action=SecurityEvent.Action.SECOND_FACTOR_FAILED, user=user, actor=user
        )
    return _page(request, area, "verify", {"form": form})


def _devices(user) -> list:
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]


def _matching_device(user, code: str):
    for device in _devices(user):
        with transaction.atomic():
            if device.verify_token(code):
                return device
    return None


def _qr_code_svg(device: TOTPDevice) -> str:
    """The app's set-up link as an SVG QR code, one path, inline (so the
    page's content security policy has nothing to allow). The text beside it
    (the key, typed instead) is what assistive technology reads."""
    image = qrcode.make(device.config_url, image_factory=SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@signed_in
def set_up(request, area):
    """First sign-in: scan the QR code (or type the key) into an app, then
    enter a code from it to show it works; backup codes follow."""
    user = request.user
    if has_authenticator(user):
        return redirect(_step_url(area, "verify", _next(request, area)))
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": APP_NAME}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            verified = device.verify_token(form.cleaned_data["code"])
        if verified:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            security_event_record(
                action=SecurityEvent.Action.SECOND_FACTOR_ADDED, user=user, actor=user
            )
            codes = make_backup_codes(user)
            return _page(request, area, "backup_codes", {"codes": codes, "new": True})
        allowed, _ = device.verify_is_allowed()
        form.add_error(
            "code", "Enter the 6-digit code your app shows now" if allowed else TOO_MANY
        )
    secret = b32encode(device.bin_key).decode()
    return _page(
        request,
        area,
        "set_up",
        {
            "form": form,
            "qr_code": mark_safe(_qr_code_svg(device)),  # our own SVG, no user text
            "secret": _grouped(secret),
            "issuer": settings.OTP_TOTP_ISSUER,
        },
    )


@transaction.atomic
def make_backup_codes(user) -> list[str]:
    """New one-time codes, replacing any left: shown once, never again."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": BACKUP_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [
        StaticToken.random_token() for _ in range(settings.TWO_FACTOR_BACKUP_CODES)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    security_event_record(
        action=SecurityEvent.Action.BACKUP_CODES_MADE, user=user, actor=user
    )
    return codes


@signed_in
def backup_codes(request, area):
    """How many backup codes are left, and a button for a new set."""
    user = request.user
    if not user.is_verified():
        return redirect(_step_url(area, "verify", request.path))
    if request.method == "POST":
        return _page(
            request,
            area,
            "backup_codes",
            {"codes": make_backup_codes(user), "new": False},
        )
    left = StaticToken.objects.filter(device__user=user).count()
    return _page(request, area, "backup_codes", {"codes": None, "left": left})
