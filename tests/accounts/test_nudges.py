"""Emails staff and forum partners get because of their roles (accounts.nudges),
and "Emails you get", where each person switches them off or on."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import NotificationPreference, NudgeSent, SecurityEvent, User
from accounts.nudges import holders_of, kinds_for, nudge_send
from core.models import OutboundEmail
from tests.factories import ForumFactory

SITE = django_settings.SITE_URL.rstrip("/")
STAFF_PAGE = reverse("staff-emails:index")
PARTNER_PAGE = reverse("partners:emails")


def keys(user):
    return {kind.key for kind in kinds_for(user)}


@pytest.fixture
def lead(user_with_role):
    user = user_with_role("Safeguarding lead")
    user.email = "lead@kent.example"
    user.save()
    return user


@pytest.fixture
def partner(user_with_role):
    user = user_with_role("Forum partner", forum=ForumFactory())
    user.email = "partner@pact.example"
    user.save()
    return user


def send(users, **extra):
    fields = {
        "kind": "safeguarding",
        "users": users,
        "subject": "Flagged for safeguarding: experience ABCD-EFGH",
        "lines": ["Experience ABCD-EFGH has been flagged."],
        "path": "/admin/feedback/experience/1/change/",
    }
    return nudge_send(**(fields | extra))


@pytest.mark.django_db
def test_each_role_is_offered_the_emails_its_work_brings(user_with_role):
    forum = ForumFactory()
    assert keys(user_with_role("Safeguarding lead")) == {"safeguarding"}
    assert keys(user_with_role("Moderator")) == {"moderation-summary"}
    assert keys(user_with_role("Editor")) == {"forum-answered", "action-due"}
    assert keys(user_with_role("Forum partner", forum=forum)) == {"awaiting-forum"}
    assert keys(user_with_role("Action owner")) == {"action-due"}
    assert keys(user_with_role("Analyst")) == set()


@pytest.mark.django_db
def test_a_nudge_goes_to_holders_with_an_address_who_want_it(
    lead, user_with_role, django_user_model
):
    no_address = user_with_role("Safeguarding lead", username="lead-2")
    switched = user_with_role("Safeguarding lead", username="lead-3")
    switched.email = "off@kent.example"
    switched.save()
    NotificationPreference.objects.create(user=switched, switched_off=["safeguarding"])
    gone = user_with_role("Safeguarding lead", username="lead-4")
    gone.email, gone.is_active = "gone@kent.example", False
    gone.save()
    moderator = user_with_role("Moderator")
    moderator.email = "moderator@kent.example"
    moderator.save()
    django_user_model.objects.create_superuser("root", "root@kent.example", "pw-long-1")

    assert send(holders_of("feedback.decide_safeguarding")) == 1

    email = OutboundEmail.objects.get()
    assert email.to == lead.email
    assert email.purpose == "nudge-safeguarding"
    assert email.subject == "Flagged for safeguarding: experience ABCD-EFGH"
    assert f"{SITE}/admin/feedback/experience/1/change/" in email.body
    assert "because you are a safeguarding lead" in email.body
    assert f"{SITE}{STAFF_PAGE}" in email.body
    assert f'href="{SITE}{STAFF_PAGE}"' in email.html_body
    assert no_address.email == ""


@pytest.mark.django_db
def test_a_partners_nudge_links_to_the_partner_areas_page(partner):
    nudge_send(
        kind="awaiting-forum",
        users=User.objects.filter(pk=partner.pk),
        subject="Awaiting your forum’s sign-off",
        lines=["A draft response has been sent to your forum."],
        path="/partners/responses/1/",
    )
    assert f"{SITE}{PARTNER_PAGE}" in OutboundEmail.objects.get().body


@pytest.mark.django_db
def test_a_nudge_with_a_once_key_goes_once(lead):
    assert send(holders_of("feedback.decide_safeguarding"), once_key="k:1") == 1
    assert send(holders_of("feedback.decide_safeguarding"), once_key="k:1") == 0
    assert OutboundEmail.objects.count() == 1
    assert NudgeSent.objects.filter(key="k:1").count() == 1


@pytest.mark.django_db
def test_many_recipients_cost_no_more_queries(
    user_with_role, django_assert_max_num_queries
):
    for number in range(40):
        user = user_with_role("Safeguarding lead", username=f"lead-{number}")
        user.email = f"lead-{number}@kent.example"
        user.save()
    with django_assert_max_num_queries(8):
        assert send(holders_of("feedback.decide_safeguarding")) == 40


@pytest.mark.django_db
def test_staff_page_shows_only_the_emails_a_role_brings(client, lead):
    client.force_login(lead)
    page = client.get(STAFF_PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Something is flagged for safeguarding" in html
    assert "daily summary" not in html
    assert 'value="safeguarding" id="id_wanted_0" aria-describedby' in html
    assert "checked" in html


@pytest.mark.django_db
def test_unticking_switches_an_email_off_and_is_audited(client, lead):
    client.force_login(lead)
    response = client.post(STAFF_PAGE, {})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=lead).switched_off == [
        "safeguarding"
    ]
    event = SecurityEvent.objects.get(action=SecurityEvent.Action.EMAILS_CHANGED)
    assert event.user == lead
    assert "checked" not in client.get(STAFF_PAGE).content.decode()
    assert send(holders_of("feedback.decide_safeguarding")) == 0

    client.post(STAFF_PAGE, {"wanted": ["safeguarding"]})
    assert NotificationPreference.objects.get(user=lead).switched_off == []
    assert send(holders_of("feedback.decide_safeguarding")) == 1


@pytest.mark.django_db
def test_saving_the_same_choices_again_writes_no_audit_row(client, lead):
    client.force_login(lead)
    client.post(STAFF_PAGE, {"wanted": ["safeguarding"]})
    client.post(STAFF_PAGE, {"wanted": ["safeguarding"]})
    assert not SecurityEvent.objects.filter(
        action=SecurityEvent.Action.EMAILS_CHANGED
    ).exists()


@pytest.mark.django_db
def test_an_email_the_role_does_not_bring_is_refused_in_words(client, lead):
    client.force_login(lead)
    page = client.post(STAFF_PAGE, {"wanted": ["safeguarding", "moderation-summary"]})
    assert page.status_code == 200
    assert "Select only the emails listed" in page.content.decode()
    assert not NotificationPreference.objects.filter(user=lead).exists()


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.text(max_size=300), max_size=5))
def test_any_answer_gets_a_page_not_an_error(lead, answers):
    from django.test import Client

    client = Client()
    client.force_login(lead)
    response = client.post(STAFF_PAGE, {"wanted": answers})
    assert response.status_code in (200, 302)
    preference = NotificationPreference.objects.filter(user=lead).first()
    assert preference is None or set(preference.switched_off) <= {"safeguarding"}


@pytest.mark.django_db
def test_staff_page_needs_a_member_of_staff(client, partner):
    assert client.get(STAFF_PAGE).status_code == 302
    client.force_login(partner)
    assert client.get(STAFF_PAGE).status_code == 302


@pytest.mark.django_db
def test_partner_page_switches_a_partners_email(client, partner):
    assert client.get(PARTNER_PAGE).status_code == 302
    client.force_login(partner)
    page = client.get(PARTNER_PAGE)
    assert page.status_code == 200
    assert "Something is waiting for your forum" in page.content.decode()
    response = client.post(PARTNER_PAGE, {})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=partner).switched_off == [
        "awaiting-forum"
    ]
    page = client.get(PARTNER_PAGE)
    assert "Your email choices have been saved" in page.content.decode()


@pytest.mark.django_db
def test_partner_page_refuses_a_member_of_staff(client, lead):
    client.force_login(lead)
    assert client.get(PARTNER_PAGE).status_code == 403


@pytest.mark.django_db
def test_a_kind_switched_off_outside_a_persons_roles_is_kept(lead):
    from accounts.services import notification_preferences_save

    NotificationPreference.objects.create(user=lead, switched_off=["action-due"])
    notification_preferences_save(user=lead, wanted=[])
    assert NotificationPreference.objects.get(user=lead).switched_off == [
        "action-due",
        "safeguarding",
    ]
