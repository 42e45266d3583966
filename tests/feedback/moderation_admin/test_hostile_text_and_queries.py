"""The moderation page shows any text harmless and takes a constant number of
queries."""

import re

import pytest
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback import services
from feedback.models import Experience
from feedback.moderation_forms import PUBLIC_VERSION_MAX
from tests.factories import (
    HOSTILE,
    ExperienceFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)
from tests.feedback.moderation_admin.helpers import (
    change_url,
    claimed,
    decision,
    moderate_url,
)

pytestmark = pytest.mark.django_db


def test_hostile_text_is_shown_harmless(moderator_client, moderator, assert_harmless):
    experience = claimed(
        ExperienceFactory(what_happened=HOSTILE, what_would_help=HOSTILE), moderator
    )
    saved = moderator_client.post(
        moderate_url(experience), decision(experience, "save", public_version=HOSTILE)
    )
    refused = moderator_client.post(
        moderate_url(experience),
        decision(
            experience,
            "decline",
            public_version=HOSTILE,
            decline_reason="other",
            decline_note=HOSTILE * 500,
        ),
    )
    moderator_client.post(
        moderate_url(experience),
        decision(experience, "decline", decline_reason="other", decline_note=HOSTILE),
    )
    moderator_client.post(
        moderate_url(experience), {"action": "flag", "flag-why": HOSTILE}
    )

    assert saved.status_code == 302
    assert "characters or fewer" in refused.text
    for page in [
        refused,
        moderator_client.get(moderate_url(experience)),
        moderator_client.get(change_url(experience)),
    ]:
        assert page.status_code == 200
        assert_harmless(page.text)
    assert escape(HOSTILE) in moderator_client.get(change_url(experience)).text


HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1),
    st.sampled_from(
        [
            HOSTILE,
            "\x00",
            "a\x00b",
            "\x7f\x1b[31m",
            "\r\n" * 3000,
            "\ufeff",
            "a" * PUBLIC_VERSION_MAX,
            "a" * (PUBLIC_VERSION_MAX + 1),
        ]
    ),
)


@HYPOTHESIS
@given(text=ANY_TEXT)
def test_any_public_version_gets_a_page_and_no_control_characters(
    moderator_client, moderator, assert_harmless, text
):
    experience = Experience.objects.filter(claimed_by=moderator).first() or claimed(
        ExperienceFactory(), moderator
    )

    response = moderator_client.post(
        moderate_url(experience), decision(experience, "save", public_version=text)
    )

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "There is a problem" in response.text
        assert_harmless(response.text)
    saved = Experience.objects.get(pk=experience.pk).public_version
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", saved)


@pytest.mark.parametrize("count", [10, 2000])
def test_the_moderation_page_runs_a_constant_number_of_queries(
    moderator_client, moderator, count, django_assert_max_num_queries
):
    themes = ThemeFactory.create_batch(5)
    create_experiences_in_bulk(count, themes=themes)
    experience = claimed(ExperienceFactory(themes=themes), moderator)
    services.experience_flag(experience=experience, actor=moderator, why="Worry.")

    # Two more than before each: the audit row for reading the original, and
    # the device that gave the second factor.
    with django_assert_max_num_queries(13):
        page = moderator_client.get(moderate_url(experience))
    with django_assert_max_num_queries(18):
        refused = moderator_client.post(
            moderate_url(experience), decision(experience, "publish")
        )
    with django_assert_max_num_queries(13):
        moderator_client.get(change_url(experience))

    assert page.status_code == refused.status_code == 200
