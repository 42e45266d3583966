"""Strategies, settings and page readers shared by the partner form tests."""

import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from feedback.partner_forms import NOTE_MAX_CHARACTERS
from tests.factories import HOSTILE

HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
CONTROL = st.sampled_from([chr(code) for code in [*range(0x20), 0x7F]])
FREE_TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(st.text(min_size=1), CONTROL), min_size=1).map("".join),
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1),
    st.sampled_from(
        [
            HOSTILE,
            "\x00",
            "a\x00b",
            "\r\n" * 1001,
            "x" * NOTE_MAX_CHARACTERS,
            "x" * (NOTE_MAX_CHARACTERS + 1),
            "' OR 1=1 --",
            "\ufeff",
        ]
    ),
)


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def textarea_value(html: str, name: str) -> str:
    """What a browser shows in the textarea (its first line break is markup)."""
    match = re.search(
        rf'<textarea[^>]*name="{name}"[^>]*>\n(.*?)</textarea>', html, re.S
    )
    return match.group(1)


NEW_NOTE = "/partners/notes/new/"
