"""Public pages of consultations: the list by state, each consultation (its
questions, documents and easy read version), its documents' PDFs, and the
part of each area page about them. Each runs a constant number of
queries."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.files import serve_pdf
from core.page_cache import public_page

from .models import Consultation, ConsultationDocument
from .selectors import consultations_by_state

State = Consultation.State


@public_page
def consultation_list(request):
    now = timezone.now()
    lists = consultations_by_state(now)
    return render(
        request,
        "consultations/consultation_list.html",
        {
            "open": lists[State.OPEN],
            "upcoming": lists[State.UPCOMING],
            "closed": lists[State.CLOSED],
            "finished": lists[State.OUTCOME],
        },
    )


@public_page
def consultation_detail(request, slug):
    consultation = get_object_or_404(
        Consultation.objects.public().prefetch_related(
            "organisations", "areas", "questions", "documents", "question_changes"
        ),
        slug=slug,
    )
    return render(
        request,
        "consultations/consultation_detail.html",
        {"consultation": consultation, "State": State},
    )


@public_page
def consultation_easy_read(request, slug):
    """The easy read version, where there is one: its text, its easy read
    documents and each question in its easy read wording where given."""
    consultation = get_object_or_404(
        Consultation.objects.public()
        .exclude(easy_read="")
        .prefetch_related(
            "questions",
            Prefetch(
                "documents",
                queryset=ConsultationDocument.objects.filter(easy_read=True),
                to_attr="easy_read_documents",
            ),
        ),
        slug=slug,
    )
    return render(
        request, "consultations/easy_read.html", {"consultation": consultation}
    )


def consultation_document(request, slug, pk):
    """A document's PDF, never from a bare media URL: a draft's only to staff
    who may see consultations and to forums reviewing drafts. Not a public
    page, so never kept in the shared cache, a draft's least of all."""
    consultation = get_object_or_404(Consultation, slug=slug)
    if not consultation.released and not (
        request.user.has_perm("consultations.view_consultation")
        or request.user.has_perm("consultations.review_draft")
    ):
        raise Http404("No such document.")
    document = get_object_or_404(ConsultationDocument, consultation=consultation, pk=pk)
    return serve_pdf(document.file)


def area_section(request, area):
    """On an area page: the public consultations about it, newest first, with
    their dates (who runs them is on their own pages). One query; nothing at
    all where there are none."""
    consultations = list(
        Consultation.objects.public().filter(areas=area).order_by("-opens_at", "pk")
    )
    if not consultations:
        return None
    return {
        "template": "consultations/area_section.html",
        "consultations": consultations,
    }
