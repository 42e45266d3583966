"""The staff admin's consultation responses: a read-only list with the
answers on each response's page, the results page, the CSV export and the
audited look at a respondent's email address.

Nobody adds or edits a response here: they come from the response journey
(and paper forms typed in by staff, on a page of their own). Each page checks
its permission; each look at an address and each export leaves an audit row
(consultations.services.analysis).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone

from core.admin import ReadOnlyAdmin

from ..analysis import question_results, response_answers, responses_by_source
from ..export import csv_lines, response_rows, responses_to_export
from ..models import Consultation, ConsultationResponse, Question
from ..services.analysis import (
    EXPORT,
    MODERATE,
    SEE_ORIGINAL_TEXT,
    VIEW_CONTACT,
    may_see_answers_of,
    response_contact_seen,
    responses_export,
)
from .filters import ConsultationFilter

VIEW_RESPONSES = "consultations.view_consultationresponse"


class ResponseConsultationFilter(ConsultationFilter):
    field_path = "consultation"


def _reference_as_stored(typed: str) -> str:
    """A reference as displayed (C-ABCD1234) or typed loosely, as stored."""
    typed = typed.strip().upper()
    return typed.removeprefix("C-").replace(" ", "")


@admin.register(ConsultationResponse)
class ConsultationResponseAdmin(ReadOnlyAdmin):
    list_display = [
        "reference_number",
        "consultation",
        "source",
        "respondent",
        "submitted_at",
        "flag",
        "status",
    ]
    list_filter = [ResponseConsultationFilter, "source", "safeguarding_flag", "status"]
    list_select_related = ["consultation"]
    search_fields = ["reference"]
    # get_absolute_url is this very page: no "View on site" link to itself.
    view_on_site = False
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "reference_number",
                    "consultation",
                    "status",
                    "source",
                    "recorded_by",
                    "submitted_at",
                    "withdrawn_at",
                ]
            },
        ),
        (
            "Who answered",
            {"fields": ["respondent", "organisation_name", "easy_read_answer"]},
        ),
        (
            "Consents",
            {
                "fields": [
                    "consent_publish_answer",
                    "publish_as_organisation_answer",
                    "consent_share_answer",
                    "consent_contact_answer",
                ]
            },
        ),
        ("Checks", {"fields": ["identifiers_found", "flag"]}),
    ]
    # The email address is not among them: it is shown only on request, and
    # each look is audited (contact_view).
    readonly_fields = [name for _, options in fieldsets for name in options["fields"]]

    @admin.display(description="Reference", ordering="reference")
    def reference_number(self, response):
        return response.display_reference

    @admin.display(description="Safeguarding flag", ordering="safeguarding_flag")
    def flag(self, response):
        return "Flagged" if response.safeguarding_flag else "No"

    @admin.display(description="Easy read")
    def easy_read_answer(self, response):
        return "Yes" if response.easy_read else "No"

    @admin.display(description="Consent to publish")
    def consent_publish_answer(self, response):
        return "Yes" if response.consent_publish else "No"

    @admin.display(description="May be published under the organisation's name")
    def publish_as_organisation_answer(self, response):
        return "Yes" if response.publish_as_organisation else "No"

    @admin.display(description="Consent to share with forums")
    def consent_share_answer(self, response):
        return "Yes" if response.consent_share else "No"

    @admin.display(description="Wants the outcome by email")
    def consent_contact_answer(self, response):
        return "Yes" if response.consent_contact else "No"

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset, _reference_as_stored(search_term)
        )

    def changelist_view(self, request, extra_context=None):
        # Filtered to one consultation, the list links to its results and
        # export; the id comes from the filter, which checks it is a number.
        chosen = request.GET.get(ResponseConsultationFilter.parameter_name, "")
        consultation = None
        if chosen.isdigit():
            consultation = Consultation.objects.filter(pk=chosen).first()
        return super().changelist_view(
            request,
            {
                **(extra_context or {}),
                "chosen_consultation": consultation,
                "can_export": request.user.has_perm(EXPORT),
            },
        )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        # The read page shows the answers (a flagged response's only to the
        # roles that see flagged experiences) and the ways onward.
        if obj is not None:
            user = request.user
            shown = may_see_answers_of(user, obj)
            context.update(
                answers=response_answers(obj, original=user.has_perm(SEE_ORIGINAL_TEXT))
                if shown
                else [],
                answers_withheld=not shown,
                can_view_contact=user.has_perm(VIEW_CONTACT),
                can_export=user.has_perm(EXPORT),
            )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_urls(self):
        def view(function, route, name):
            return path(
                route,
                self.admin_site.admin_view(function),
                name=f"consultations_consultationresponse_{name}",
            )

        return [
            view(self.results_view, "results/<int:pk>/", "results"),
            view(self.export_view, "export/<int:pk>/", "export"),
            view(self.contact_view, "<int:pk>/contact/", "contact"),
        ] + super().get_urls()

    def results_view(self, request, pk):
        """Exact counts for staff: by source, and per question a chart with
        its table; written answers link to their moderation queue."""
        if not request.user.has_perm(VIEW_RESPONSES):
            raise PermissionDenied
        consultation = get_object_or_404(Consultation, pk=pk)
        sources = responses_by_source(consultation)
        return self.render_page(
            request,
            "admin/consultations/consultationresponse/results.html",
            title=f"Results: {consultation.title}",
            consultation=consultation,
            sources=sources,
            total=sum(count for _, count in sources),
            results=question_results(consultation),
            text_kinds=Question.TEXT_KINDS,
            can_moderate=request.user.has_perm(MODERATE),
            can_export=request.user.has_perm(EXPORT),
            answers_url=reverse("admin:consultations_answer_changelist"),
            responses_url=reverse(
                "admin:consultations_consultationresponse_changelist"
            ),
        )

    def export_view(self, request, pk):
        """The responses not withdrawn as a CSV, streamed a chunk at a time;
        the email column only for those allowed to see addresses."""
        user = request.user
        if not user.has_perm(EXPORT):
            raise PermissionDenied
        consultation = get_object_or_404(Consultation, pk=pk)
        with_contact = user.has_perm(VIEW_CONTACT)
        responses_export(
            consultation=consultation,
            actor=user,
            row_count=responses_to_export(consultation).count(),
            with_contact=with_contact,
        )
        rows = response_rows(
            consultation,
            with_contact=with_contact,
            with_original_text=user.has_perm(SEE_ORIGINAL_TEXT),
        )
        response = StreamingHttpResponse(
            csv_lines(rows), content_type="text/csv; charset=utf-8"
        )
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="{consultation.slug}-responses-{day}.csv"'
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def contact_view(self, request, pk):
        """The email address, only when asked for with a POST: each look
        leaves an audit row naming the response's reference."""
        if not request.user.has_perm(VIEW_CONTACT):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        response = get_object_or_404(
            ConsultationResponse.objects.select_related("consultation"), pk=pk
        )
        return self.render_page(
            request,
            "admin/consultations/consultationresponse/contact.html",
            title=f"Contact details: response {response.display_reference}",
            original=response,
            email=response_contact_seen(response=response, actor=request.user),
        )
