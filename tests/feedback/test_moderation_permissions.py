"""Every moderation, safeguarding and contact-details page and POST is refused,
on the server, to each role without its permission."""

import pytest
from django.urls import reverse

from feedback.models import Experience, ExperienceEvent
from tests.factories import ExperienceFactory, ForumFactory

pytestmark = pytest.mark.django_db

ROLES = ["Moderator", "Safeguarding lead", "Analyst", "Editor", "Forum partner"]
# Who may use each page: everyone else is refused.
ALLOWED = {
    "moderate": {"Moderator"},
    "safeguarding": {"Safeguarding lead"},
    "contact_details": {"Moderator", "Safeguarding lead"},
}
POSTS = {
    "moderate": [
        {"action": "claim"},
        {"action": "release"},
        {"action": "save", "version": "1", "public_version": "Text."},
        {"action": "publish", "version": "1", "public_version": "Text."},
        {"action": "decline", "version": "1", "decline_reason": "duplicate"},
        {"action": "flag", "flag-why": "A worry."},
    ],
    "safeguarding": [{"decision": "no-concern", "no_concern_why": "None."}],
    "contact_details": [{}],
}
REFUSALS = [
    (role, page, data)
    for page, posts in POSTS.items()
    for role in ROLES
    if role not in ALLOWED[page]
    for data in [None, *posts]
]


@pytest.fixture
def experience():
    return ExperienceFactory(
        safeguarding_flag=True,
        consent_contact=True,
        contact_email="parent@example.org",
    )


def sign_in(client, user_with_role, role):
    forum = ForumFactory() if role == "Forum partner" else None
    user = user_with_role(role, forum=forum)
    client.force_login(user)
    return user


@pytest.mark.parametrize(("role", "page", "data"), REFUSALS)
def test_a_role_without_the_permission_is_refused(
    client, user_with_role, experience, role, page, data
):
    user = sign_in(client, user_with_role, role)
    url = reverse(f"admin:feedback_experience_{page}", args=[experience.pk])

    response = client.get(url) if data is None else client.post(url, data)

    if user.is_staff:
        assert response.status_code == 403
    else:
        # Not staff at all: the admin sends them to sign in as staff.
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    assert "parent@example.org" not in response.content.decode()
    assert not ExperienceEvent.objects.exists()
    assert Experience.objects.get(pk=experience.pk).version == experience.version


@pytest.mark.parametrize(
    ("role", "page"),
    [(role, page) for page, roles in ALLOWED.items() for role in sorted(roles)],
)
def test_a_role_with_the_permission_gets_the_page(
    client, user_with_role, experience, role, page
):
    sign_in(client, user_with_role, role)
    url = reverse(f"admin:feedback_experience_{page}", args=[experience.pk])

    response = client.post(url) if page == "contact_details" else client.get(url)

    assert response.status_code == 200


def test_an_analyst_reads_experiences_without_contact_details(
    client, user_with_role, experience
):
    sign_in(client, user_with_role, "Analyst")
    url = reverse("admin:feedback_experience_change", args=[experience.pk])

    response = client.get(url)

    assert response.status_code == 200
    assert "parent@example.org" not in response.text
    assert "Show contact details" not in response.text


def test_an_editor_cannot_read_experiences(client, user_with_role, experience):
    sign_in(client, user_with_role, "Editor")

    for url in [
        reverse("admin:feedback_experience_changelist"),
        reverse("admin:feedback_experience_change", args=[experience.pk]),
    ]:
        assert client.get(url).status_code == 403, url
