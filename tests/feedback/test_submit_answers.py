"""experience_submit takes typed answers: the journey turns the session's
plain values ("yes", slugs) into booleans, the areas, the district and the
model's choices before the service sees them."""

import uuid

import pytest

from feedback import services
from feedback.journey import experience_answers
from feedback.models import District, Experience
from letters.models import AreaOfWeakness
from tests.feedback.journey import PARENT, YOUNG_PERSON


def _merged(journey: dict) -> dict:
    merged = {}
    for answers in journey.values():
        merged.update(answers)
    return merged


def test_the_session_answers_become_booleans_areas_district_and_choices(kent):
    answers = experience_answers(_merged(PARENT))

    assert answers.respondent is Experience.Respondent.PARENT_CARER
    assert sorted(area.slug for area in answers.areas) == sorted(
        PARENT["areas"]["areas"]
    )
    assert all(isinstance(area, AreaOfWeakness) for area in answers.areas)
    assert not answers.area_not_sure
    assert answers.district == District.objects.get(slug="maidstone")
    assert not answers.district_prefer_not
    assert answers.age_group is Experience.AgeGroup.AGE_11_15
    assert answers.setting is Experience.Setting.SECONDARY
    assert answers.needs == [Experience.Need.COMMUNICATION, Experience.Need.SEMH]
    assert answers.ehc_status is Experience.EhcStatus.ASSESSING
    assert (answers.consent_publish, answers.consent_share) == (True, False)
    assert answers.consent_contact is True


def test_not_sure_and_prefer_not_to_say_become_flags_not_areas_or_a_district(kent):
    answers = experience_answers(_merged(YOUNG_PERSON))

    assert answers.areas == []
    assert answers.area_not_sure
    assert answers.district is None
    assert answers.district_prefer_not
    assert answers.setting is None
    assert answers.consent_contact is False


def test_the_service_stores_typed_answers_as_they_are(kent):
    district = District.objects.get(slug="maidstone")
    area = AreaOfWeakness.objects.get(slug="ehc-process")
    answers = services.ExperienceAnswers(
        respondent=Experience.Respondent.PROFESSIONAL,
        areas=[area],
        district=district,
        needs=[Experience.Need.LEARNING],
        what_happened="  The review was late.  ",
        consent_publish=True,
        consent_share=True,
        consent_contact=False,
        contact_email="kept@example.org",
    )

    experience, created = services.experience_submit(
        answers=answers, submission_key=uuid.uuid4()
    )

    experience.refresh_from_db()
    assert created
    assert list(experience.areas.all()) == [area]
    assert experience.district == district
    assert experience.needs == ["learning"]
    assert experience.what_happened == "The review was late."
    assert (experience.consent_publish, experience.consent_share) == (True, True)
    # No consent to contact: the address typed is not kept.
    assert experience.contact_email == ""


def test_the_service_takes_its_answers_by_keyword_only(kent):
    answers = experience_answers(_merged(PARENT))

    with pytest.raises(TypeError):
        services.experience_submit(answers, uuid.uuid4())
