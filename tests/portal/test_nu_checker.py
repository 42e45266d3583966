"""The Nu HTML Checker (vnu-jar, run with the machine's Java) on the pages
this work added or changed: two-factor sign-in for partners and staff, the
privacy notice with the retention schedule, the moderation page's check for
personal details, subject access and the audit trail, error states included.

The checker comes with `npm ci` (package.json); without it, or without Java,
these tests are skipped loudly, unless REQUIRE_NU_CHECKER is set (CI sets it),
when they fail instead.
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from feedback import services
from tests import nu
from tests.factories import (
    AnswerFactory,
    ExperienceFactory,
    ForumFactory,
    PublishedExperienceFactory,
    ResponseFactory,
)

PASSWORD = "a-long-test-password"
pytestmark = pytest.mark.django_db


def signed_in_with_password_only(user, page="admin:login") -> Client:
    client = Client()
    client.post(reverse(page), {"username": user.username, "password": PASSWORD})
    return client


def test_the_new_pages_have_no_nu_errors(nu_checker, user_with_role):
    pages = {}
    pages["privacy"] = Client().get(reverse("privacy")).text

    partner = user_with_role("Forum partner", username="pat", forum=ForumFactory())
    partner_client = signed_in_with_password_only(partner, "partners:sign-in")
    pages["partner-set-up"] = partner_client.get(
        reverse("partners-two-factor:set-up")
    ).text
    pages["partner-set-up-error"] = partner_client.post(
        reverse("partners-two-factor:set-up"), {"code": "12"}
    ).text
    moderator = user_with_role("Moderator", username="mo")
    staff = signed_in_with_password_only(moderator)
    pages["staff-set-up"] = staff.get(reverse("admin-two-factor:set-up")).text
    pages["staff-set-up-error"] = staff.post(
        reverse("admin-two-factor:set-up"), {"code": ""}
    ).text

    verified = Client()
    verified.force_login(moderator)
    pages["staff-backup-codes"] = verified.get(
        reverse("admin-two-factor:backup-codes")
    ).text
    pages["staff-new-backup-codes"] = verified.post(
        reverse("admin-two-factor:backup-codes")
    ).text
    experience = services.experience_claim(
        experience=ExperienceFactory(what_happened="Call 07700 900123."),
        actor=moderator,
    )
    pages["moderation-details-found"] = verified.post(
        reverse("admin:feedback_experience_moderate", args=[experience.pk]),
        {
            "action": "publish",
            "version": experience.version,
            "public_version": "Call 07700 900123.",
        },
    ).text

    owner = Client()
    owner.force_login(user_with_role("Administrator", username="owner"))
    pages["audit"] = owner.get(reverse("audit:index")).text
    pages["audit-error"] = owner.get(reverse("audit:index"), {"start": "no"}).text
    pages["data-request"] = owner.post(
        reverse("data-requests:index"), {"who": experience.display_reference}
    ).text
    pages["data-request-error"] = owner.post(
        reverse("data-requests:index"), {"who": ""}
    ).text

    errors = nu.page_errors(nu_checker, pages)

    assert not errors, "\n".join(errors)


@pytest.mark.long
def test_every_admin_list_add_and_change_page_is_valid_html(
    nu_checker, seeded, django_user_model
):
    """Every model the staff admin has: its list, its add page and every page
    about its first record (change, history, password, moderation...) that
    answers, as the service owner sees them (every field and every inline
    shown); no hand-picked list."""
    PublishedExperienceFactory()
    ResponseFactory()
    AnswerFactory()  # a consultation's response with a written answer
    owner = django_user_model.objects.create_superuser(
        "owner", password="a-long-test-password"
    )
    client = Client()
    client.force_login(owner)
    problems, checked = [], 0
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls = [reverse("admin:{}_{}_changelist".format(*info))]
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls += [
                reverse(f"admin:{pattern.name}", args=[first.pk])
                for pattern in admin.site._registry[model].get_urls()
                if getattr(pattern, "name", None)
                and len(pattern.pattern.converters) == 1
            ]
        for url in urls:
            answer = client.get(url)
            # A download (a consultation's CSV) is not a page.
            if answer.status_code != 200 or "html" not in answer["Content-Type"]:
                continue
            checked += 1
            errors = nu_checker.errors(answer.text)
            if errors:
                problems.append(f"{url}:\n  " + "\n  ".join(errors))

    assert checked > 60, f"only {checked} admin pages answered"
    assert not problems, "\n".join(problems)
