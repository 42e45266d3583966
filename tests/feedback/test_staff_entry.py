"""Staff record experiences received off-line, through the same questions."""

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from feedback.models import Experience, ExperienceEvent

RECORD = reverse("admin:feedback_experience_record")


@pytest.fixture
def recorder(django_user_model, seeded):
    user = django_user_model.objects.create_user(
        username="recorder", password="a-long-test-password", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="feedback",
            codename__in=["add_experience", "view_experience"],
        )
    )
    return user


def record_post(key, **overrides):
    data = {
        "record-source": "phone",
        "record-submission_key": str(key),
        "areas-areas": ["ehc-process"],
        "about-you-respondent": "parent-carer",
        "child-district": "thanet",
        "what-happened-what_happened": "The annual review was a year late.",
        "what-happened-what_would_help": "",
        "consent-consent_publish": "yes",
        "consent-consent_share": "no",
        "consent-consent_contact": "no",
    }
    data.update(overrides)
    return data


def test_staff_record_a_phone_experience_once_even_when_sent_twice(client, recorder):
    client.force_login(recorder)
    key = uuid.uuid4()

    first = client.post(RECORD, record_post(key))
    second = client.post(RECORD, record_post(key))

    experience = Experience.objects.get()
    assert first.status_code == second.status_code == 302
    assert experience.source == Experience.Source.PHONE
    assert experience.recorded_by == recorder
    assert experience.district.slug == "thanet"
    assert list(experience.areas.values_list("slug", flat=True)) == ["ehc-process"]
    assert ExperienceEvent.objects.filter(
        experience=experience, action=ExperienceEvent.Action.RECORDED, actor=recorder
    ).exists()


def test_staff_entry_meets_the_same_validation_and_keeps_answers(client, recorder):
    client.force_login(recorder)

    response = client.post(
        RECORD,
        record_post(
            uuid.uuid4(),
            **{
                "what-happened-what_happened": "",
                "consent-consent_contact": "yes",
                "child-district": "thanet",
            },
        ),
    )

    assert response.status_code == 200
    assert "Enter what happened" in response.text
    assert "Enter an email address or a phone number" in response.text
    assert 'value="thanet" selected' in response.text
    assert not Experience.objects.exists()


def test_staff_without_the_add_permission_cannot_record(
    client, django_user_model, seeded
):
    clerk = django_user_model.objects.create_user(
        username="clerk", password="a-long-test-password", is_staff=True
    )
    client.force_login(clerk)

    response = client.post(RECORD, record_post(uuid.uuid4()))

    assert response.status_code == 403
    assert not Experience.objects.exists()


def test_contact_details_show_only_to_staff_allowed_to_see_them(
    client, recorder, seeded
):
    client.force_login(recorder)
    client.post(
        RECORD,
        record_post(
            uuid.uuid4(),
            **{
                "consent-consent_contact": "yes",
                "consent-contact_email": "parent@example.org",
            },
        ),
    )
    experience = Experience.objects.get()
    change = reverse("admin:feedback_experience_change", args=[experience.pk])
    contact = reverse("admin:feedback_experience_contact_details", args=[experience.pk])

    refused = client.post(contact)
    recorder.user_permissions.add(
        Permission.objects.get(codename="view_contact_details")
    )
    recorder = type(recorder).objects.get(pk=recorder.pk)  # fresh permission cache
    client.force_login(recorder)
    shown = client.post(contact)

    # Never on the record page, whoever looks; only behind the audited button.
    assert "parent@example.org" not in client.get(change).text
    assert refused.status_code == 403
    assert shown.status_code == 200
    assert "parent@example.org" in shown.text
    assert (
        experience.events.filter(action="contact-viewed", actor=recorder).count() == 1
    )


def test_admin_pages_for_experiences_load(admin_client, seeded):
    admin_client.post(RECORD, record_post(uuid.uuid4()))
    experience = Experience.objects.get()

    for url in [
        RECORD,
        reverse("admin:feedback_experience_changelist"),
        reverse("admin:feedback_experience_change", args=[experience.pk]),
        reverse("admin:feedback_experienceevent_changelist"),
        reverse("admin:feedback_district_changelist"),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_staff_with_the_permission_withdraw_an_experience_for_its_author(
    client, recorder
):
    client.force_login(recorder)
    client.post(RECORD, record_post(uuid.uuid4()))
    experience = Experience.objects.get()
    changelist = reverse("admin:feedback_experience_changelist")
    action = {"action": "withdraw", "_selected_action": [experience.pk]}

    client.post(changelist, action)
    experience.refresh_from_db()
    assert experience.status == Experience.Status.NEW

    recorder.user_permissions.add(
        Permission.objects.get(codename="withdraw_experience")
    )
    client.post(changelist, action)
    experience.refresh_from_db()
    assert experience.status == Experience.Status.WITHDRAWN
    assert experience.what_happened == ""
    assert ExperienceEvent.objects.filter(
        experience=experience, action=ExperienceEvent.Action.WITHDRAWN, actor=recorder
    ).exists()
