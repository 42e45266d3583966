"""Subject access and erasure, for staff holding core.handle_data_requests:
find everything the portal holds about one person by their email address,
phone number or reference (an experience's, or a consultation response's);
download it as one file; erase it.

Every step is a POST (an address or phone number never sits in a URL, so
never in a server's access log), every step is audited (core.DataEvent, which
names references, never what was searched for), and erasure is withdrawal
(feedback.services.experience_withdraw, and response_withdraw for
consultation responses: portal.consultation_data) plus the emails sent to
them, and the staff exports that could hold what they wrote (consultation
exports are streamed, never kept, so there are none of those to delete).
"""

import io
import json
import re
import zipfile
from dataclasses import dataclass, field

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.forms import CleanCharField
from core.models import DataEvent, OutboundEmail
from feedback import services as feedback_services
from feedback.models import ExperienceEvent
from feedback.selectors import REFERENCE, experiences_of_person

from .alert_data import erase_subscribers, find_subscribers, subscribers_as_data
from .consultation_data import (
    consultation_reference,
    erase_responses,
    find_responses,
    responses_as_data,
)

PERMISSION = "core.handle_data_requests"
# Audit rows whose detail may name a worry or a referral: a subject access
# reply is checked for those before it is sent, so the file withholds them.
WITHHELD = {ExperienceEvent.Action.FLAGGED, ExperienceEvent.Action.SAFEGUARDING}
WITHHELD_TEXT = "[withheld: safeguarding; ask the safeguarding lead]"


