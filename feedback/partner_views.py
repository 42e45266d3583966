"""The forum partner area: the anonymised experiences shared with forums, the
forum's own notes, and its sign-off of "You said, we did" responses.

Every page needs a signed-in member of a forum holding
`feedback.view_shared_experiences` (see `partner_page`); each page names any
further permission it needs, and the services check again.
"""

from functools import wraps
from operator import attrgetter

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import preferences
from core.pagination import page_of
from core.sections import Slot

from . import selectors, services
from .forms import offered_areas
from .models import (
    Experience,
    ForumMember,
    ForumNote,
    Response,
    SignOff,
    Theme,
    public_count,
)
from .partner_forms import (
    DISSENT_MAX_CHARACTERS,
    NOTE_MAX_CHARACTERS,
    ForumNoteForm,
    PartnerSignInForm,
    SharedExperienceFilterForm,
    SignOffForm,
)

READ_SHARED = "feedback.view_shared_experiences"
EXPERIENCES_PER_PAGE = 20
NOTES_PER_PAGE = 20
HOME_NOTES = 5
LIST_NOTES = 5
HOME_RESPONSES = 10
RECENT_ANSWERS = 10

# The partner area's header: (label, URL name, permission needed or "").
PARTNER_LINKS = [
    ("Home", "partners:home", ""),
    ("Shared experiences", "partners:experiences", ""),
    ("Forum notes", "partners:notes", "feedback.view_forumnote"),
    ("Responses", "partners:responses", "feedback.sign_off_response"),
]
# Later apps add to the partner area (core.sections); plans adds the done
# actions a forum may agree or dispute to both.
# - `filler(request, forum)` adds to what the home page says awaits the forum:
#   None (nothing to show, for example when the partner lacks the permission
#   it needs) or a dict with a "template" for one row of a GOV.UK summary list
#   (`govuk-summary-list__row`) saying how many things await, or "None", with
#   a link to them.
PARTNER_SECTIONS = Slot("feedback.partner_home")
# - `filler()` adds a page to the header after PARTNER_LINKS: a (label, URL
#   name, permission) like theirs.
PARTNER_HEADER_LINKS = Slot("feedback.partner_header")


def partner_links() -> list[tuple[str, str, str]]:
    """The partner area's header: its own pages, then those later apps add."""
    return [*PARTNER_LINKS, *PARTNER_HEADER_LINKS.parts()]


def forbidden(request, exception=None):
    """The partner area's 403 page: signed in, but not as a forum partner."""
    return render(request, "partners/forbidden.html", status=403)


def partner_page(*permissions):
    """Let in only a signed-in member of a forum holding READ_SHARED and
    `permissions`: anyone else signed in gets the 403 page, anyone signed out
    goes to the sign-in page. The view is called with `forum=` their forum.
    Partner pages are never cached: they are for one person."""

    needed = (READ_SHARED, *permissions)

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not request.user.has_perms(needed):
                return forbidden(request)
            forum = services.forum_of(request.user)
            if forum is None:
                return forbidden(request)
            try:
                return view(request, *args, forum=forum, **kwargs)
            except PermissionDenied:
                return forbidden(request)

        return never_cache(login_required(checked, login_url="partners:sign-in"))

    return decorator


class SignInView(auth_views.LoginView):
    template_name = "partners/sign_in.html"
    authentication_form = PartnerSignInForm
    next_page = reverse_lazy("partners:home")


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("partners:sign-in")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # After logout the session is new and empty; the message goes with it
        # (or in a cookie) to the sign-in page.
        messages.success(request, "You have signed out")
        return response


def _areas():
    return list(offered_areas().only("pk", "slug", "short_title", "plain_title"))


def _themes():
    return list(Theme.objects.only("pk", "slug", "name"))


@partner_page()
def home(request, *, forum):
    """What awaits the forum first (responses to co-sign, and what later apps
    add), then a summary of the shared experiences and the forum's notes."""
    areas = _areas()
    themes = _themes()
    can_read_notes = request.user.has_perm("feedback.view_forumnote")
    can_sign = request.user.has_perm("feedback.sign_off_response")
    total = Experience.objects.shared_with_forums().count()
    awaiting = (
        selectors.responses_awaiting_answer(forum)
        if can_sign
        else Response.objects.none()
    )
    context = {
        "forum": forum,
        "total": total,
        "total_text": public_count(total),
        "by_area": selectors.shared_experience_counts(
            Experience.areas.through,
            "areaofweakness",
            areas,
            attrgetter("in_plain_words"),
        ),
        "by_theme": (
            selectors.shared_experience_counts(
                Experience.themes.through, "theme", themes, str
            )
            if themes
            else None
        ),
        "can_read_notes": can_read_notes,
        "can_add_notes": request.user.has_perm("feedback.add_forumnote"),
        "can_sign": can_sign,
        "notes": selectors.forum_notes(forum)[:HOME_NOTES] if can_read_notes else [],
        "awaiting": list(awaiting[:HOME_RESPONSES]),
        "awaiting_count": awaiting.count() if can_sign else 0,
        "sections": PARTNER_SECTIONS.parts(request, forum),
    }
    return render(request, "partners/home.html", context)


@partner_page()
def experience_list(request, *, forum):
    areas = _areas()
    themes = _themes()
    form = SharedExperienceFilterForm(request.GET or None, areas=areas, themes=themes)
    chosen = form.chosen()
    experiences = selectors.shared_experiences(**chosen)
    notes = (
        selectors.forum_notes(forum, **chosen)
        if request.user.has_perm("feedback.view_forumnote")
        else ForumNote.objects.none()
    )
    paged = page_of(request, experiences, EXPERIENCES_PER_PAGE)
    page = paged["page"]
    return render(
        request,
        "partners/experience_list.html",
        {
            "forum": forum,
            "form": form,
            "area": chosen["area"],
            "theme": chosen["theme"],
            "count": public_count(page.paginator.count),
            "experiences": page.object_list,
            "notes": notes[:LIST_NOTES],
            "can_add_notes": request.user.has_perm("feedback.add_forumnote"),
            **paged,
        },
    )


