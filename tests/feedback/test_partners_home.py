"""The partner area's home page: what awaits the forum first, counts that
say "none" for nothing, a summary of the shared experiences instead of a row
per area and theme, and a header that stays inside the partner area.

Finding reproduced: the home page was twenty rows of "fewer than 5", zeros
included; it did not say what awaited the forum (drafts to co-sign, done
actions to answer); and its header led back to the public site.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from feedback import services
from plans import services as plan_services
from plans.models import Action, ImprovementPlan
from tests import nu
from tests.factories import (
    AreaFactory,
    PublishedExperienceFactory,
    ResponseFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)

pytestmark = pytest.mark.django_db
HOME = reverse("partners:home")


@pytest.fixture
def editor(user_with_role):
    return user_with_role("Editor", username="editor")


def send_for_sign_off(editor, forum, title):
    response = ResponseFactory(forum=forum, title=title)
    return services.response_send_for_sign_off(response=response, actor=editor)


def done_actions(count):
    plan = ImprovementPlan.objects.create(
        title="Accelerated Progress Plan",
        short_name="APP",
        slug="app",
        kind=ImprovementPlan.Kind.APP,
    )
    return [
        Action.objects.create(
            plan=plan,
            reference=f"APP 1.{number}",
            title=f"Action {number}",
            status=Action.Status.DONE,
        )
        for number in range(1, count + 1)
    ]


def waiting_part(page: str) -> str:
    """The "waiting for your forum" part of the home page."""
    return re.search(r'<dl class="govuk-summary-list"[^>]*>(.*?)</dl>', page, re.S)[1]


def row(part: str, key: str) -> str:
    """The text of a summary list row, its tags removed."""
    found = re.search(rf"<dt[^>]*>\s*{re.escape(key)}\s*</dt>(.*?)</div>", part, re.S)
    assert found, key
    return " ".join(re.sub(r"<[^>]+>", " ", found[1]).split())


def test_the_home_page_says_first_what_awaits_the_forum(
    partner_client, partner, forum, editor
):
    first = send_for_sign_off(editor, forum, "Assessments take too long")
    second = send_for_sign_off(editor, forum, "Transport to school")
    answered = send_for_sign_off(editor, forum, "Already answered")
    services.response_sign_off(
        response=answered, actor=partner, decision="co-signed", note=""
    )
    actions = done_actions(3)
    plan_services.confirmation_record(
        action=actions[0], actor=partner, verdict="agreed"
    )

    page = partner_client.get(HOME).text

    waiting = waiting_part(page)
    main = page[page.index("<main") :]
    assert main.index("Waiting for Kent PACT") < main.index("Shared experiences")
    responses = row(waiting, "Draft responses to co-sign")
    assert responses.startswith("2 ")
    assert "Assessments take too long" in responses and "Already" not in responses
    assert f'href="{reverse("partners:response", kwargs={"pk": first.pk})}"' in waiting
    assert f'href="{reverse("partners:response", kwargs={"pk": second.pk})}"' in waiting
    assert 'href="/partners/responses/"' in waiting
    assert row(waiting, "Done actions to agree or dispute").startswith("2 ")
    assert 'href="/partners/actions/"' in waiting


def test_nothing_waiting_reads_none(partner_client):
    waiting = waiting_part(partner_client.get(HOME).text)

    assert row(waiting, "Draft responses to co-sign").startswith("None")
    assert row(waiting, "Done actions to agree or dispute").startswith("None")


def test_no_shared_experiences_reads_as_none_not_fewer_than_5(partner_client):
    AreaFactory.create_batch(20)
    ThemeFactory.create_batch(5)

    page = partner_client.get(HOME).text

    assert "fewer than 5 shared" not in page.lower()
    assert "No experiences have been shared with forums yet" in page
    assert "<table" not in page


def test_counts_are_summarised_not_a_row_per_area(partner_client):
    busy = AreaFactory(short_title="Waiting times", plain_title="Waiting too long")
    quiet = AreaFactory(short_title="Transport", plain_title="Getting to school")
    AreaFactory.create_batch(18)
    create_experiences_in_bulk(
        7, areas=[busy], factory_class=PublishedExperienceFactory
    )
    PublishedExperienceFactory(areas=[quiet])

    page = partner_client.get(HOME).text

    assert "8 shared experiences" in page
    table = re.search(r"<table.*?</table>", page, re.S)[0]
    assert table.count("<tr") == 2  # the header and the one busy area
    assert "Waiting too long" in table and ">7<" in table
    assert "1 area with fewer than 5 shared experiences each" in page
    assert f'href="/partners/experiences/?area={quiet.slug}"' in page
    assert "18 areas with none yet" in page
    assert page.lower().count("fewer than 5") <= 3


def test_an_area_with_no_shared_experiences_lists_none_not_fewer_than_5(
    partner_client, forum, editor
):
    area = AreaFactory()
    response = send_for_sign_off(editor, forum, "Nobody asked yet")
    response.experience_count = 0
    response.save(update_fields=["experience_count"])

    listing = partner_client.get(
        reverse("partners:experiences") + f"?area={area.slug}"
    ).text
    detail = partner_client.get(
        reverse("partners:response", kwargs={"pk": response.pk})
    ).text

    assert 'id="count">No experiences<' in listing
    assert "Fewer than 5 experiences" not in listing
    assert re.search(r'id="experience-count">None<', detail)


def test_the_header_stays_inside_the_partner_area(partner_client):
    page = partner_client.get(HOME).text

    header = re.search(r"<header.*?</header>", page, re.S)[0]
    # The beta banner's "Tell us what you think" is the only other way out.
    header = header[: header.index('class="govuk-phase-banner"')]
    links = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', header, re.S)
    outside = [
        (href, text) for href, text in links if not href.startswith("/partners/")
    ]
    assert [href for href, _ in outside] == ["/"]
    assert "public site" in outside[0][1].lower()
    for page_url in [
        "/partners/experiences/",
        "/partners/notes/",
        "/partners/actions/",
    ]:
        assert f'href="{page_url}"' in header
    assert 'action="/partners/sign-out/"' in header
    assert 'aria-current="page"' in header


def test_the_header_marks_the_section_of_a_page_below_it(partner_client, forum, editor):
    response = send_for_sign_off(editor, forum, "Assessments take too long")

    page = partner_client.get(reverse("partners:response", kwargs={"pk": response.pk}))

    header = re.search(r"<header.*?</header>", page.text, re.S)[0]
    current = re.search(r'<a [^>]*href="([^"]+)"[^>]*aria-current', header)
    assert current[1] == "/partners/responses/"


def test_the_header_offers_only_the_pages_the_partner_may_use(partner_client, partner):
    from django.contrib.auth.models import Permission

    group = partner.groups.get()
    group.permissions.remove(Permission.objects.get(codename="confirm_action"))

    header = re.search(r"<header.*?</header>", partner_client.get(HOME).text, re.S)[0]

    assert 'href="/partners/actions/"' not in header
    assert "Done actions to agree" not in partner_client.get(HOME).text


def test_the_partner_pages_have_no_nu_errors(
    nu_checker, partner_client, partner, forum, editor, user_with_role
):
    pages = {"home-with-nothing": partner_client.get(HOME).text}
    area = AreaFactory()
    AreaFactory.create_batch(3)
    create_experiences_in_bulk(
        6, areas=[area], factory_class=PublishedExperienceFactory
    )
    PublishedExperienceFactory(areas=[AreaFactory()])
    response = send_for_sign_off(editor, forum, "Assessments take too long")
    (action,) = done_actions(1)
    services.forum_note_add(actor=partner, text="A note", area=area)
    for name, url in {
        "home": HOME,
        "experiences": reverse("partners:experiences"),
        "experiences-error": reverse("partners:experiences") + "?area=none",
        "notes": reverse("partners:notes"),
        "note-new": reverse("partners:note-new"),
        "responses": reverse("partners:responses"),
        "response": reverse("partners:response", kwargs={"pk": response.pk}),
        "answered": reverse("partners:response-answered", kwargs={"pk": response.pk}),
        "actions": reverse("partner-actions:list"),
        "action": reverse("partner-actions:action", kwargs={"pk": action.pk}),
    }.items():
        pages[name] = partner_client.get(url).text
    pages["note-error"] = partner_client.post(reverse("partners:note-new")).text
    moderator = Client()
    moderator.force_login(user_with_role("Moderator"))
    pages["forbidden"] = moderator.get(HOME).text

    errors = nu.page_errors(nu_checker, pages)

    assert not errors, "\n".join(errors)
