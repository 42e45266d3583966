"""The owners picker on an action's admin page: a search of staff by name
that asks for no more than the permission to add or change actions."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db.models import Q
from django.urls import reverse

from core.text import strip_control_characters

from .models import Action

OWNER_SEARCH_WORDS = 5
OWNER_SEARCH_CHARACTERS = 150


class OwnerSearch(AutocompleteJsonView):
    """The owners picker on an action: active staff accounts found by name,
    for anyone who may add or change actions.

    Django's own search (admin:autocomplete) asks for the permission to view
    every user account, which only the Administrator holds; naming an
    officer on an action needs no more than their name, so this search
    answers names and nothing else (never an email address)."""

    def process_request(self, request):
        field = Action._meta.get_field("owners")
        people = field.related_model
        term = strip_control_characters(request.GET.get("term", ""))
        return (
            term[:OWNER_SEARCH_CHARACTERS],
            self.admin_site.get_model_admin(people),
            field,
            people._meta.pk.attname,
        )

    def has_perm(self, request, obj=None):
        return request.user.has_perm("plans.change_action") or request.user.has_perm(
            "plans.add_action"
        )

    def get_queryset(self):
        people = self.source_field.related_model.objects.filter(
            is_active=True, is_staff=True
        )
        for word in self.term.split()[:OWNER_SEARCH_WORDS]:
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(username__icontains=word)
            )
        return people.order_by("first_name", "last_name", "username")


class OwnerPicker(AutocompleteSelectMultiple):
    """Django's autocomplete box, searching with OwnerSearch."""

    def get_url(self):
        return reverse("admin:plans_action_owners")
