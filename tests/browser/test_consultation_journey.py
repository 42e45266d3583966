"""Answering a consultation in a browser (issue 14): on a 320 px phone with
JavaScript on and off, every page passes axe and fits, a refused page says
why, and the answers are stored once with a reference."""

import pytest
from django.core.cache import cache

from consultations.models import ConsultationResponse
from tests.browser.consultation_steps import PHONE, answer_every_kind, phone_check
from tests.consultations.builders import every_kind

pytestmark = [pytest.mark.browser, pytest.mark.long]


@pytest.fixture
def consultation(site):
    cache.clear()  # no earlier sends counted against the rate limit
    consultation, _made, _area = every_kind(title="Short breaks: a new offer")
    return consultation


@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_a_parent_answers_on_a_phone(
    javascript, consultation, new_page, assert_accessible
):
    page = new_page(
        java_script_enabled=javascript, viewport={"width": PHONE, "height": 740}
    )
    check = phone_check(assert_accessible, javascript)
    page.goto(consultation.get_absolute_url())
    check(page)
    reference = answer_every_kind(
        page, check, javascript=javascript, email="parent@example.org"
    )
    stored = ConsultationResponse.objects.get()
    assert stored.display_reference == reference
    assert stored.answers.count() == 6
    assert stored.contact_email == "parent@example.org"