@partner_page("feedback.view_forumnote")
def note_list(request, *, forum):
    notes = selectors.forum_notes(forum)
    page = Paginator(notes, NOTES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/note_list.html",
        {
            "forum": forum,
            "page": page,
            "notes": page.object_list,
            "can_add_notes": request.user.has_perm("feedback.add_forumnote"),
            "query_without_page": "",
        },
    )


def _note_initial(request, areas, themes) -> dict:
    """A link from an area's or a theme's list chooses it already."""
    wanted = {
        "area": request.GET.get("area", ""),
        "theme": request.GET.get("theme", ""),
    }
    for area in areas:
        if area.slug == wanted["area"]:
            return {"about": ForumNoteForm.area_value(area)}
    for theme in themes:
        if theme.slug == wanted["theme"]:
            return {"about": ForumNoteForm.theme_value(theme)}
    return {}


@transaction.atomic
def _add_note_once(*, actor, text, area, theme) -> ForumNote:
    """Add the note unless this person has already added the very same one
    (a double click, a form sent again): it is stored once.

    The member row is locked first, so two requests racing take turns."""
    ForumMember.objects.select_for_update().filter(user=actor).first()
    same = ForumNote.objects.filter(
        author=actor, area=area, theme=theme, text=text.strip()
    ).first()
    if same:
        return same
    return services.forum_note_add(actor=actor, text=text, area=area, theme=theme)


@partner_page("feedback.add_forumnote")
@require_http_methods(["GET", "POST"])
def note_new(request, *, forum):
    areas = _areas()
    themes = _themes()
    if request.method == "POST":
        form = ForumNoteForm(request.POST, areas=areas, themes=themes)
        if form.is_valid():
            try:
                note = _add_note_once(
                    actor=request.user, text=form.cleaned_data["text"], **form.subject()
                )
            except services.ModerationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                subject = note.area.in_plain_words if note.area else note.theme.name
                messages.success(request, f"Note added about {subject}")
                return redirect("partners:notes")
    else:
        form = ForumNoteForm(
            initial=_note_initial(request, areas, themes), areas=areas, themes=themes
        )
    return render(
        request,
        "partners/note_form.html",
        {"forum": forum, "form": form, "max_characters": NOTE_MAX_CHARACTERS},
    )


@partner_page("feedback.sign_off_response")
def response_list(request, *, forum):
    answers = (
        SignOff.objects.filter(forum=forum, response__forum=forum)
        .select_related("response")
        .order_by("-at", "-pk")[:RECENT_ANSWERS]
    )
    return render(
        request,
        "partners/response_list.html",
        {
            "forum": forum,
            "awaiting": selectors.responses_awaiting_answer(forum),
            "answers": answers,
        },
    )


def _public_url(response) -> str:
    """The response's public page, once published (and once that page
    exists: until then the link is left out, not a server error)."""
    if response.status != Response.Status.PUBLISHED:
        return ""
    try:
        return response.get_absolute_url()
    except NoReverseMatch:
        return ""


@partner_page("feedback.sign_off_response")
@require_http_methods(["GET", "POST"])
def response_detail(request, pk, *, forum):
    response = get_object_or_404(
        selectors.responses_sent_to(forum).prefetch_related(
            "areas", "themes", "signing_organisations"
        ),
        pk=pk,
    )
    answer = (
        SignOff.objects.filter(response=response, forum=forum)
        .select_related("signed_by")
        .first()
    )
    awaiting = response.status == Response.Status.AWAITING_SIGN_OFF
    too_late = request.method == "POST" and not awaiting
    if request.method == "POST" and awaiting:
        form = SignOffForm(request.POST)
        if form.is_valid():
            decision = form.cleaned_data["decision"]
            note = form.cleaned_data["note"]
            if answer and (answer.decision, answer.note) == (decision, note):
                # Sent twice: the answer is already stored, once.
                return redirect("partners:response-answered", pk=response.pk)
            try:
                services.response_sign_off(
                    response=response, actor=request.user, decision=decision, note=note
                )
            except services.ModerationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return redirect("partners:response-answered", pk=response.pk)
    else:
        initial = {"decision": answer.decision, "note": answer.note} if answer else {}
        form = SignOffForm(initial=initial)
    return render(
        request,
        "partners/response_detail.html",
        {
            "forum": forum,
            "response": response,
            "count": public_count(response.experience_count),
            "answer": answer,
            "awaiting": awaiting,
            "too_late": too_late,
            "form": form,
            "max_characters": DISSENT_MAX_CHARACTERS,
            "public_url": _public_url(response),
        },
    )


@partner_page("feedback.sign_off_response")
def response_answered(request, pk, *, forum):
    response = get_object_or_404(selectors.responses_sent_to(forum), pk=pk)
    answer = SignOff.objects.filter(response=response, forum=forum).first()
    return render(
        request,
        "partners/response_answered.html",
        {"forum": forum, "response": response, "answer": answer},
    )


@partner_page()
@require_http_methods(["GET", "POST"])
def emails(request, *, forum):
    """ "Emails you get", as in the staff admin (accounts.preferences)."""
    form = preferences.submit(request)
    if form is None:
        return redirect("partners:emails")
    return render(request, "partners/emails.html", {"forum": forum, "form": form})
