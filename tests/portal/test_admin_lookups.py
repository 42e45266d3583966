"""Admin lists answer only the filters they show.

Finding: an Analyst read a parent's email address by counting the rows of
`/admin/feedback/experience/?status=all&contact_email__startswith=c`, and a
binary search with `__regex` recovered it in under 300 requests; other
addresses answered 500. Here every role tries lookups on every field of every
model in the admin (`__regex`, `__startswith`, `__isnull`, and through each
relation), and each must be refused with a 400: never a count, never a 500.
"""

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse

from core.admin import StrictAdmin
from portal.roles import ROLES
from tests.factories import ExperienceFactory

pytestmark = pytest.mark.django_db

TRIES = ["regex", "startswith", "isnull"]


def _first_text_field(model):
    for field in model._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            return field.name
    return "pk"


def hostile_lookups(model, model_admin, request) -> list[str]:
    """Lookups on every field the list does not offer as a filter."""
    offered = model_admin.offered_parameters(request)
    lookups = []
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # reverse relations: reached from the other side
        lookups.extend(f"{field.name}__{verb}" for verb in TRIES)
        if field.is_relation and field.related_model is not None:
            lookups.append(
                f"{field.name}__{_first_text_field(field.related_model)}__startswith"
            )
    return [lookup for lookup in lookups if lookup not in offered]


def test_every_admin_in_the_portal_is_strict_about_its_filters():
    loose = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, StrictAdmin)
    ]
    assert not loose


def test_an_analyst_cannot_count_their_way_to_a_contact_email(user_with_role, client):
    ExperienceFactory(consent_contact=True, contact_email="carol@example.org")
    client.force_login(user_with_role("Analyst"))
    url = reverse("admin:feedback_experience_changelist")

    for lookup in [
        "contact_email__startswith=c",
        "contact_email__regex=^c",
        "contact_phone__isnull=false",
        "what_happened__icontains=a",
    ]:
        page = client.get(f"{url}?status=all&{lookup}")
        assert page.status_code == 400, lookup
        assert b"1 experience" not in page.content


@pytest.mark.parametrize(
    "query",
    [
        "what_happened__regex=(",
        "reference=%00",
        "submitted_at__year=99999999999",
        "submitted_at__year=9999",
        "submitted_at__year=2024&submitted_at__month=99",
        "submitted_at__year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%94",
    ],
)
def test_addresses_that_gave_a_500_are_refused(user_with_role, client, query):
    client.force_login(user_with_role("Moderator"))
    page = client.get(
        reverse("admin:feedback_experience_changelist") + f"?status=all&{query}"
    )
    assert page.status_code == 400


def test_a_search_with_a_nul_finds_nothing_rather_than_failing(user_with_role, client):
    ExperienceFactory()
    client.force_login(user_with_role("Moderator"))
    page = client.get(
        reverse("admin:feedback_experience_changelist") + "?status=all&q=%00"
    )
    assert page.status_code == 200


def test_the_filters_a_list_shows_still_work(user_with_role, client):
    ExperienceFactory(consent_publish=True)
    client.force_login(user_with_role("Moderator"))
    url = reverse("admin:feedback_experience_changelist")

    for query in [
        "status=all&consent_publish__exact=1",
        "status=all&safeguarding=awaiting",
        "status=published",
        "status=all&submitted_at__year=2026",
    ]:
        assert client.get(f"{url}?{query}").status_code == 200, query


@pytest.mark.long
def test_every_role_is_refused_every_lookup_the_lists_do_not_offer(user_with_role):
    """The count of tries goes in the session's note; it is printed with -s."""
    ExperienceFactory(consent_contact=True, contact_email="carol@example.org")
    tried = refused = 0
    for role in ROLES:
        user = user_with_role(role)
        client = Client()
        client.force_login(user)
        request = RequestFactory().get("/admin/")
        request.user = user
        request.user.is_verified = lambda: True
        for model, model_admin in admin.site._registry.items():
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
            )
            if not (
                admin.site.has_permission(request)
                and model_admin.has_view_or_change_permission(request)
            ):
                # One try shows the list is closed to this role altogether.
                page = client.get(f"{url}?{model._meta.pk.name}__isnull=false")
                assert page.status_code in (302, 403), (role, url)
                continue
            for lookup in hostile_lookups(model, model_admin, request):
                page = client.get(f"{url}?{lookup}=1")
                tried += 1
                assert page.status_code == 400, (role, model._meta.label, lookup)
                refused += 1
    print(f"\nAdmin lookups tried: {tried}; refused with a 400: {refused}")
    assert tried == refused > 100
