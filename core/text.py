"""Cleaning what people type, the same way everywhere it is stored."""

import re

# Control characters other than tab, line feed and carriage return: PostgreSQL
# refuses NUL, and none of them belong in what a person writes.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def normalise_line_breaks(text: str) -> str:
    """One line feed per line break: browsers send CR LF, old Macs a lone CR,
    and a character count on the page counts each as one character."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(text: str | None) -> str:
    """Text as it is stored: no control characters, line feeds only, no white
    space around it."""
    return strip_control_characters(normalise_line_breaks(text or "")).strip()
