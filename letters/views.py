"""Public pages of the record: letters, inspections and areas of weakness."""

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from core.files import serve_pdf
from core.page_cache import public_page
from core.pagination import filtered_page
from core.sections import Slot

from .filters import LetterFilter
from .models import (
    AreaOfWeakness,
    Attachment,
    Inspection,
    Letter,
    ProgressJudgement,
    Signatory,
)

LETTERS_PER_PAGE = 20


def latest_judgements():
    """Judgements newest revisit first, so an area's first one is its latest."""
    return Prefetch(
        "judgements",
        queryset=ProgressJudgement.objects.select_related("revisit").order_by(
            "-revisit__on_site_from"
        ),
    )


@public_page
def letter_list(request):
    filterset = LetterFilter(
        request.GET or None, queryset=Letter.objects.on_record().for_listing()
    )
    listing = filtered_page(request, filterset, LETTERS_PER_PAGE)
    return render(
        request,
        "letters/letter_list.html",
        {**listing, "letters": listing["page"].object_list},
    )


def _letter_page(request, letter_queryset, slug, *, preview=False):
    public = Letter.objects.on_record()
    letter = get_object_or_404(
        letter_queryset.select_related("inspection").prefetch_related(
            "senders",
            "areas",
            "attachments",
            "change_notes",
            Prefetch(
                "signatories",
                queryset=Signatory.objects.select_related(
                    "role__person", "role__organisation"
                ),
            ),
            Prefetch(
                "responses",
                queryset=public.prefetch_related("senders").order_by("date"),
                to_attr="public_responses",
            ),
        ),
        slug=slug,
    )
    in_reply_to = None
    if letter.in_reply_to_id:
        in_reply_to = public.filter(pk=letter.in_reply_to_id).first()
    return render(
        request,
        "letters/letter_detail.html",
        {"letter": letter, "in_reply_to": in_reply_to, "preview": preview},
    )


@public_page
def letter_detail(request, slug):
    return _letter_page(request, Letter.objects.on_record(), slug)


@never_cache
@login_required(login_url="admin:login")
@permission_required("letters.change_letter", raise_exception=True)
def letter_preview(request, slug):
    """Editors see any letter, drafts included, exactly as it will look; other
    staff may not read an embargoed letter before its time."""
    return _letter_page(request, Letter.objects.all(), slug, preview=True)


@public_page
def inspection_detail(request, slug):
    inspection = get_object_or_404(
        Inspection.objects.select_related("revisit_of").prefetch_related(
            "inspectorates",
            Prefetch(
                "areas",
                queryset=AreaOfWeakness.objects.prefetch_related(latest_judgements()),
            ),
            Prefetch(
                "judgements",
                queryset=ProgressJudgement.objects.select_related("area"),
            ),
            "revisits",
            Prefetch(
                "letters",
                queryset=Letter.objects.on_record()
                .prefetch_related("senders")
                .order_by("date", "publish_at"),
                to_attr="public_letters",
            ),
        ),
        slug=slug,
    )
    # Each area with its latest judgement, then what this revisit judged: the
    # same table twice (letters/includes/area_judgements.html).
    area_rows = [
        (area, next(iter(area.judgements.all()), None))
        for area in inspection.areas.all()
    ]
    judgement_rows = [(j.area, j) for j in inspection.judgements.all()]
    return render(
        request,
        "letters/inspection_detail.html",
        {
            "inspection": inspection,
            "area_rows": area_rows,
            "judgement_rows": judgement_rows,
        },
    )


@public_page
def area_list(request):
    inspections = (
        Inspection.objects.filter(areas__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch(
                "areas",
                queryset=AreaOfWeakness.objects.prefetch_related(latest_judgements()),
            )
        )
    )
    return render(request, "letters/area_list.html", {"inspections": inspections})


AREA_LETTERS = 10


# Later apps add their parts to each area page (core.sections): feedback its
# invitation to share an experience, near the top, and its published
# experiences and responses; plans the area's actions and indicators. Each
# filler is called as `filler(request, area)`.
AREA_INVITATION = Slot("letters.area_invitation")
AREA_SECTIONS = Slot("letters.area")


@public_page
def area_detail(request, slug):
    area = get_object_or_404(
        AreaOfWeakness.objects.select_related("inspection").prefetch_related(
            latest_judgements()
        ),
        slug=slug,
    )
    letters = Letter.objects.on_record().filter(areas=area).for_listing()
    return render(
        request,
        "letters/area_detail.html",
        {
            "area": area,
            "letters": letters[:AREA_LETTERS],
            "letter_count": letters.count(),
            "invitations": AREA_INVITATION.parts(request, area),
            "sections": AREA_SECTIONS.parts(request, area),
        },
    )


def attachment_download(request, slug, pk):
    """Attachments are served only for letters on the record, never from a bare
    media URL, so a draft's files cannot be guessed before publication."""
    attachment = get_object_or_404(
        Attachment.objects.filter(letter__in=Letter.objects.on_record()),
        letter__slug=slug,
        pk=pk,
    )
    return serve_pdf(attachment.file)
