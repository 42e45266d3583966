"""`{% follow_link "area" area.slug %}`: the "Get emails about this" link on a
public page, made by whatever app fills the `core.follow` slot (alerts), so
that the apps below it name neither it nor its URLs. Nothing when no app
fills it. A filler is called with the topic ("area:outcomes", "letters") and
returns a part with a "template", and must run no query and give every
visitor the same link, as public pages are cached whole."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.sections import Slot

FOLLOW = Slot("core.follow")

register = template.Library()


@register.simple_tag
def follow_link(kind: str, key="") -> str:
    topic = f"{kind}:{key}" if key != "" else kind
    return mark_safe(
        "".join(
            render_to_string(part["template"], {"section": part})
            for part in FOLLOW.parts(topic=topic)
        )
    )
