"""The moderation queue in the staff admin: order, what it shows, search and
queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback import services
from feedback.models import Experience
from tests.factories import (
    ExperienceFactory,
    PublishedExperienceFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)
from tests.feedback.moderation_admin.helpers import QUEUE, claimed, references_in

pytestmark = pytest.mark.django_db

# The queue ----------


def test_the_queue_puts_undecided_flags_first_then_the_oldest(moderator_client):
    now = timezone.now()

    def submitted(days_ago, **fields):
        return ExperienceFactory(submitted_at=now - timedelta(days=days_ago), **fields)

    newest = submitted(1)
    oldest = submitted(9)
    flagged_recently = submitted(2, safeguarding_flag=True)
    flagged_long_ago = submitted(5, safeguarding_flag=True)
    decided = submitted(
        7,
        safeguarding_flag=True,
        safeguarding_decision=Experience.SafeguardingDecision.NO_CONCERN,
    )
    PublishedExperienceFactory(submitted_at=now - timedelta(days=20))

    response = moderator_client.get(QUEUE)

    expected = [flagged_long_ago, flagged_recently, oldest, decided, newest]
    assert references_in(response.text) == [e.display_reference for e in expected]
    assert list(Experience.objects.moderation_queue()) == expected


def test_the_queue_shows_every_status_when_asked(moderator_client):
    waiting = ExperienceFactory()
    published = PublishedExperienceFactory()

    default = references_in(moderator_client.get(QUEUE).text)
    every = references_in(moderator_client.get(QUEUE, {"status": "all"}).text)
    only_published = references_in(
        moderator_client.get(QUEUE, {"status": "published"}).text
    )

    assert default == [waiting.display_reference]
    assert set(every) == {waiting.display_reference, published.display_reference}
    assert only_published == [published.display_reference]


def test_the_queue_shows_claims_flags_and_consent(moderator_client, moderator):
    claimed(ExperienceFactory(consent_publish=False, safeguarding_flag=True), moderator)

    html = moderator_client.get(QUEUE).text

    for heading in [
        "Reference",
        "Submitted",
        "Status",
        "Claimed by",
        "Safeguarding flag",
        "Consent to publish",
    ]:
        assert heading in html
    assert 'class="field-claimed">moderator<' in html
    assert "Awaiting decision" in html
    assert 'class="field-consent_to_publish">No<' in html
    assert ">Moderate<" in html
    sorted_by_flag = moderator_client.get(QUEUE, {"o": "-5"})
    assert sorted_by_flag.status_code == 200


def test_a_lapsed_claim_shows_as_lapsed_in_the_queue(
    moderator_client, moderator, travel_to
):
    start = timezone.now()
    travel_to(start)
    claimed(ExperienceFactory(), moderator)
    travel_to(start + timedelta(minutes=services.CLAIM_MINUTES + 1))

    assert "moderator (lapsed)" in moderator_client.get(QUEUE).text


def test_the_queue_is_searched_by_reference_as_it_is_read_out(moderator_client):
    wanted = ExperienceFactory(reference="ACDEFGHJ")
    ExperienceFactory(reference="KMNPQRTU")

    found = references_in(moderator_client.get(QUEUE, {"q": "acde-fghj"}).text)

    assert found == [wanted.display_reference]


@pytest.mark.parametrize("count", [10, 2000])
def test_the_queue_runs_a_constant_number_of_queries(
    moderator_client, moderator, count, django_assert_max_num_queries
):
    theme = ThemeFactory()
    create_experiences_in_bulk(count, themes=[theme])
    create_experiences_in_bulk(count // 2, safeguarding_flag=True)
    claimed(Experience.objects.first(), moderator)

    with django_assert_max_num_queries(12):
        response = moderator_client.get(QUEUE)
    with django_assert_max_num_queries(12):
        moderator_client.get(QUEUE, {"status": "all", "safeguarding": "awaiting"})

    assert response.status_code == 200
