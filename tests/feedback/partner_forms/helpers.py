"""Strategies, settings and page readers shared by the partner form tests."""

import re

from feedback.partner_forms import NOTE_MAX_CHARACTERS
from tests.strategies import examples, hostile_text

HYPOTHESIS = examples(30)
FREE_TEXT = hostile_text(limit=NOTE_MAX_CHARACTERS)


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def textarea_value(html: str, name: str) -> str:
    """What a browser shows in the textarea (its first line break is markup)."""
    match = re.search(
        rf'<textarea[^>]*name="{name}"[^>]*>\n(.*?)</textarea>', html, re.S
    )
    return match.group(1)


NEW_NOTE = "/partners/notes/new/"
