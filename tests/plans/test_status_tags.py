"""An action's status tag: the words say the status, and each status keeps
a colour of its own that GOV.UK Frontend 6 has (tests/portal/test_compiled_css.py
checks the classes are in the compiled CSS)."""

import re

from django.template.loader import render_to_string

from plans.models import Action

TAG = re.compile(r'<strong class="([^"]+)">([^<]+)</strong>')


def tag(status, *, overdue=False):
    html = render_to_string(
        "plans/status_tag.html",
        {"status": status, "label": Action.Status(status).label, "overdue": overdue},
    )
    (found,) = TAG.findall(html)
    return found


def test_on_track_is_the_tags_own_blue_with_no_modifier_frontend_6_lacks():
    assert tag(Action.Status.ON_TRACK) == ("govuk-tag", "On track")


def test_each_status_says_its_name_in_a_colour_of_its_own():
    tags = {status.label: tag(status) for status in Action.Status}

    assert {label: words for label, (_, words) in tags.items()} == {
        label: label for label in tags
    }
    classes = [tag_class for tag_class, _ in tags.values()]
    # Not started and superseded are both grey: neither is a judgement.
    assert len(set(classes)) == len(classes) - 1
    assert tag(Action.Status.ON_TRACK, overdue=True) == (
        "govuk-tag govuk-tag--red",
        "Overdue",
    )
