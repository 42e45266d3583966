"""The consultations' part of the forum partner area (/partners/consultations/):
the drafts a forum reviews before they open, with its notes, and the outcomes
it co-signs or dissents from.

The pages use feedback's `partner_page` gate (signed in with two factors, a
member of a forum); each names the permission it needs and the services in
consultations.services.reviews check it, the forum and the state again."""

from django.contrib import messages
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from feedback.partner_views import partner_page

from .models import Consultation, DraftNote, Outcome, OutcomeSignOff
from .partner_forms import DISSENT_MAX_CHARACTERS, DraftNoteForm, OutcomeSignOffForm
from .services.reviews import (
    NOTE_MAX_CHARACTERS,
    REVIEW,
    SIGN_OFF,
    ReviewError,
    draft_note_add,
    outcome_sign_off,
)

RECENT_OUTCOMES = 10


def _not_yet_open():
    """Drafts and upcoming consultations: the ones a forum may still shape."""
    now = timezone.now()
    return Consultation.objects.exclude(released=True, opens_at__lte=now)


def _outcomes_sent_to(forum):
    return Outcome.objects.filter(forum=forum).exclude(status=Outcome.Status.DRAFT)


def _awaiting(forum):
    return (
        _outcomes_sent_to(forum)
        .filter(status=Outcome.Status.AWAITING_SIGN_OFF)
        .exclude(sign_offs__forum=forum)
        .select_related("consultation")
        .order_by("created_at", "pk")
    )


def home_section(request, forum):
    """The partner home page's row: drafts to review and outcomes to answer
    (a fill of ConsultationsConfig). Two queries."""
    can_review = request.user.has_perm(REVIEW)
    can_sign = request.user.has_perm(SIGN_OFF)
    if not (can_review or can_sign):
        return None
    return {
        "template": "consultations/partners/home_section.html",
        "drafts": _not_yet_open().count() if can_review else None,
        "outcomes": _awaiting(forum).count() if can_sign else None,
    }


def header_link():
    """The consultations' page in the partner area's header."""
    return ("Consultations", "partner-consultations:list", REVIEW)


@partner_page(REVIEW)
def consultation_list(request, *, forum):
    consultations = (
        _not_yet_open()
        .annotate(
            noted=Exists(
                DraftNote.objects.filter(consultation=OuterRef("pk"), forum=forum)
            )
        )
        .order_by("opens_at", "pk")
    )
    can_sign = request.user.has_perm(SIGN_OFF)
    answered = (
        OutcomeSignOff.objects.filter(forum=forum, outcome__forum=forum)
        .select_related("outcome__consultation")
        .order_by("-at", "-pk")[:RECENT_OUTCOMES]
        if can_sign
        else []
    )
    return render(
        request,
        "consultations/partners/consultation_list.html",
        {
            "forum": forum,
            "consultations": consultations,
            "can_sign": can_sign,
            "awaiting": _awaiting(forum) if can_sign else [],
            "answered": answered,
        },
    )


def _document_url(document) -> str:
    """A document's address, once the page that serves documents exists."""
    try:
        return document.get_absolute_url()
    except NoReverseMatch:
        return ""


@partner_page(REVIEW)
@require_http_methods(["GET", "POST"])
def consultation_detail(request, pk, *, forum):
    """A consultation not yet open, in full, the forum's notes on it and the
    form to add one. Once it has opened it is not found here; a note sent
    from a page read before then is refused, and the page says why."""
    consultation = get_object_or_404(
        Consultation.objects.prefetch_related(
            "organisations",
            "areas",
            "questions",
            "documents",
            Prefetch(
                "draft_notes",
                queryset=DraftNote.objects.filter(forum=forum).select_related("author"),
                to_attr="forum_notes",
            ),
        ),
        pk=pk,
    )
    if request.method == "GET" and not _not_yet_open().filter(pk=pk).exists():
        raise Http404("Only consultations not yet open are reviewed here.")
    form = DraftNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft_note_add(
                consultation=consultation,
                forum=forum,
                author=request.user,
                text=form.cleaned_data["text"],
            )
        except ReviewError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Note added to {consultation.title}")
            return redirect("partner-consultations:consultation", pk=consultation.pk)
    documents = [
        {"title": document.title, "url": _document_url(document)}
        for document in consultation.documents.all()
    ]
    return render(
        request,
        "consultations/partners/consultation_detail.html",
        {
            "forum": forum,
            "consultation": consultation,
            "documents": documents,
            "form": form,
            "max_characters": NOTE_MAX_CHARACTERS,
        },
    )


@partner_page(SIGN_OFF)
@require_http_methods(["GET", "POST"])
def outcome_detail(request, pk, *, forum):
    """An outcome sent to the forum: what it says, and the forum's answer,
    given once."""
    outcome = get_object_or_404(
        _outcomes_sent_to(forum)
        .select_related("consultation")
        .prefetch_related("actions__plan"),
        pk=pk,
    )
    answer = (
        OutcomeSignOff.objects.filter(outcome=outcome, forum=forum)
        .select_related("signed_by")
        .first()
    )
    awaiting = outcome.status == Outcome.Status.AWAITING_SIGN_OFF and answer is None
    form = OutcomeSignOffForm(request.POST or None)
    refused = ""
    if request.method == "POST":
        if not awaiting:
            refused = (
                "Your forum has already answered on this outcome."
                if answer
                else "This outcome has been published, so it can no longer be answered."
            )
        elif form.is_valid():
            try:
                outcome_sign_off(
                    outcome=outcome,
                    actor=request.user,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"],
                )
            except ReviewError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    f"Your forum’s answer on {outcome.consultation.title} is saved",
                )
                return redirect("partner-consultations:outcome", pk=outcome.pk)
    return render(
        request,
        "consultations/partners/outcome_detail.html",
        {
            "forum": forum,
            "outcome": outcome,
            "consultation": outcome.consultation,
            "answer": answer,
            "awaiting": awaiting,
            "refused": refused,
            "form": form,
            "max_characters": DISSENT_MAX_CHARACTERS,
        },
    )
