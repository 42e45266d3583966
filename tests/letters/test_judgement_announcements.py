"""A progress judgement entered or changed in the staff admin is announced
once to its area's followers; a save that changes nothing announces nothing."""

import pytest
from django.urls import reverse

from alerts.models import Delivery
from core.models import Announcement
from letters import services
from letters.models import Inspection, ProgressJudgement
from tests.alerts.conftest import follow
from tests.factories import AreaFactory, InspectionFactory, JudgementFactory

pytestmark = pytest.mark.django_db

Judgement = ProgressJudgement.Judgement
ADD = reverse("admin:letters_progressjudgement_add")


@pytest.fixture
def area(db):
    return AreaFactory(slug="waiting-times", short_title="Waiting times")


@pytest.fixture
def revisit(area):
    return InspectionFactory(
        title="SEND revisit 2022",
        slug="send-revisit-2022",
        kind=Inspection.Kind.SEND_REVISIT,
        revisit_of=area.inspection,
    )


@pytest.fixture
def saved(editor_client, django_capture_on_commit_callbacks):
    """Post an admin form as the editor, with what waits for the commit run."""

    def post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(url, data)
        assert response.status_code == 302, response.text[:2000]
        return response

    return post


def change_url(judgement):
    return reverse("admin:letters_progressjudgement_change", args=[judgement.pk])


def fields(revisit, area, judgement=Judgement.INSUFFICIENT, note=""):
    return {
        "revisit": revisit.pk,
        "area": area.pk,
        "judgement": judgement,
        "note": note,
    }


def announcements():
    return list(Announcement.objects.filter(kind=Announcement.Kind.JUDGEMENT))


def test_a_new_judgement_is_announced_to_its_area(saved, revisit, area):
    saved(ADD, fields(revisit, area))

    (announced,) = announcements()
    assert announced.topics == ["area:waiting-times", "everything"]
    assert announced.path == area.get_absolute_url()
    assert announced.title == "Waiting times \u2013 not made sufficient progress"
    assert announced.summary == (
        "SEND revisit 2022 judged that the local area has not made sufficient "
        "progress in this area."
    )


def test_saving_it_again_unchanged_or_with_a_new_note_announces_nothing(
    saved, revisit, area
):
    saved(ADD, fields(revisit, area))
    judgement = ProgressJudgement.objects.get()

    saved(change_url(judgement), fields(revisit, area))
    saved(change_url(judgement), fields(revisit, area, note="Seen in the letter."))

    assert len(announcements()) == 1


def test_a_changed_judgement_is_announced_once_and_says_what_it_replaces(
    saved, revisit, area
):
    saved(ADD, fields(revisit, area))
    judgement = ProgressJudgement.objects.get()

    saved(change_url(judgement), fields(revisit, area, Judgement.SUFFICIENT))
    saved(change_url(judgement), fields(revisit, area, Judgement.SUFFICIENT))
    saved(change_url(judgement), fields(revisit, area, Judgement.INSUFFICIENT))

    first, changed, back = sorted(announcements(), key=lambda a: a.pk)
    assert changed.title == "Waiting times \u2013 made sufficient progress"
    assert changed.summary.endswith(
        "This replaces the earlier judgement: not made sufficient progress."
    )
    assert back.title == first.title
    assert len({first.once_key, changed.once_key, back.once_key}) == 3


def inspection_data(revisit, rows, *, initial=0):
    """The revisit's change form as the admin sends it, with judgement rows
    (existing ones first, `initial` of them) and no area rows."""
    data = {
        "title": revisit.title,
        "slug": revisit.slug,
        "kind": revisit.kind,
        "on_site_from": revisit.on_site_from.isoformat(),
        "on_site_to": revisit.on_site_to.isoformat(),
        "published_on": "",
        "dates_note": "",
        "outcome": "",
        "summary": "",
        "revisit_of": revisit.revisit_of_id,
        "areas-TOTAL_FORMS": "0",
        "areas-INITIAL_FORMS": "0",
        "judgements-TOTAL_FORMS": str(len(rows)),
        "judgements-INITIAL_FORMS": str(initial),
    }
    for number, row in enumerate(rows):
        for name, value in row.items():
            data[f"judgements-{number}-{name}"] = value
        data[f"judgements-{number}-revisit"] = revisit.pk
    return data


def test_judgements_entered_on_the_revisit_page_are_announced_once_each(
    saved, revisit, area
):
    other = AreaFactory(inspection=area.inspection, slug="outcomes")
    url = reverse("admin:letters_inspection_change", args=[revisit.pk])

    saved(
        url,
        inspection_data(
            revisit,
            [
                {"area": area.pk, "judgement": Judgement.INSUFFICIENT},
                {"area": other.pk, "judgement": Judgement.SUFFICIENT},
            ],
        ),
    )
    assert sorted(a.topics[0] for a in announcements()) == [
        "area:outcomes",
        "area:waiting-times",
    ]
    rows = [
        {"id": j.pk, "area": j.area_id, "judgement": j.judgement}
        for j in ProgressJudgement.objects.order_by("pk")
    ]

    saved(url, inspection_data(revisit, rows, initial=2))  # unchanged
    assert len(announcements()) == 2

    rows[1]["judgement"] = Judgement.INSUFFICIENT
    saved(url, inspection_data(revisit, rows, initial=2))

    assert len(announcements()) == 3
    assert announcements()[0].topics == ["area:outcomes", "everything"]


def test_a_judgement_deleted_and_entered_again_the_same_is_not_news(revisit, area):
    first = services.judgement_save(
        judgement=ProgressJudgement(revisit=revisit, area=area, judgement="sufficient"),
        actor=None,
    )
    first.delete()

    services.judgement_save(
        judgement=ProgressJudgement(revisit=revisit, area=area, judgement="sufficient"),
        actor=None,
    )

    assert len(announcements()) == 1


def test_judgements_loaded_without_the_service_are_not_announced(area):
    JudgementFactory(area=area)

    assert announcements() == []


def test_the_followers_of_the_area_get_one_email(saved, revisit, area, mailoutbox):
    follow("parent@example.org", "area:waiting-times", "everything")
    follow("elsewhere@example.org", "area:outcomes")

    saved(ADD, fields(revisit, area))

    (message,) = mailoutbox
    assert message.to == ["parent@example.org"]
    assert message.subject == (
        "New judgement: Waiting times \u2013 not made sufficient progress"
    )
    assert area.get_absolute_url() in message.body
    assert "the area of weakness \u2018Waiting times\u2019" in message.body
    assert Delivery.objects.count() == 1