class FindForm(forms.Form):
    who = CleanCharField(
        label="Email address, phone number or reference",
        max_length=254,
        help_text="As the person gave it, like name@example.com, 07700 900123, "
        "ACDE-2467 or, for a consultation response, C-ACDE2467.",
        error_messages={
            "required": "Enter an email address, phone number or reference"
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_who(self):
        who = self.cleaned_data["who"]
        if "@" in who:
            try:
                validate_email(who)
            except ValidationError:
                raise ValidationError(
                    "Enter an email address in the correct format, like "
                    "name@example.com"
                ) from None
            return {"kind": "email address", "email": who}
        if consultation_reference(who):
            return {
                "kind": "consultation reference",
                "consultation_reference": consultation_reference(who),
            }
        if REFERENCE.fullmatch(who.replace(" ", "")):
            return {"kind": "reference", "reference": who}
        if len(re.sub(r"\D", "", who)) >= 6 and re.fullmatch(r"[\d\s()+.-]+", who):
            return {"kind": "phone number", "phone": who}
        raise ValidationError(
            "Enter an email address, a phone number or a reference like "
            "ACDE-2467 or C-ACDE2467"
        )


@dataclass
class Found:
    kind: str
    experiences: list
    emails: list
    responses: list
    subscribers: list = field(default_factory=list)

    @property
    def references(self) -> str:
        found = [record.display_reference for record in self.experiences]
        found += [record.display_reference for record in self.responses]
        found += [str(subscriber) for subscriber in self.subscribers]
        return ", ".join(found) or "none"


def _experiences(terms: dict) -> list:
    if "consultation_reference" in terms:
        return []
    return list(
        experiences_of_person(**terms)
        .select_related("district")
        .prefetch_related(
            "areas",
            "themes",
            Prefetch(
                "events",
                queryset=ExperienceEvent.objects.order_by("at", "pk"),
            ),
        )
        .order_by("submitted_at", "pk")
    )


def _responses(terms: dict) -> list:
    """A consultation response has an address and a reference, no phone; a
    reference without its "C" may be either kind's."""
    if "phone" in terms:
        return []
    reference = terms.get("consultation_reference") or terms.get("reference", "")
    return find_responses(email=terms.get("email", ""), reference=reference)


def find(who: dict) -> Found:
    """Experiences (with their areas, themes and audit rows), consultation
    responses (with their consultation, and answers with their questions) and
    email alerts subscriber (with their topics), and the emails sent to the
    person or about either: nine queries whatever the numbers (and one more
    for the names of areas chosen)."""
    terms = {key: value for key, value in who.items() if key != "kind"}
    experiences = _experiences(terms)
    responses = _responses(terms)
    about = Q(
        record__in=[record.display_reference for record in (*experiences, *responses)]
    )
    if "email" in terms:
        about |= Q(to__iexact=terms["email"])
    emails = list(OutboundEmail.objects.filter(about).order_by("created_at", "pk"))
    return Found(
        kind=who["kind"],
        experiences=experiences,
        emails=emails,
        responses=responses,
        subscribers=find_subscribers(email=terms.get("email", "")),
    )


def _audit(action, found: Found, actor, detail="") -> None:
    DataEvent.objects.create(
        action=action,
        actor=actor,
        record=found.references[:300],
        detail=detail or f"Searched by {found.kind}",
    )


def as_data(found: Found) -> dict:
    """What the download holds, as plain data (the JSON, and the page)."""

    def when(moment):
        if moment is None:
            return None
        return timezone.localtime(moment).replace(microsecond=0).isoformat()

    return {
        "made_at": when(timezone.now()),
        "found_by": found.kind,
        "experiences": [
            {
                "reference": e.display_reference,
                "status": e.get_status_display(),
                "shared_at": when(e.submitted_at),
                "received_by": e.get_source_display(),
                "shared_by": e.get_respondent_display(),
                "areas": [str(area) for area in e.areas.all()],
                "child_age_group": e.get_age_group_display(),
                "setting": e.get_setting_display(),
                "district": str(e.district or ""),
                "needs": e.needs,
                "ehc_plan": e.get_ehc_status_display(),
                "what_happened": e.what_happened,
                "what_would_have_helped": e.what_would_help,
                "what_you_wrote_erased_at": when(e.text_erased_at),
                "public_version": e.public_version,
                "consent_to_publish": e.consent_publish,
                "consent_to_share_with_forums": e.consent_share,
                "consent_to_contact": e.consent_contact,
                "contact_email": e.contact_email,
                "contact_phone": e.contact_phone,
                "themes": [str(theme) for theme in e.themes.all()],
                "not_published_because": e.get_decline_reason_display(),
                "withdrawn_at": when(e.withdrawn_at),
                "history": [
                    {
                        "at": when(event.at),
                        "what": event.get_action_display(),
                        "by": event.actor_name or "",
                        "detail": WITHHELD_TEXT
                        if event.action in WITHHELD
                        else event.detail,
                    }
                    for event in e.events.all()
                ],
            }
            for e in found.experiences
        ],
        "consultation_responses": responses_as_data(found.responses, when),
        "email_alerts": subscribers_as_data(found.subscribers, when),
        "emails_sent": [
            {
                "to": email.to,
                "subject": email.subject,
                "body": email.body,
                "status": email.get_status_display(),
                "queued_at": when(email.created_at),
                "sent_at": when(email.sent_at),
            }
            for email in found.emails
        ],
    }


def download(found: Found) -> HttpResponse:
    data = as_data(found)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as files:
        files.writestr(
            "information-we-hold.json",
            json.dumps(data, indent=2, ensure_ascii=False),
        )
        files.writestr(
            "information-we-hold.html",
            render_to_string("admin/data_requests/export.html", {"data": data}),
        )
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = HttpResponse(archive.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="subject-access-{stamp}.zip"'
    )
    response["Cache-Control"] = "no-store"
    return response


@dataclass
class Erased:
    experiences: int
    responses: int
    exports: int


@transaction.atomic
def erase(found: Found, actor) -> Erased:
    """Withdraw each experience and consultation response (erasing what was
    written and the contact details, keeping a tombstone with the reference),
    unsubscribe them from email alerts (nothing kept), delete the emails, and
    delete every staff export asked for since the first experience was shared
    (it could hold what they wrote, even one withdrawn since: finding which
    did would mean reading each file). Returns what was erased."""
    for experience in found.experiences:
        feedback_services.experience_withdraw(experience=experience, actor=actor)
    erase_responses(found.responses, actor)
    erase_subscribers(found.subscribers)
    OutboundEmail.objects.filter(pk__in=[email.pk for email in found.emails]).delete()
    exports = 0
    if found.experiences:
        exports = feedback_services.exports_delete_since(
            since=min(experience.submitted_at for experience in found.experiences),
            actor=actor,
            reason="as it could hold data erased on request",
        )
    _audit(
        DataEvent.Action.ERASED,
        found,
        actor,
        f"Erased; found by {found.kind}; {exports} staff export(s) deleted",
    )
    return Erased(len(found.experiences), len(found.responses), exports)


@require_http_methods(["GET", "POST"])
def index(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied(f"Needs the {PERMISSION} permission.")
    form = FindForm(request.POST or None)
    context = {
        **admin.site.each_context(request),
        "title": "Find a person's data",
        "form": form,
    }
    if request.method == "POST" and form.is_valid():
        found = find(form.cleaned_data["who"])
        step = request.POST.get("step", "find")
        if step == "download":
            _audit(DataEvent.Action.EXPORTED, found, request.user)
            return download(found)
        if step == "erase":
            if request.POST.get("confirm") == "yes":
                context["erased"] = erase(found, request.user)
                found = find(form.cleaned_data["who"])
            else:
                context["confirm_missing"] = True
        else:
            _audit(DataEvent.Action.SEARCHED, found, request.user)
        context.update(found=found, data=as_data(found))
    return render(request, "admin/data_requests/index.html", context)
