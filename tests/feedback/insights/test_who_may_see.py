"""Who may see the insights page and its export, and the staff home's shortcuts
for each role."""

import pytest
from django.urls import reverse

from tests.feedback.insights.helpers import EXPORT, INSIGHTS

# Who may see it ---------------------------------------------------------------


@pytest.mark.parametrize("url", [INSIGHTS, EXPORT])
def test_signed_out_visitors_are_sent_to_the_staff_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", [INSIGHTS, EXPORT])
def test_forum_partners_are_not_staff_and_are_sent_to_sign_in(
    client, user_with_role, kent, url
):
    from tests.factories import ForumFactory

    client.force_login(user_with_role("Forum partner", forum=ForumFactory()))

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", [INSIGHTS, EXPORT])
def test_a_moderator_without_the_insights_permission_is_refused(
    client, user_with_role, kent, url
):
    client.force_login(user_with_role("Moderator"))

    response = client.get(url)

    assert response.status_code == 403


def test_an_analyst_sees_the_insights_page_with_a_button_for_the_export(
    analyst_client,
):
    response = analyst_client.get(INSIGHTS)

    assert response.status_code == 200
    assert "<h1>Insights</h1>" in response.text
    assert f'<form method="post" action="{EXPORT}"' in response.text
    assert "It leaves out contact details." in response.text


def test_staff_who_may_see_insights_but_not_export_get_no_export_link(
    client, django_user_model, kent
):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_insights"))
    client.force_login(user)

    page = client.get(INSIGHTS)
    export = client.post(EXPORT)

    assert page.status_code == 200
    assert EXPORT not in page.text
    assert export.status_code == 403


@pytest.mark.parametrize(
    ("role", "shortcuts", "absent"),
    [
        ("Analyst", ["Insights"], ["Moderation queue"]),
        ("Moderator", ["Moderation queue"], ["Insights"]),
        ("Editor", [], ["Insights", "Moderation queue"]),
        (
            "Administrator",
            ["Insights", "Audit trail", "Find a person's data"],
            [],
        ),
        ("Analyst", [], ["Audit trail", "Find a person's data"]),
    ],
)
def test_staff_home_offers_the_shortcuts_each_role_may_use(
    client, user_with_role, role, shortcuts, absent
):
    client.force_login(user_with_role(role))

    page = client.get(reverse("admin:index")).text

    for name in shortcuts:
        assert f">{name}</a>" in page
    for name in absent:
        assert f">{name}</a>" not in page
