"""Every page of the "Share your experience" journey, and of withdrawing, is
valid HTML to the Nu HTML Checker: each step as first shown and with its
errors, for a parent and for a young person, and the pages around them."""

from django.test import Client
from django.urls import reverse

from tests import nu
from tests.feedback.journey import (
    CHECK,
    PARENT,
    STEPS,
    YOUNG_PERSON,
    answer,
    send,
    step_url,
)

# What each step refuses: nothing answered, or an answer out of range.
REFUSED = {
    "about-you": {},
    "areas": {"areas": ["ehc-process", "not-sure"]},
    "child": {"district": "atlantis", "needs": ["semh", "not-sure"]},
    "what-happened": {"what_happened": "x" * 6001, "what_would_help": "y" * 6001},
    "consent": {
        "consent_contact": "yes",
        "contact_email": "not an address",
        "contact_phone": "12",
    },
}


def journey_pages(route: str, answers: dict) -> dict[str, str]:
    client = Client()
    pages = {f"{route}-start": client.get(reverse("feedback:start")).text}
    client.get(step_url(STEPS[0]))
    for step in STEPS:
        pages[f"{route}-{step}"] = client.get(step_url(step)).text
        refused = answer(client, step, REFUSED[step])
        assert refused.status_code == 200, step
        pages[f"{route}-{step}-error"] = refused.text
        answer(client, step, answers[step])
    pages[f"{route}-check"] = client.get(CHECK).text
    pages[f"{route}-confirmation"] = send(client).text
    return pages


def test_every_page_of_the_journey_is_valid_html(nu_checker, kent):
    pages = {
        **journey_pages("parent", PARENT),
        **journey_pages("young", YOUNG_PERSON),
        "consent-contact-missing": consent_with_contact_missing(),
    }
    withdraw = reverse("feedback:withdraw")
    client = Client()
    pages["withdraw"] = client.get(withdraw).text
    pages["withdraw-error"] = client.post(withdraw, {"reference": ""}).text
    pages["withdraw-not-found"] = client.post(
        withdraw, {"reference": "ACDE-2467", "code": "ACDE-FGHJ-KMNP"}
    ).text
    pages["expired"] = client.get(reverse("feedback:expired")).text

    errors = nu.page_errors(nu_checker, pages)

    assert not errors, "\n".join(errors)


def consent_with_contact_missing() -> str:
    client = Client()
    client.get(step_url(STEPS[0]))
    for step in STEPS[:-1]:
        answer(client, step, PARENT[step])
    return answer(
        client,
        "consent",
        {**PARENT["consent"], "contact_email": "", "contact_phone": ""},
    ).text
