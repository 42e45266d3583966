"""`{% explain text %}`: the text, escaped, with each abbreviation spelled out
the first time the page uses it and each glossary term linked once.

`link=False` where the text sits inside a link or a heading's link. Never for
quoted letters or findings: they keep their own words."""

from django import template

from core.glossary import PageTerms

register = template.Library()


def page_terms(context) -> PageTerms:
    """One per request, so includes share it; a fresh one without a request."""
    request = getattr(context, "request", None)
    if request is None:
        return PageTerms()
    if not hasattr(request, "glossary_terms"):
        request.glossary_terms = PageTerms()
    return request.glossary_terms


@register.simple_tag(takes_context=True)
def explain(context, text, link=True):
    return page_terms(context).explain(text, link=link)
