"""Hypothesis strategies and settings shared by the property tests: the hostile
text every free-text box, filter and search must survive, in one place."""

import operator
from collections.abc import Iterable

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.factories import HOSTILE

# C0 controls and DEL: what the text checks take out (feedback.text_checks).
CONTROL_CHARACTER = st.sampled_from([chr(code) for code in [*range(0x20), 0x7F]])

# Markup and script, NUL raw and percent-encoded, a terminal escape, a byte
# order mark, line breaks, SQL, search syntax, numbers and dates that are not
# quite numbers or dates, and contact details with a NUL inside.
HOSTILE_SAMPLES = (
    HOSTILE,
    "\x00",
    "a\x00b",
    "%00",
    "\x7f\x1b[31m",
    "\ufeff",
    "Line one\r\nLine two",
    "' OR 1=1 --",
    '"unclosed',
    "a & b | !c",
    "-",
    "<->",
    "-1",
    "0",
    "1e9999",
    "99999999999999999999",
    "9" * 5_000,
    "31/02/2024",
    "name@example.org\x00",
    "07700\x00900982",
)


def examples(count: int) -> settings:
    """Settings for a property test that goes through the test client: `count`
    examples, no deadline (a page takes what it takes), and the test's
    fixtures shared by every example (each example starts as it needs)."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


def hostile_text(
    *, limit: int | None = None, samples: Iterable[str] = ()
) -> st.SearchStrategy[str]:
    """Any text, and the text a careless or hostile visitor sends: control
    characters alone and among words, huge text, and `HOSTILE_SAMPLES`.

    With the box's `limit`, huge text is drawn around it, and text at the limit,
    one over and line breaks either side of it are among the samples. `samples`
    adds values that matter to one box (a filter's real choices).
    """
    if limit is None:
        huge = st.builds(
            operator.mul, st.text(min_size=1, max_size=4), st.integers(2_000, 30_000)
        )
        at_the_limit = []
    else:
        huge = st.builds(
            operator.mul,
            st.text(min_size=1, max_size=3),
            st.integers(limit // 3, limit + 5),
        )
        at_the_limit = [
            "a" * limit,
            "a" * (limit + 1),
            "\r\n" * (limit // 2),
            "\r\n" * (limit // 2 + 1),
        ]
    return st.one_of(
        st.text(),
        st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1),
        # Words with control characters among them: accepted, then cleaned.
        st.lists(st.one_of(st.text(min_size=1), CONTROL_CHARACTER), min_size=1).map(
            "".join
        ),
        huge,
        st.sampled_from([*HOSTILE_SAMPLES, *at_the_limit, *samples]),
    )
