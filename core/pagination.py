"""A page of a list, with the query string its page links keep."""

from django.core.paginator import Paginator


def page_of(request, items, per_page: int, *, count: int | None = None) -> dict:
    """`page` and `query_without_page`, as includes/pagination.html wants them:
    the page asked for (the last past the end, the first for nonsense) and the
    filters every page link keeps. Give `count` where it is known without
    counting `items` (a tally kept by the database)."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query_without_page": query.urlencode()}


def filtered_page(
    request, filterset, per_page: int, *, count: int | None = None
) -> dict:
    """A filtered list's context: the `filterset`, its `form` (which the error
    summary and filter panel read) and, as `page_of` gives them, the page of
    what it lets through."""
    return {
        "filterset": filterset,
        "form": filterset.form,
        **page_of(request, filterset.qs, per_page, count=count),
    }
