"""The tracker's part of the forum partner area (/partners/actions/): every
done action, and a page on which the forum agrees that one is done or
disputes it with a note published beside the action.

The pages use feedback's `partner_page` gate, so only a signed-in forum
partner holding `plans.confirm_action` gets in;
`services.confirmation_record` checks the role, the forum and the status
again.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from feedback.partner_views import partner_page

from . import selectors, services
from .models import Action, Confirmation
from .partner_forms import NOTE_MAX_CHARACTERS, ConfirmationForm

ACTIONS_PER_PAGE = 20
TIMELINE_UPDATES = 5
EARLIER_ANSWERS = 10
LISTING_FIELDS = (
    "pk",
    "plan",
    "reference",
    "title",
    "status",
    "plan__slug",
    "plan__short_name",
    "plan__title",
)


def _done_actions():
    return Action.objects.filter(status=Action.Status.DONE)


def _answered_by(forum):
    return Exists(Confirmation.objects.filter(action=OuterRef("pk"), forum=forum))


def _latest_of(forum, actions) -> dict:
    """{action pk: this forum's latest answer} for `actions`, in one query."""
    return {
        pk: answer
        for pk, answers in selectors.latest_confirmations(actions).items()
        for answer in answers
        if answer.forum_id == forum.pk
    }


def _unanswered(forum):
    """Done actions this forum has not yet agreed or disputed."""
    return _done_actions().filter(~_answered_by(forum))


def home_section(request, forum):
    """The partner area's home page: how many done actions await the forum's
    answer, and the way to them (a fill of PlansConfig). One query."""
    if not request.user.has_perm(selectors.CONFIRM):
        return None
    return {
        "template": "plans/partners/home_section.html",
        "unanswered": _unanswered(forum).count(),
    }


def header_link():
    """The done actions' page in the partner area's header (a fill of
    PlansConfig), for partners who may agree or dispute them."""
    return ("Done actions", "partner-actions:list", selectors.CONFIRM)


@partner_page(selectors.CONFIRM)
def done_action_list(request, *, forum):
    """Every done action of every plan, the ones the forum has not answered
    first, each with the forum's latest answer. Four queries for any number."""
    actions = (
        _done_actions()
        .select_related("plan")
        .only(*LISTING_FIELDS)
        .annotate(answered=_answered_by(forum))
        .order_by("answered", "plan__approved_on", "plan__title", "reference", "pk")
    )
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    listed = list(page.object_list)
    answers = _latest_of(forum, listed)
    for action in listed:
        action.answer = answers.get(action.pk)
    return render(
        request,
        "plans/partners/action_list.html",
        {
            "forum": forum,
            "page": page,
            "actions": listed,
            "unanswered": _unanswered(forum).count(),
            "query_without_page": "",
        },
    )


@partner_page(selectors.CONFIRM)
@require_http_methods(["GET", "POST"])
def done_action_detail(request, pk, *, forum):
    """One done action: its facts, the latest of its timeline, the forum's
    earlier answers and the form. An action not done (or no action) is not
    found: it cannot be agreed or disputed."""
    action = get_object_or_404(
        _done_actions().select_related("plan", "area", "owner_organisation"), pk=pk
    )
    answers = list(
        Confirmation.objects.filter(action=action, forum=forum)
        .select_related("actor")
        .order_by("-at", "-pk")[:EARLIER_ANSWERS]
    )
    answer = answers[0] if answers else None
    if request.method == "POST":
        form = ConfirmationForm(request.POST)
        if form.is_valid():
            try:
                confirmation = services.confirmation_record(
                    action=action,
                    actor=request.user,
                    verdict=form.cleaned_data["verdict"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                # The action stopped being done since the page was read, or
                # the service found what the form let through.
                form.add_error(None, error)
            else:
                messages.success(request, _saved_message(forum, action, confirmation))
                return redirect("partner-actions:list")
    else:
        initial = {"verdict": answer.verdict, "note": answer.note} if answer else {}
        form = ConfirmationForm(initial=initial)
    updates = list(
        action.updates.only(
            "pk", "action", "on", "new_status", "text", "created_at"
        ).order_by("-on", "-created_at", "-pk")[:TIMELINE_UPDATES]
    )
    return render(
        request,
        "plans/partners/action_detail.html",
        {
            "forum": forum,
            "forum_name": forum.short_name or forum.name,
            "action": action,
            "plan": action.plan,
            "updates": updates,
            "answer": answer,
            "answers": answers,
            "form": form,
            "max_characters": NOTE_MAX_CHARACTERS,
        },
    )


def _saved_message(forum, action, confirmation) -> str:
    name = forum.short_name or forum.name
    if confirmation.verdict == Confirmation.Verdict.DISPUTED:
        return f"{name} disputes that {action.reference} is done"
    return f"{name} agrees that {action.reference} is done"
