"""The forum partner area: who may enter, what a partner sees (the anonymised,
shared versions only, with small counts suppressed), and sign-in."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.html import escape

from feedback import services
from feedback.models import Experience, ForumMember
from tests.factories import (
    HOSTILE,
    AreaFactory,
    ExperienceFactory,
    PublishedExperienceFactory,
    ResponseFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)

PASSWORD = "a-long-test-password"
SIGN_IN = "/partners/sign-in/"


@pytest.fixture
def awaiting_response(user_with_role, forum, area, theme):
    editor = user_with_role("Editor")
    response = ResponseFactory(forum=forum, areas=[area], themes=[theme])
    return services.response_send_for_sign_off(response=response, actor=editor)


def page_urls(response_pk):
    return [
        reverse("partners:home"),
        reverse("partners:experiences"),
        reverse("partners:notes"),
        reverse("partners:note-new"),
        reverse("partners:responses"),
        reverse("partners:response", kwargs={"pk": response_pk}),
        reverse("partners:response-answered", kwargs={"pk": response_pk}),
    ]


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


# Who may enter ---------------------------------------------------------------


def test_every_partner_page_sends_a_visitor_who_is_not_signed_in_to_sign_in(
    client, awaiting_response
):
    for url in page_urls(awaiting_response.pk):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{SIGN_IN}?next=")


def test_a_note_posted_by_someone_signed_out_is_not_stored(client, area):
    response = client.post(
        reverse("partners:note-new"),
        {"about": f"area:{area.slug}", "text": "A note"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)
    assert not area.forum_notes.exists()


@pytest.mark.parametrize(
    "role", ["Editor", "Moderator", "Safeguarding lead", "Analyst", "Administrator"]
)
def test_staff_without_the_partner_permission_or_a_forum_get_a_403_page(
    client, user_with_role, awaiting_response, role
):
    client.force_login(user_with_role(role, username=f"staff-{role}"))

    for url in page_urls(awaiting_response.pk):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You cannot see this page" in response.text
        assert 'class="govuk-heading-l"' in response.text


def test_a_superuser_who_is_not_in_a_forum_gets_a_403_page(
    client, django_user_model, awaiting_response
):
    client.force_login(
        django_user_model.objects.create_superuser("root", password=PASSWORD)
    )

    for url in page_urls(awaiting_response.pk):
        assert client.get(url).status_code == 403, url


def test_a_forum_partner_not_tied_to_a_forum_gets_a_403_page(
    client, user_with_role, awaiting_response
):
    client.force_login(user_with_role("Forum partner"))

    for url in page_urls(awaiting_response.pk):
        assert client.get(url).status_code == 403, url


def test_a_forum_member_without_the_partner_permissions_gets_a_403_page(
    client, django_user_model, forum, awaiting_response
):
    user = django_user_model.objects.create_user("member", password=PASSWORD)
    ForumMember.objects.create(user=user, forum=forum)
    client.force_login(user)

    for url in page_urls(awaiting_response.pk):
        assert client.get(url).status_code == 403, url


def test_a_member_who_may_read_but_not_sign_cannot_open_responses(
    client, django_user_model, forum, awaiting_response
):
    user = django_user_model.objects.create_user("reader", password=PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(codename="view_shared_experiences")
    )
    ForumMember.objects.create(user=user, forum=forum)
    client.force_login(user)

    assert client.get(reverse("partners:home")).status_code == 200
    assert client.get(reverse("partners:experiences")).status_code == 200
    detail = reverse("partners:response", kwargs={"pk": awaiting_response.pk})
    assert client.get(detail).status_code == 403
    assert client.post(detail, {"decision": "co-signed"}).status_code == 403
    assert not awaiting_response.sign_offs.exists()
    assert client.get(reverse("partners:note-new")).status_code == 403


def test_partner_pages_are_never_cached(partner_client):
    response = partner_client.get(reverse("partners:home"))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.text


# Signing in and out ----------------------------------------------------------


def test_a_partner_signs_in_and_lands_on_the_partner_area(client, partner):
    response = client.post(
        SIGN_IN, {"username": partner.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("partners:home")
    # The second factor comes next (tests/accounts/test_two_factor.py).
    home = client.get(reverse("partners:home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("partners-two-factor:set-up"))


def test_signing_in_goes_back_to_the_page_asked_for(client, partner):
    wanted = reverse("partners:experiences")
    login_page = client.get(wanted)["Location"]

    page = client.get(login_page)
    assert f'name="next" value="{wanted}"' in page.text
    response = client.post(
        login_page,
        {"username": partner.username, "password": PASSWORD, "next": wanted},
    )

    assert response["Location"] == wanted


def test_signing_in_never_goes_to_another_site(client, partner):
    response = client.post(
        SIGN_IN,
        {
            "username": partner.username,
            "password": PASSWORD,
            "next": "https://example.org/",
        },
    )

    assert response["Location"] == reverse("partners:home")


def test_the_sign_in_page_is_gov_uk_styled(client, db):
    response = client.get(SIGN_IN)

    assert response.status_code == 200
    assert title_of(response.text).startswith("Sign in to the partner area")
    assert 'class="govuk-input' in response.text
    assert 'autocomplete="current-password"' in response.text
    assert "autofocus" not in response.text


@pytest.mark.parametrize(
    ("answers", "messages"),
    [
        ({}, ["Enter your username", "Enter your password"]),
        ({"username": "forum-partner"}, ["Enter your password"]),
        (
            {"username": "forum-partner", "password": "not-the-password"},
            ["Enter a correct username and password"],
        ),
        (
            {"username": "forum\x00partner", "password": PASSWORD},
            ["Enter a correct username and password"],
        ),
        (
            {"username": "forum-partner\x1b", "password": PASSWORD},
            ["Enter a correct username and password"],
        ),
        (
            {"username": "x" * 10_000, "password": PASSWORD},
            ["Enter a correct username and password"],
        ),
        (
            {"username": "forum-partner", "password": "p" * 100_000},
            ["Enter a correct username and password"],
        ),
        (
            {"username": HOSTILE, "password": PASSWORD},
            ["Enter a correct username and password"],
        ),
    ],
    ids=[
        "empty",
        "no password",
        "wrong password",
        "NUL",
        "control",
        "huge username",
        "huge password",
        "html",
    ],
)
def test_a_refused_sign_in_says_why_and_keeps_the_username_only(
    client, partner, answers, messages, assert_harmless
):
    response = client.post(SIGN_IN, answers)

    assert response.status_code == 200
    assert title_of(response.text).startswith("Error: ")
    assert 'class="govuk-error-summary"' in response.text
    for message in messages:
        assert message in response.text
    assert "_auth_user_id" not in client.session
    if answers.get("password"):
        assert escape(answers["password"]) not in response.text
    username = answers.get("username", "")
    if username and "\x00" not in username and len(username) < 200:
        assert f'value="{escape(username)}"' in response.text
    assert_harmless(response.text)


def test_signing_out_is_a_post_and_signs_out(partner_client):
    assert partner_client.get(reverse("partners:sign-out")).status_code == 405

    response = partner_client.post(reverse("partners:sign-out"))

    assert response["Location"] == reverse("partners:sign-in")
    assert "You have signed out" in partner_client.get(response["Location"]).text
    assert partner_client.get(reverse("partners:home")).status_code == 302


# What a partner sees ---------------------------------------------------------


def test_a_partner_sees_only_moderated_versions_shared_with_forums(
    partner_client, area
):
    shown = PublishedExperienceFactory(
        areas=[area],
        what_happened="ORIGINAL-PUBLISHED words with a name in them",
        public_version="SHOWN-PUBLISHED: we waited a year.",
        consent_contact=True,
        contact_email="parent@example.org",
    )
    declined_but_shared = ExperienceFactory(
        areas=[area],
        status=Experience.Status.NOT_PUBLISHED,
        consent_publish=False,
        consent_share=True,
        what_happened="ORIGINAL-DECLINED story",
        public_version="SHOWN-DECLINED: shared, not published.",
        public_version_checked=True,
    )
    hidden = [
        # Declined while a safeguarding lead has still to decide.
        ExperienceFactory(
            areas=[area],
            status=Experience.Status.NOT_PUBLISHED,
            consent_share=True,
            safeguarding_flag=True,
            public_version="HIDDEN-AWAITING-SAFEGUARDING",
            public_version_checked=True,
        ),
        # A public version the check for personal details never passed.
        ExperienceFactory(
            areas=[area],
            status=Experience.Status.NOT_PUBLISHED,
            consent_share=True,
            public_version="HIDDEN-UNCHECKED: call 07700 900123",
        ),
        PublishedExperienceFactory(
            areas=[area], consent_share=False, public_version="HIDDEN-NO-CONSENT"
        ),
        ExperienceFactory(
            areas=[area],
            consent_share=True,
            status=Experience.Status.NEW,
            public_version="HIDDEN-NEW",
        ),
        ExperienceFactory(
            areas=[area],
            consent_share=True,
            status=Experience.Status.IN_REVIEW,
            public_version="HIDDEN-IN-REVIEW",
        ),
    ]

    page = partner_client.get(reverse("partners:experiences")).text

    assert "SHOWN-PUBLISHED: we waited a year." in page
    assert "SHOWN-DECLINED: shared, not published." in page
    assert "HIDDEN-" not in page
    assert "ORIGINAL-" not in page
    assert "parent@example.org" not in page
    for experience in [shown, declined_but_shared, *hidden]:
        assert experience.reference not in page
        assert experience.display_reference not in page
    assert "Waiting too long" in page  # the area, in plain words


def test_a_withdrawn_experience_vanishes_from_every_partner_page(
    partner_client, area, theme
):
    experiences = create_experiences_in_bulk(
        5,
        areas=[area],
        themes=[theme],
        factory_class=PublishedExperienceFactory,
        public_version="Shared words",
    )
    withdrawn = experiences[0]
    withdrawn.public_version = "SOON WITHDRAWN"
    withdrawn.save()
    home = reverse("partners:home")
    listing = reverse("partners:experiences") + f"?area={area.slug}"
    assert "SOON WITHDRAWN" in partner_client.get(listing).text
    assert ">5<" in partner_client.get(home).text

    services.experience_withdraw(experience=withdrawn)

    assert "SOON WITHDRAWN" not in partner_client.get(listing).text
    assert "Fewer than 5 experiences" in partner_client.get(listing).text
    page = partner_client.get(home).text
    assert ">5<" not in page
    assert "Fewer than 5 shared experiences" in page


def test_counts_under_five_read_fewer_than_5(partner_client, area, theme):
    create_experiences_in_bulk(
        4, areas=[area], themes=[theme], factory_class=PublishedExperienceFactory
    )

    home = partner_client.get(reverse("partners:home")).text
    listing = partner_client.get(
        reverse("partners:experiences") + f"?theme={theme.slug}"
    ).text

    assert "Fewer than 5 shared experiences" in home
    assert home.count("fewer than 5") >= 2  # the area's row and the theme's row
    assert not re.search(r">\s*4\s*<", home)
    assert "Fewer than 5 experiences" in listing


def test_counts_of_five_or_more_are_shown(partner_client, area, theme):
    create_experiences_in_bulk(
        1234, areas=[area], themes=[theme], factory_class=PublishedExperienceFactory
    )

    home = partner_client.get(reverse("partners:home")).text
    listing = partner_client.get(
        reverse("partners:experiences") + f"?area={area.slug}"
    ).text

    assert "1,234 shared experiences" in home
    assert "1,234 experiences" in listing


def test_the_home_page_links_each_count_to_its_list(partner_client, area, theme):
    PublishedExperienceFactory(areas=[area], themes=[theme])

    page = partner_client.get(reverse("partners:home")).text

    assert f'href="/partners/experiences/?area={area.slug}"' in page
    assert f'href="/partners/experiences/?theme={theme.slug}"' in page


def test_experiences_filter_by_area_and_theme(partner_client, area, theme):
    other_area = AreaFactory()
    PublishedExperienceFactory(areas=[area], themes=[theme], public_version="BOTH")
    PublishedExperienceFactory(areas=[area], public_version="AREA-ONLY")
    PublishedExperienceFactory(areas=[other_area], public_version="ELSEWHERE")
    url = reverse("partners:experiences")

    by_area = partner_client.get(url + f"?area={area.slug}").text
    by_theme = partner_client.get(url + f"?theme={theme.slug}").text
    by_both = partner_client.get(url + f"?area={area.slug}&theme={theme.slug}").text

    assert "BOTH" in by_area and "AREA-ONLY" in by_area
    assert "ELSEWHERE" not in by_area
    assert "BOTH" in by_theme and "AREA-ONLY" not in by_theme
    assert "BOTH" in by_both and "AREA-ONLY" not in by_both
    assert "Shared experiences about Waiting too long" in by_area


@pytest.mark.parametrize(
    "query",
    ["area=no-such-area", "theme=%00", "area=%3Cscript%3E", "area=a%00b&theme=x"],
)
def test_an_unknown_filter_says_so_and_shows_every_shared_experience(
    partner_client, area, query, assert_harmless
):
    PublishedExperienceFactory(areas=[area], public_version="STILL LISTED")

    response = partner_client.get(reverse("partners:experiences") + "?" + query)

    assert response.status_code == 200
    assert title_of(response.text).startswith("Error: ")
    assert "from the list" in response.text
    assert "STILL LISTED" in response.text
    assert_harmless(response.text)


def test_the_list_of_shared_experiences_is_paginated(partner_client, area):
    create_experiences_in_bulk(
        45, areas=[area], factory_class=PublishedExperienceFactory
    )
    url = reverse("partners:experiences")

    first = partner_client.get(url + f"?area={area.slug}").text
    last = partner_client.get(url + f"?area={area.slug}&page=3").text
    beyond = partner_client.get(url + "?page=999")

    assert first.count('class="govuk-summary-card__title"') == 20
    assert last.count('class="govuk-summary-card__title"') == 5
    assert f"?area={area.slug}&amp;page=2" in first
    assert beyond.status_code == 200


def test_hostile_text_on_partner_pages_is_harmless(
    partner_client, partner, forum, assert_harmless
):
    area = AreaFactory(short_title=HOSTILE, plain_title=HOSTILE)
    theme = ThemeFactory(name=HOSTILE)
    PublishedExperienceFactory(areas=[area], themes=[theme], public_version=HOSTILE)
    services.forum_note_add(actor=partner, text=HOSTILE, area=area)
    response = ResponseFactory(
        forum=forum,
        title=HOSTILE,
        heard=HOSTILE,
        doing=HOSTILE,
        doing_by=HOSTILE,
        areas=[area],
        themes=[theme],
    )
    response.status = response.Status.AWAITING_SIGN_OFF
    response.save()

    for url in [
        reverse("partners:home"),
        reverse("partners:experiences") + f"?area={area.slug}",
        reverse("partners:notes"),
        reverse("partners:responses"),
        reverse("partners:response", kwargs={"pk": response.pk}),
    ]:
        page = partner_client.get(url)
        assert page.status_code == 200, url
        assert escape(HOSTILE) in page.text, url
        assert_harmless(page.text)
