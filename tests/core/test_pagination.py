"""core.pagination: a page of a list, and a filtered list's context."""

from django import forms
from django.test import RequestFactory

from core.pagination import filtered_page, page_of


class _Filtered:
    """Just what filtered_page reads of a django-filter FilterSet."""

    def __init__(self, items):
        self.form = forms.Form()
        self.qs = items


def test_page_links_keep_the_filters_but_not_the_page():
    request = RequestFactory().get("/", {"area": "a", "page": "2"})
    paged = page_of(request, list(range(25)), 10)
    assert paged["page"].number == 2
    assert paged["query_without_page"] == "area=a"


def test_a_filtered_page_gives_the_filterset_its_form_and_the_page():
    request = RequestFactory().get("/", {"page": "9"})
    filterset = _Filtered(list(range(5)))
    context = filtered_page(request, filterset, 2)
    assert context["filterset"] is filterset
    assert context["form"] is filterset.form
    assert list(context["page"].object_list) == [4]
    assert context["query_without_page"] == ""
