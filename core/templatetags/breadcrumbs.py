"""`{% breadcrumbs label url label url … %}`: GOV.UK breadcrumbs, Home first,
then each label and its address in turn. A crumb with no address is left out,
so a template can pass one that only some pages have (an action's parent)."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*labels_and_urls):
    if len(labels_and_urls) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes a label and a url each")
    pairs = zip(labels_and_urls[::2], labels_and_urls[1::2], strict=True)
    return {"crumbs": [(label, url) for label, url in pairs if url]}
