"""The experience admin's own pages: moderation, the safeguarding decision and
the audited look at contact details.

The moderation page's buttons are a table (ACTIONS): each names the form that
checks its answers, the service that decides and what to say once done. Every
service checks the permission, the claim and the version again: the pages
here only ask and explain.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .. import selectors, services
from ..models import Experience, ExperienceEvent
from ..moderation_forms import (
    FlagForm,
    ModerationForm,
    SafeguardingForm,
    TakeDownForm,
    error_list,
)
from ..services.moderation import claim_until
from ..text_checks import find_identifiers, identifier_spans

MODERATE = "feedback.moderate_experience"
DECIDE_SAFEGUARDING = "feedback.decide_safeguarding"
VIEW_CONTACT_DETAILS = "feedback.view_contact_details"
VIEW_ORIGINAL_TEXT = "feedback.view_original_text"
QUEUE = "admin:feedback_experience_changelist"


def highlight_identifiers(text: str):
    """`text`, escaped, with the personal details text_checks finds in <mark>,
    each named for screen readers (which do not announce <mark>)."""
    pieces = []
    position = 0
    for start, end, kind in identifier_spans(text):
        pieces.append(text[position:start])
        pieces.append(
            format_html(
                '<mark>{}<span class="visually-hidden"> (possible {})</span></mark>',
                text[start:end],
                kind,
            )
        )
        position = end
    pieces.append(text[position:])
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def original_text(experience: Experience) -> str:
    """What the moderator starts from when there is no public version yet."""
    return "\n\n".join(
        part for part in [experience.what_happened, experience.what_would_help] if part
    )


@dataclass(frozen=True)
class ModerationAction:
    """One button of the moderation page: the form that checks its answers
    (None when it asks none), the service that acts, what to say once done
    (with the experience's `reference` and the claim's `until`), and whether
    the moderator goes back to the queue or stays on the page."""

    form_class: type[Form] | None
    service: Callable
    done: str
    back_to_queue: bool = False


ACTIONS = {
    ModerationForm.SAVE: ModerationAction(
        ModerationForm, services.experience_save, "Saved {reference}."
    ),
    ModerationForm.PUBLISH: ModerationAction(
        ModerationForm,
        services.experience_publish,
        "Published {reference}.",
        back_to_queue=True,
    ),
    ModerationForm.DECLINE: ModerationAction(
        ModerationForm,
        services.experience_decline,
        "{reference} will not be published.",
        back_to_queue=True,
    ),
    "flag": ModerationAction(
        FlagForm,
        services.experience_flag,
        "Flagged {reference} for a safeguarding lead.",
    ),
    "take-down": ModerationAction(
        TakeDownForm,
        services.experience_take_down,
        "Took {reference} off the site. It is in review and claimed by you.",
    ),
    "claim": ModerationAction(
        None,
        services.experience_claim,
        "You have claimed {reference}: no one else can change it until you "
        "release it or until {until:%H:%M}.",
    ),
    "release": ModerationAction(
        None,
        services.experience_release,
        "Released {reference}.",
        back_to_queue=True,
    ),
}


@dataclass
class ModerationPage:
    """What a refused or unfinished action leaves for the page to show: the
    forms as they were sent (by class), why it was refused, the latest version
    after a stale edit, and whether a personal detail was found."""

    forms: dict = field(default_factory=dict)
    refusals: list = field(default_factory=list)
    stale: dict | None = None
    details_found: bool = False

    def refused(self, error: services.ModerationError, data, action, latest):
        """Keep why the service refused. A personal detail found is shown at
        the box, which keeps what was typed. After a stale edit the page shows
        the latest version (`latest()` reads it), and what was typed stays in
        a form that now carries that version, so saving it again is a choice
        made knowingly."""
        if isinstance(error, services.PersonalDetailsFound):
            for message in error.messages:
                self.forms[ModerationForm].add_error("public_version", message)
            self.details_found = True
            return
        self.refusals.extend(error.messages)
        if isinstance(error, services.StaleEdit):
            latest = latest()
            self.stale = {
                "experience": latest,
                "change": selectors.last_text_change(latest),
            }
            data = data.copy()
            data["version"] = str(latest.version)
            self.forms[ModerationForm] = ModerationForm(data, action=action)


class ModerationPages:
    """The moderation, safeguarding and contact-details pages, for
    ExperienceAdmin (a StrictAdmin, whose render_page draws them)."""

    def get_urls(self):
        def view(function, route, name):
            return path(
                route,
                self.admin_site.admin_view(function),
                name=f"feedback_experience_{name}",
            )

        return [
            view(self.moderate_view, "<int:pk>/moderate/", "moderate"),
            view(self.safeguarding_view, "<int:pk>/safeguarding/", "safeguarding"),
            view(
                self.contact_details_view,
                "<int:pk>/contact-details/",
                "contact_details",
            ),
        ] + super().get_urls()

    def _experience(self, pk) -> Experience:
        return get_object_or_404(selectors.experiences_for_moderation(), pk=pk)

    def _experience_page(self, request, experience, template, title, **context):
        """The moderation and safeguarding pages show what the person wrote:
        each showing is audited."""
        if experience.what_happened:
            services.experience_original_viewed(
                experience=experience, actor=request.user, page=title
            )
        return self.render_page(
            request,
            f"admin/feedback/experience/{template}",
            title=title,
            original=experience,
            what_happened=highlight_identifiers(experience.what_happened),
            what_would_help=highlight_identifiers(experience.what_would_help),
            identifier_kinds=find_identifiers(original_text(experience)),
            flags=experience.events.filter(action=ExperienceEvent.Action.FLAGGED),
            **context,
        )

    # Moderation ------------------------------------------------------------

    def moderate_view(self, request, pk):
        """The original beside the public version; claim, save, publish, not
        publish, flag, take down. A refused decision keeps what was typed."""
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        experience = self._experience(pk)
        page = ModerationPage()
        if request.method == "POST":
            done = self._act(request, experience, request.POST.get("action", ""), page)
            if done is not None:
                return done
            experience = self._experience(pk)  # as it is now, after a refusal
        return self._moderate_page(request, experience, page)

    def _act(self, request, experience, name, page: ModerationPage):
        """Take the action the button names. Returns where to go once it is
        done, or None to show the page again with what stopped it."""
        if name == ModerationForm.COPY_ORIGINAL:
            page.forms[ModerationForm] = ModerationForm(
                initial={
                    "public_version": original_text(experience),
                    "themes": request.POST.getlist("themes"),
                    "version": experience.version,
                }
            )
            return None
        action = ACTIONS.get(name)
        if action is None:
            page.refusals.append("Choose one of the buttons on the page.")
            return None
        arguments = {}
        if action.form_class is not None:
            form = action.form_class(request.POST, action=name)
            page.forms[action.form_class] = form
            if not form.is_valid():
                return None
            arguments = form.service_arguments()
        try:
            experience = action.service(
                experience=experience, actor=request.user, **arguments
            )
        except services.ModerationError as error:
            page.refused(
                error, request.POST, name, lambda: self._experience(experience.pk)
            )
            return None
        until = claim_until(experience)
        done = action.done.format(
            reference=experience.display_reference,
            until=timezone.localtime(until) if until else None,
        )
        self.message_user(request, done, messages.SUCCESS)
        return redirect(QUEUE if action.back_to_queue else request.path)

    def _moderate_page(self, request, experience, page: ModerationPage):
        claim = self._claim(request.user, experience)
        form, flag_form, take_down_form = self._forms(experience, page, claim)
        return self._experience_page(
            request,
            experience,
            "moderate.html",
            f"Moderate experience {experience.display_reference}",
            problems=error_list(
                form, flag_form, take_down_form, messages=page.refusals
            ),
            form=form,
            flag_form=flag_form,
            take_down_form=take_down_form,
            stale=page.stale,
            ask_keep_reason=page.details_found
            or bool(form is not None and form["keep_reason"].value()),
            # The text written so far never blocks: the form checks it. What
            # blocks the button is consent and safeguarding.
            blockers=services.publication_blockers(
                experience, original_text(experience) or "-"
            ),
            **claim,
        )

    @staticmethod
    def _claim(user, experience) -> dict:
        """Who holds the experience, for the page's words and buttons."""
        live = services.claim_is_live(experience)
        claimed_by_me = experience.claimed_by_id == user.pk and live
        return {
            "is_open": experience.status in services.OPEN,
            "claimed_by_me": claimed_by_me,
            "claimed_by_other": experience.claimed_by_id not in (None, user.pk)
            and live,
            "may_release": experience.claimed_by_id is not None
            and (claimed_by_me or user.is_superuser),
            "claim_until": claim_until(experience),
        }

    @staticmethod
    def _forms(experience, page: ModerationPage, claim: dict):
        """The page's three forms: those sent back as they were, the others
        empty, each only where its buttons apply."""
        form = page.forms.get(ModerationForm)
        if form is None and claim["is_open"] and claim["claimed_by_me"]:
            # The box starts empty (or with what was saved): a moderator
            # copies the original in on purpose, never by default.
            form = ModerationForm(
                initial={
                    "public_version": experience.public_version,
                    "themes": [theme.pk for theme in experience.themes.all()],
                    "version": experience.version,
                }
            )
        flag_form = page.forms.get(FlagForm)
        if experience.status != Experience.Status.WITHDRAWN and flag_form is None:
            flag_form = FlagForm()
        take_down_form = None
        if experience.status == Experience.Status.PUBLISHED:
            take_down_form = page.forms.get(TakeDownForm) or TakeDownForm()
        return form, flag_form, take_down_form

    # Safeguarding and contact details --------------------------------------

    def safeguarding_view(self, request, pk):
        """A safeguarding lead records a decision on a flagged experience."""
        if not request.user.has_perm(DECIDE_SAFEGUARDING):
            raise PermissionDenied
        experience = self._experience(pk)
        form = SafeguardingForm(request.POST if request.method == "POST" else None)
        decided = self.submit_form(
            request,
            form,
            lambda answers: services.experience_decide_safeguarding(
                experience=experience,
                actor=request.user,
                decision=answers["decision"],
                note=form.note,
            ),
        )
        if decided:
            self.message_user(
                request,
                f"Recorded the safeguarding decision on "
                f"{experience.display_reference}.",
                messages.SUCCESS,
            )
            return redirect(request.path)
        if form.is_bound and form.non_field_errors():
            experience = self._experience(pk)  # as it is now, after a refusal
        return self._experience_page(
            request,
            experience,
            "safeguarding.html",
            f"Safeguarding: experience {experience.display_reference}",
            problems=error_list(form),
            form=form,
        )

    def contact_details_view(self, request, pk):
        """Contact details, only when asked for with a POST: each look leaves
        an audit row (services.experience_contact_details)."""
        if not request.user.has_perm(VIEW_CONTACT_DETAILS):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        experience = get_object_or_404(Experience, pk=pk)
        return self.render_page(
            request,
            "admin/feedback/experience/contact_details.html",
            title=f"Contact details: experience {experience.display_reference}",
            original=experience,
            details=services.experience_contact_details(
                experience=experience, actor=request.user
            ),
        )
