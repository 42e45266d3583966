"""Walk the journey as a browser would: one POST a page, answers kept in the
session. The answers are what the forms' inputs send."""

import re
from html.parser import HTMLParser

from django.urls import reverse

STEPS = ["about-you", "areas", "child", "what-happened", "consent"]
CHECK = reverse("feedback:check")
CONFIRMATION = reverse("feedback:confirmation")
EXPIRED = reverse("feedback:expired")

PARENT = {
    "areas": {"areas": ["ehc-process", "health-services-and-waiting-times"]},
    "about-you": {"respondent": "parent-carer"},
    "child": {
        "age_group": "11-15",
        "setting": "secondary",
        "district": "maidstone",
        "needs": ["communication", "semh"],
        "ehc_status": "assessing",
    },
    "what-happened": {
        "what_happened": "We asked for an assessment in 2023 and waited 2 years.",
        "what_would_help": "Someone to tell us where it had got to.",
        "website": "",
    },
    "consent": {
        "consent_publish": "yes",
        "consent_share": "no",
        "consent_contact": "yes",
        "contact_email": "parent@example.org",
        "contact_phone": "",
    },
}

YOUNG_PERSON = {
    "areas": {"areas": ["not-sure"]},
    "about-you": {"respondent": "young-person"},
    "child": {"age_group": "16-18", "district": "prefer-not", "needs": ["not-sure"]},
    "what-happened": {
        "what_happened": "Nobody at college asked me what I wanted.",
        "what_would_help": "",
        "website": "",
    },
    "consent": {
        "consent_publish": "no",
        "consent_share": "yes",
        "consent_contact": "no",
        # Typed, then "no" chosen: details are dropped, not kept.
        "contact_email": "me@example.org",
        "contact_phone": "",
    },
}


def step_url(step: str, *, change: bool = False) -> str:
    url = reverse("feedback:step", kwargs={"step": step})
    return f"{url}?change=1" if change else url


def answer(client, step: str, data: dict, *, change: bool = False):
    return client.post(step_url(step, change=change), data)


def answer_every_question(client, answers: dict = PARENT, **changes):
    """Start a journey and answer each page; `what_happened="..."` and the like
    replace single answers. Ends on the check page's URL."""
    changes = dict(changes)
    client.get(step_url(STEPS[0]))
    for step in STEPS:
        data = dict(answers[step])
        for name in list(changes):
            if name in data or _belongs_to(step, name):
                data[name] = changes.pop(name)
        response = answer(client, step, data)
        assert response.status_code == 302, (step, _errors(response))
    assert not changes, f"no page asks {sorted(changes)}"
    assert response.url == CHECK
    return response


def send(client):
    """Press Send on the check page and follow to where it ends."""
    return client.post(CHECK, follow=True)


def send_twice_racing(client):
    """Press Send twice as two racing requests from one browser do: the second
    read the session before the first saved it, so only the journey's key
    tells them apart. Both responses, followed to where they end."""
    before_sending = client.session["share"]
    first = send(client)
    session = client.session
    session["share"] = before_sending
    session.save()
    return first, send(client)


def share(client, answers: dict = PARENT, **changes) -> str:
    """A whole journey; returns the reference the confirmation page shows."""
    answer_every_question(client, answers, **changes)
    response = send(client)
    assert response.redirect_chain[-1][0] == CONFIRMATION, response.redirect_chain
    return reference_on(response)


def reference_on(response) -> str:
    return re.search(r'id="reference">([^<]+)<', response.text).group(1)


def page_title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.text, re.DOTALL).group(1)


FIELDS_OF = {
    "areas": {"areas"},
    "about-you": {"respondent"},
    "child": {"age_group", "setting", "district", "needs", "ehc_status"},
    "what-happened": {"what_happened", "what_would_help", "website"},
    "consent": {
        "consent_publish",
        "consent_share",
        "consent_contact",
        "contact_email",
        "contact_phone",
    },
}


def _belongs_to(step: str, name: str) -> bool:
    return name in FIELDS_OF[step]


def _errors(response) -> str:
    if response.status_code != 200:
        return str(response.status_code)
    return "; ".join(
        re.findall(r'govuk-error-message">\s*(.*?)</p>', response.text, re.DOTALL)
    )


class _FormState(HTMLParser):
    """What a browser would send from a page's form: ticked boxes, chosen
    radios and options, typed text."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._textarea = None
        self._select = None

    def _add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind not in {"submit", "button"}:
                self._add(name, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # A browser drops the one line break that follows <textarea>.
            text = self.values[self._textarea][0]
            self.values[self._textarea] = [text.removeprefix("\n")]
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data


def form_values(response) -> dict[str, list[str]]:
    state = _FormState()
    state.feed(response.text)
    state.close()
    state.values.pop("csrfmiddlewaretoken", None)
    return state.values
