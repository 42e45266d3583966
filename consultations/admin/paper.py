"""Typing in a response that came on paper, by phone or at an event: the
same questions and checks as answering online, on one staff page, stored
once (its submission key) with its source and who recorded it."""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path

from feedback.forms import is_yes

from ..forms import AboutYouForm, ConsentForm, QuestionsForm
from ..models import Consultation, ConsultationResponse
from ..services.responses import (
    ConsultationClosed,
    ResponseAnswers,
    response_submit,
    takes_answers,
)

RECORD = "consultations.add_consultationresponse"
Source = ConsultationResponse.Source


class RecordResponseForm(forms.Form):
    source = forms.ChoiceField(
        label="How it was received",
        choices=[choice for choice in Source.choices if choice[0] != Source.ONLINE],
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)


def _answers(about, questions, consent) -> ResponseAnswers:
    chosen = (
        {int(pk): answer for pk, answer in questions.answers().items()}
        if questions
        else {}
    )
    kept = consent.answers()
    return ResponseAnswers(
        respondent=ConsultationResponse.Respondent(about.cleaned_data["respondent"]),
        organisation_name=about.cleaned_data["organisation_name"],
        answers=chosen,
        consent_publish=is_yes(kept.get("consent_publish")),
        publish_as_organisation=is_yes(kept.get("publish_as_organisation")),
        consent_share=is_yes(kept.get("consent_share")),
        consent_contact=is_yes(kept.get("consent_contact")),
        contact_email=kept.get("contact_email", ""),
    )


class RecordResponsePages:
    """Mixed into ConsultationAdmin: its "Record a response" page."""

    def get_urls(self):
        return [
            path(
                "<int:pk>/record/",
                self.admin_site.admin_view(self.record_view),
                name="consultations_consultation_record",
            ),
        ] + super().get_urls()

    def record_view(self, request, pk):
        if not request.user.has_perm(RECORD):
            raise PermissionDenied
        consultation = get_object_or_404(Consultation, pk=pk)
        questions = list(consultation.questions.all())
        data = request.POST if request.method == "POST" else None
        meta = RecordResponseForm(
            data, initial={"submission_key": uuid.uuid4()}, prefix="record"
        )
        about = AboutYouForm(data, prefix="about")
        asked = (
            QuestionsForm(
                data,
                questions=questions,
                areas=list(consultation.areas.all()),
                heading="The questions",
                prefix="answers",
            )
            if questions
            else None
        )
        consent = ConsentForm(data, organisation=True, prefix="consent")
        consent.fields["publish_as_organisation"].required = False
        pages = [form for form in (about, asked, consent) if form is not None]
        open_now = takes_answers(consultation, source=Source.PAPER)
        if (
            data is not None
            and open_now
            and meta.is_valid()
            and all(form.is_valid() for form in pages)
        ):
            try:
                response, created = response_submit(
                    consultation=consultation,
                    answers=_answers(about, asked, consent),
                    submission_key=meta.cleaned_data["submission_key"],
                    source=meta.cleaned_data["source"],
                    recorded_by=request.user,
                )
            except ConsultationClosed:
                open_now = False
            else:
                self.message_user(
                    request,
                    f"Recorded response {response.display_reference}."
                    if created
                    else f"Response {response.display_reference} was already recorded.",
                    messages.SUCCESS,
                )
                return redirect("admin:consultations_consultation_change", pk)
        return self.render_page(
            request,
            "admin/consultations/consultation/record.html",
            title=f"Record a response to {consultation}",
            original=consultation,
            meta_form=meta,
            page_forms=pages,
            open_now=open_now,
        )
