"""Plain words on the public pages: the glossary, abbreviations spelled out
where a page first uses them, and a home page that says where things stand."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from core.glossary import TERMS, PageTerms
from letters.models import AreaOfWeakness
from tests.sitemaps import whole_sitemap

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# The glossary


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("app", "Accelerated Progress Plan"),
        ("wsoa", "Written Statement of Action"),
        ("camhs", "Child and adolescent mental health services"),
        ("ehc", "education, health and care"),
        ("icb", "Integrated care board"),
        ("pact", "Parents and Carers Together"),
        ("local-offer", "Local Offer"),
        ("provisional", "Provisional"),
        ("send", "special educational needs and disabilities"),
    ],
)
def test_the_glossary_explains_each_term_under_an_id_to_link_to(client, slug, words):
    response = client.get(reverse("glossary"))

    assert response.status_code == 200
    html = response.content.decode()
    entry = html[html.index(f'id="{slug}"') :]
    assert words.casefold() in entry[:800].casefold()


def test_every_glossary_term_has_its_own_id(client):
    html = client.get(reverse("glossary")).content.decode()

    for term in TERMS:
        assert html.count(f'id="{term.slug}"') == 1


def test_the_sitemap_lists_the_glossary(client):
    assert "/glossary/" in whole_sitemap(client)


# Spelling out and linking


def test_an_abbreviation_is_spelled_out_and_linked_the_first_time_only():
    page = PageTerms()

    first = page.explain("The EHC process")
    later = page.explain("EHC plans")

    assert first == (
        'The <a class="govuk-link" href="/glossary/#ehc">'
        "education, health and care (EHC)</a> process"
    )
    assert later == "EHC plans"


def test_a_name_written_out_does_not_stand_in_for_its_abbreviation():
    page = PageTerms()

    page.explain("Written Statement of Action (2019)")

    assert (
        page.explain("WSoA 1.1", link=False) == "Written Statement of Action (WSoA) 1.1"
    )


def test_a_term_inside_a_link_is_spelled_out_but_not_linked_again():
    page = PageTerms()

    assert page.explain("CAMHS", link=False) == (
        "child and adolescent mental health services (CAMHS)"
    )
    assert 'href="/glossary/#camhs"' in page.explain("CAMHS front door")


def test_an_abbreviation_the_text_already_spells_out_is_only_linked():
    explained = PageTerms().explain("mental health services (CAMHS) for children")

    assert explained == (
        'mental health services (<a class="govuk-link" href="/glossary/#camhs">'
        "CAMHS</a>) for children"
    )


def test_explained_text_is_escaped():
    explained = PageTerms().explain('<script>alert("APP")</script>')

    assert "<script>" not in explained
    assert "&lt;script&gt;" in explained


def test_one_page_shares_what_it_has_explained_across_its_includes():
    template = Template("{% load glossary %}{% explain first %}|{% explain second %}")
    request = RequestFactory().get("/")
    context = Context({"first": "ICB", "second": "ICB"})
    context.request = request

    first, second = template.render(context).split("|")

    assert "integrated care board (ICB)" in first
    assert second == "ICB"


def test_an_area_page_spells_out_its_title_and_leaves_the_finding_as_quoted(
    client, seeded
):
    area = AreaOfWeakness.objects.get(slug="ehc-process")

    html = client.get(area.get_absolute_url()).content.decode()

    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "education, health and care (EHC) process" in h1
    quote = re.search(r"<blockquote[^>]*>(.*?)</blockquote>", html, re.S).group(1)
    assert quote.strip() == area.finding


# The home page


def test_the_home_page_says_where_things_stand_from_the_record(client, seeded):
    response = client.get(reverse("home"))

    text = text_of(response)
    assert "Where things stand now" in text
    assert "Inspectors last checked the nine areas of weakness in September 2022" in (
        text
    )
    assert "Not made sufficient progress: 9 of 9 areas" in text
    # What happened since comes from the plans in the database.
    assert "What has happened since" in text
    assert "the Improvement Notice was lifted on 6 August 2024" in text
    assert text.count("Not made sufficient progress") == 1
    assert "Since that visit, 3 letters have been published here." in text


def test_the_home_page_links_to_progress_and_you_said_we_did_in_its_body(
    client, seeded
):
    html = client.get(reverse("home")).content.decode()

    main = html[html.index("<main") :]
    assert f'href="{reverse("plans:index")}"' in main
    assert f'href="{reverse("feedback:responses")}"' in main
    assert f'href="{reverse("glossary")}"' in main


def test_the_home_page_without_a_revisit_says_so(client, db):
    text = text_of(client.get(reverse("home")))

    assert "Inspectors have not yet been back to check the areas of weakness." in text


def test_an_inspection_page_spells_out_send_once(client, seeded):
    html = client.get(
        reverse("letters:inspection", kwargs={"slug": "kent-local-area-send-2019"})
    ).content.decode()

    main = html[html.index("<main") :]
    assert main.count("special educational needs and disabilities (SEND)") == 1
    assert 'href="/glossary/#send"' in main


def test_a_letter_keeps_its_own_title(client, seeded):
    html = client.get(
        reverse(
            "letters:detail", kwargs={"slug": "ofsted-cqc-revisit-letter-kent-2022"}
        )
    ).content.decode()

    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "(SEND)" not in h1 and "(CQC)" not in h1
