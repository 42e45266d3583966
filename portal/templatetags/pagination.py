"""Template filters for GOV.UK pagination."""

from django import template

register = template.Library()


@register.filter
def page_numbers(page) -> list[int | None]:
    """The page numbers to link, with None where "…" goes, so 100 pages are a
    handful of links, not 100."""
    return [
        None if number == page.paginator.ELLIPSIS else number
        for number in page.paginator.get_elided_page_range(
            page.number, on_each_side=1, on_ends=1
        )
    ]
