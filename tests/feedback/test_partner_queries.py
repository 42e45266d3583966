"""Every partner page runs as many queries for 2,000 shared experiences as for
10: nothing on them costs a query per experience, note or response."""

import pytest
from django.urls import reverse

from feedback import services
from tests.factories import (
    AreaFactory,
    ExperienceFactory,
    ForumFactory,
    PublishedExperienceFactory,
    ResponseFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)

# Page: (its URL, given the scene; the most queries it may run). Six of them
# are the same on every page: the session, the user, the device that gave the
# second factor, the user's and their groups' permissions, and their forum.
PAGES = {
    # The home page counts what awaits the forum: responses, done actions,
    # consultation drafts to review and outcomes to sign (one query each).
    "home": (lambda scene: reverse("partners:home"), 17),
    "experiences": (lambda scene: reverse("partners:experiences"), 12),
    "experiences by area": (
        lambda scene: reverse("partners:experiences") + f"?area={scene['area'].slug}",
        13,
    ),
    "experiences by theme": (
        lambda scene: (
            reverse("partners:experiences") + f"?theme={scene['theme'].slug}&page=2"
        ),
        13,
    ),
    "notes": (lambda scene: reverse("partners:notes"), 8),
    "new note": (lambda scene: reverse("partners:note-new"), 8),
    "responses": (lambda scene: reverse("partners:responses"), 8),
    "response": (
        lambda scene: reverse("partners:response", kwargs={"pk": scene["signed"].pk}),
        11,
    ),
    "answered": (
        lambda scene: reverse(
            "partners:response-answered", kwargs={"pk": scene["signed"].pk}
        ),
        8,
    ),
}


@pytest.fixture(params=[10, 2000], ids=lambda count: f"{count} experiences")
def scene(request, user_with_role):
    """`count` shared experiences (and as many hidden ones), each in several
    areas and themes; notes and responses in proportion."""
    count = request.param
    forum = ForumFactory()
    partner = user_with_role("Forum partner", forum=forum)
    editor = user_with_role("Editor")
    areas = AreaFactory.create_batch(3)
    themes = ThemeFactory.create_batch(3)
    create_experiences_in_bulk(
        count, areas=areas, themes=themes, factory_class=PublishedExperienceFactory
    )
    create_experiences_in_bulk(count, areas=areas, factory_class=ExperienceFactory)
    for number in range(count // 100 + 3):
        services.forum_note_add(
            actor=partner, text=f"Note {number}", area=areas[number % 3]
        )
        services.forum_note_add(
            actor=partner, text=f"Theme note {number}", theme=themes[number % 3]
        )
    responses = [
        services.response_send_for_sign_off(
            response=ResponseFactory(forum=forum, areas=areas, themes=themes),
            actor=editor,
        )
        for _ in range(count // 200 + 3)
    ]
    for response in responses[1:]:
        services.response_sign_off(
            response=response, actor=partner, decision="dissent", note="No."
        )
    return {
        "partner": partner,
        "area": areas[0],
        "theme": themes[0],
        "signed": responses[-1],
    }


def test_every_partner_page_runs_a_constant_number_of_queries(
    client, scene, django_assert_max_num_queries
):
    """One scene for all the pages: building 2,000 experiences took longer
    than asking for every page."""
    client.force_login(scene["partner"])

    for page, (url, most) in PAGES.items():
        with django_assert_max_num_queries(most, info=f"the {page} page"):
            response = client.get(url(scene))

        assert response.status_code == 200, page


def test_the_sign_in_page_runs_a_constant_number_of_queries(
    client, scene, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        page = client.get(reverse("partners:sign-in"))
    # Looking up the user, then the failure's security event: the account it
    # names, and the row.
    with django_assert_max_num_queries(3):
        refused = client.post(
            reverse("partners:sign-in"),
            {"username": scene["partner"].username, "password": "wrong"},
        )

    assert page.status_code == refused.status_code == 200
