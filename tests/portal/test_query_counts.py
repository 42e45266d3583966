"""Every public page runs as many queries for 200 letters as for 3."""

import pytest
from django.urls import reverse

from letters.models import AreaOfWeakness, Inspection, Letter, Organisation
from letters.views import AREA_LETTERS
from portal.search import RESULTS_LIMIT
from tests.area_page import AREA_PAGE_QUERIES
from tests.factories import create_letters_in_bulk

REVISIT = "kent-local-area-send-revisit-2022"
REVISIT_LETTER = "ofsted-cqc-revisit-letter-kent-2022"
AREA = "outcomes"

# Page: (its URL, given one of the added letters; the most queries it may run).
# The limits are what each page runs today; the same limit holds at 3 letters
# and at 200, so a query per letter anywhere on a page breaks it.
PAGES = {
    # Letters, their senders, areas, judgements; the latest revisit and the
    # plans, inspections and letters since it; the consultations open now.
    "home": (lambda reply: reverse("home"), 9),
    "glossary": (lambda reply: reverse("glossary"), 0),
    "letter list": (lambda reply: reverse("letters:list"), 7),
    "letter with replies": (
        lambda reply: reverse("letters:detail", kwargs={"slug": REVISIT_LETTER}),
        8,
    ),
    "reply": (lambda reply: reply.get_absolute_url(), 8),
    "inspection": (
        lambda reply: reverse("letters:inspection", kwargs={"slug": REVISIT}),
        7,
    ),
    "areas": (lambda reply: reverse("letters:areas"), 3),
    "area": (
        lambda reply: reverse("letters:area", kwargs={"slug": AREA}),
        AREA_PAGE_QUERIES,
    ),
    "search": (lambda reply: reverse("search") + "?q=waiting", 7),
    "feed": (lambda reply: reverse("letters:feed"), 2),
    "area feed": (
        lambda reply: reverse("letters:area-feed", kwargs={"slug": AREA}),
        3,
    ),
    "sitemap index": (lambda reply: reverse("sitemap"), 10),
    "letters sitemap": (
        lambda reply: reverse("sitemap-section", kwargs={"section": "letters"}),
        10,
    ),
}
# Pages that list every one of the added letters, however many.
LIST_EVERY_REPLY = {"letter with replies", "inspection", "letters sitemap"}


@pytest.fixture(params=[3, 200], ids=lambda count: f"{count} letters")
def reply(request, seeded):
    """The seed content plus 3 or 200 letters that answer the revisit letter,
    about its inspection and one area, all matching the search for 'waiting'.
    Returns the first of them."""
    letters = create_letters_in_bulk(
        request.param,
        senders=Organisation.objects.filter(
            slug__in=["kent-county-council", "nhs-kent-and-medway"]
        ),
        areas=[AreaOfWeakness.objects.get(slug=AREA)],
        inspection=Inspection.objects.get(slug=REVISIT),
        in_reply_to=Letter.objects.get(slug=REVISIT_LETTER),
        body="Families are waiting too long.",
    )
    return letters[0]


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_a_constant_number_of_queries(
    client, reply, page, django_assert_max_num_queries
):
    url, most = PAGES[page]

    with django_assert_max_num_queries(most):
        response = client.get(url(reply))

    assert response.status_code == 200
    if page in LIST_EVERY_REPLY:
        assert reply.get_absolute_url() in response.text
    if page == "search":
        # Search shows the best matches, up to a limit, newest first on a tie.
        newest = Letter.objects.published().order_by("-date", "-pk").first()
        assert newest.get_absolute_url() in response.text
        if Letter.objects.published().count() > RESULTS_LIMIT:
            assert "best matches" in response.text
    if page == "area":
        # The area page shows the latest letters and links to all of them.
        count = Letter.objects.on_record().filter(areas__slug=AREA).count()
        if count > AREA_LETTERS:
            assert f"See all {count} letters about this area" in response.text
        else:
            assert reply.get_absolute_url() in response.text
