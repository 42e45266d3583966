"""The shipped seed content: idempotent, and faithful to the Kent record."""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command

from letters import services
from letters.models import (
    AreaOfWeakness,
    Inspection,
    Letter,
    ProgressJudgement,
)

PARENTS_LETTER = "letter-to-parents-and-carers-on-the-revisit-letter-2022"
REVISIT_LETTER = "ofsted-cqc-revisit-letter-kent-2022"
PRESS_RELEASE = "council-and-health-bosses-apologise-2022"
NHS_LETTER_2010 = "nhs-commitment-after-2010-safeguarding-inspection"
REPORT_2010 = "inspection-of-safeguarding-and-looked-after-children-kent-2010"


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("letters").get_models()
    }


def test_seed_content_run_twice_adds_nothing_the_second_time(seeded):
    before = row_counts()

    call_command("seed_content", verbosity=0)

    assert row_counts() == before
    assert before["Letter"] > 0


def test_seed_content_leaves_editors_changes_alone(seeded):
    Letter.objects.filter(slug=REVISIT_LETTER).update(title="Edited by staff")

    call_command("seed_content", verbosity=0)

    assert Letter.objects.get(slug=REVISIT_LETTER).title == "Edited by staff"


def test_seed_content_has_the_three_inspections(seeded):
    inspections = {
        inspection.on_site_from.year: inspection
        for inspection in Inspection.objects.all()
    }

    assert sorted(inspections) == [2010, 2019, 2022]
    assert inspections[2022].revisit_of == inspections[2019]
    assert inspections[2022].kind == Inspection.Kind.SEND_REVISIT
    assert inspections[2010].revisit_of is None


def test_seed_content_has_nine_areas_with_8_and_9_provisional(seeded):
    areas = AreaOfWeakness.objects.order_by("number")

    assert [area.number for area in areas] == list(range(1, 10))
    assert {area.number for area in areas if area.provisional} == {8, 9}
    assert {area.inspection.on_site_from.year for area in areas} == {2019}


def test_seed_content_judges_all_nine_areas_insufficient_on_the_revisit(seeded):
    revisit = Inspection.objects.get(on_site_from__year=2022)
    judgements = ProgressJudgement.objects.filter(revisit=revisit)

    assert judgements.count() == 9
    assert set(judgements.values_list("judgement", flat=True)) == {"insufficient"}
    assert {judgement.area.number for judgement in judgements} == set(range(1, 10))


def test_seed_content_has_five_published_letters(seeded):
    assert Letter.objects.count() == 5
    assert Letter.objects.published().count() == 5


def test_letter_to_parents_is_signed_by_sarah_hammond_then_dame_eileen_sills(seeded):
    letter = Letter.objects.get(slug=PARENTS_LETTER)

    signed_by = [signatory.role.person.name for signatory in letter.signatories.all()]

    assert signed_by == ["Sarah Hammond", "Dame Eileen Sills"]


def test_letter_to_parents_shows_its_signatories_in_order(client, seeded):
    page = client.get(Letter.objects.get(slug=PARENTS_LETTER).get_absolute_url())

    assert page.text.index("Sarah Hammond") < page.text.index("Dame Eileen Sills")
    assert "Chief Nurse, NHS Kent and Medway Integrated Care Board" in page.text


@pytest.mark.parametrize(
    "reply, original",
    [
        (PARENTS_LETTER, REVISIT_LETTER),
        (PRESS_RELEASE, REVISIT_LETTER),
        (NHS_LETTER_2010, REPORT_2010),
    ],
)
def test_seed_content_links_each_reply_to_what_it_answers(seeded, reply, original):
    assert Letter.objects.get(slug=reply).in_reply_to.slug == original


def test_nhs_letter_of_25_november_2010_answers_the_2010_report(seeded):
    letter = Letter.objects.get(slug=NHS_LETTER_2010)

    assert letter.date == datetime.date(2010, 11, 25)
    assert letter.in_reply_to.inspection.on_site_from.year == 2010


def test_revisit_letter_page_lists_its_responses(client, seeded):
    revisit = Letter.objects.get(slug=REVISIT_LETTER)

    page = client.get(revisit.get_absolute_url()).text

    assert "Responses to this inspection letter" in page
    for slug in (PARENTS_LETTER, PRESS_RELEASE):
        assert Letter.objects.get(slug=slug).get_absolute_url() in page


def test_reply_page_says_which_letter_it_answers(client, seeded):
    reply = Letter.objects.get(slug=PARENTS_LETTER)

    page = client.get(reply.get_absolute_url()).text

    assert "This letter answers" in page
    assert Letter.objects.get(slug=REVISIT_LETTER).get_absolute_url() in page


def test_reply_to_a_withdrawn_letter_still_links_to_it(client, seeded, editor):
    services.letter_withdraw(
        letter=Letter.objects.get(slug=REVISIT_LETTER),
        actor=editor,
        reason="Replaced by the corrected letter.",
    )

    page = client.get(Letter.objects.get(slug=PARENTS_LETTER).get_absolute_url())

    assert Letter.objects.get(slug=REVISIT_LETTER).get_absolute_url() in page.text


def test_revisit_inspection_page_shows_the_thread_and_judgements(client, seeded):
    revisit = Inspection.objects.get(on_site_from__year=2022)

    page = client.get(revisit.get_absolute_url()).text

    for slug in (REVISIT_LETTER, PARENTS_LETTER, PRESS_RELEASE):
        assert Letter.objects.get(slug=slug).get_absolute_url() in page
    judged = '<td class="govuk-table__cell">Not made sufficient progress</td>'
    assert page.count(judged) == 9
