"""Staff admin for the record. State changes go through letters.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from core.admin import AuditTrailAdmin, ReadOnlyAdmin, StrictAdmin, TabularInline

from . import services
from .models import (
    AreaOfWeakness,
    Attachment,
    ChangeNote,
    Inspection,
    JudgementEvent,
    Letter,
    LetterEvent,
    Organisation,
    Person,
    ProgressJudgement,
    Role,
    Signatory,
)

CHANGE_NOTE_REQUIRED = (
    "Add a change note: a published letter is never edited silently. "
    "The note is shown on the letter with today's date."
)


@admin.register(Organisation)
class OrganisationAdmin(StrictAdmin):
    list_display = ["name", "kind", "existed_from", "existed_until"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["succeeded_by"]


class RoleInline(TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Person)
class PersonAdmin(StrictAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(StrictAdmin):
    list_display = ["person", "title", "organisation", "started", "ended"]
    list_filter = ["organisation"]
    list_select_related = ["person", "organisation"]
    search_fields = ["person__name", "title", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]

    def get_queryset(self, request):
        # Each post reads with its person and organisation (in the signatory
        # picker too), so they come in the same query.
        return super().get_queryset(request).select_related("person", "organisation")


class AreaInline(TabularInline):
    model = AreaOfWeakness
    extra = 0
    fields = ["number", "short_title", "slug", "provisional"]
    show_change_link = True


class JudgementInline(TabularInline):
    model = ProgressJudgement
    fk_name = "revisit"
    extra = 0
    autocomplete_fields = ["area"]


@admin.register(Inspection)
class InspectionAdmin(StrictAdmin):
    list_display = ["title", "kind", "on_site_from", "published_on"]
    list_filter = ["kind", "inspectorates"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["inspectorates", "revisit_of"]
    inlines = [AreaInline, JudgementInline]

    def save_formset(self, request, form, formset, change):
        # A judgement is saved through the service, which announces a new or
        # changed one; the other rows as Django saves them.
        if formset.model is not ProgressJudgement:
            return super().save_formset(request, form, formset, change)
        judgements = formset.save(commit=False)  # the new and changed rows
        for judgement in formset.deleted_objects:
            services.judgement_delete(judgement=judgement, actor=request.user)
        for judgement in judgements:
            services.judgement_save(judgement=judgement, actor=request.user)
        formset.save_m2m()
        return None


@admin.register(AreaOfWeakness)
class AreaOfWeaknessAdmin(StrictAdmin):
    list_display = ["number", "short_title", "inspection", "provisional"]
    list_filter = ["inspection", "provisional"]
    list_select_related = ["inspection"]
    search_fields = ["short_title", "finding"]
    prepopulated_fields = {"slug": ["short_title"]}
    autocomplete_fields = ["inspection"]


@admin.register(ProgressJudgement)
class ProgressJudgementAdmin(StrictAdmin):
    list_display = ["area", "revisit", "judgement"]
    list_filter = ["revisit", "judgement"]
    list_select_related = ["area", "revisit"]
    autocomplete_fields = ["area", "revisit"]

    # Through the services, which audit each judgement entered, changed or
    # deleted, and announce a new or changed one.
    def save_model(self, request, obj, form, change):
        services.judgement_save(judgement=obj, actor=request.user)

    def delete_model(self, request, obj):
        services.judgement_delete(judgement=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for judgement in queryset:
            services.judgement_delete(judgement=judgement, actor=request.user)


@admin.register(JudgementEvent)
class JudgementEventAdmin(ReadOnlyAdmin):
    """The progress judgements' audit trail, read-only for everyone."""

    list_display = ["at", "action", "record", "actor_name"]
    list_filter = ["action"]
    search_fields = ["record"]
    fields = ["at", "actor_name", "action", "record", "changes", "detail"]


class PublicLetterInlineFormSet(BaseInlineFormSet):
    """Signatories and attachments of a public letter change only with a note."""

    def clean(self):
        super().clean()
        letter = self.instance
        if (
            letter.pk
            and letter.has_been_public
            and self.has_changed()
            and not self.data.get("change_note", "").strip()
        ):
            raise ValidationError(CHANGE_NOTE_REQUIRED)


class SignatoryInline(TabularInline):
    model = Signatory
    formset = PublicLetterInlineFormSet
    extra = 0
    autocomplete_fields = ["role"]


class AttachmentFormSet(PublicLetterInlineFormSet):
    """Saves through `attachments_save`, which audits each attachment added,
    replaced, changed or removed, as the editor in `actor` (set by the
    inline for each request)."""

    actor = None

    def save(self, commit=True):
        attachments = super().save(commit=False)
        if commit and (attachments or self.deleted_objects):
            services.attachments_save(
                letter=self.instance,
                actor=self.actor,
                attachments=attachments,
                deleted=self.deleted_objects,
            )
        return attachments


class AttachmentInline(TabularInline):
    model = Attachment
    formset = AttachmentFormSet
    extra = 0
    fields = ["title", "file", "order"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.actor = request.user
        return formset


def https_url_fields(db_field, **kwargs):
    # Django 6 assumes https for scheme-less URLs; choose it now, explicitly.
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class LetterAdminForm(forms.ModelForm):
    change_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the letter is already public: what changed and why.",
    )

    class Meta:
        model = Letter
        formfield_callback = https_url_fields
        fields = [
            "kind",
            "title",
            "slug",
            "date",
            "reference",
            "senders",
            "recipient",
            "audience",
            "summary",
            "body",
            "source_url",
            "inspection",
            "areas",
            "in_reply_to",
        ]

    def clean(self):
        cleaned = super().clean()
        letter = self.instance
        changed = [name for name in self.changed_data if name != "change_note"]
        if letter.pk and letter.has_been_public and changed:
            if not cleaned.get("change_note", "").strip():
                self.add_error("change_note", CHANGE_NOTE_REQUIRED)
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Shown publicly on the letter.",
    )


class ScheduleForm(forms.Form):
    publish_at = forms.SplitDateTimeField(
        label="Publish at",
        help_text="Date (YYYY-MM-DD) and time (HH:MM), UK time.",
    )

    def clean_publish_at(self):
        value = self.cleaned_data["publish_at"]
        if value <= timezone.now():
            raise ValidationError("Choose a time in the future, or publish now.")
        return value


@admin.register(Letter)
class LetterAdmin(StrictAdmin):
    form = LetterAdminForm
    list_display = ["title", "kind", "date", "status", "publish_at", "preview_link"]
    list_filter = ["status", "kind", "senders", "inspection", "audience"]
    date_hierarchy = "date"
    search_fields = ["title", "summary", "reference"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["senders", "areas", "inspection", "in_reply_to"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["status", "publish_at", "withdrawn_at", "withdrawn_reason"]
    inlines = [SignatoryInline, AttachmentInline]
    actions = ["publish_now", "withdraw"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "date", "reference"]}),
        ("From and to", {"fields": ["senders", "recipient", "audience"]}),
        ("Content", {"fields": ["summary", "body", "source_url"]}),
        ("Concerns", {"fields": ["inspection", "areas", "in_reply_to"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "publish_at",
                    "withdrawn_at",
                    "withdrawn_reason",
                    "change_note",
                ]
            },
        ),
    ]

    @admin.display(description="Preview")
    def preview_link(self, letter):
        return format_html(
            '<a href="{}">Preview<span class="visually-hidden"> {}</span></a>',
            reverse("letters:preview", kwargs={"slug": letter.slug}),
            letter.title,
        )

    def has_publish_permission(self, request):
        return request.user.has_perm("letters.publish_letter")

    def has_withdraw_permission(self, request):
        return request.user.has_perm("letters.withdraw_letter")

    def has_delete_permission(self, request, obj=None):
        # The record is never silently deleted: a public letter can only be
        # withdrawn, which keeps it at its URL.
        if obj is not None and obj.has_been_public:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk delete would bypass the check above.
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.letter_created(letter=obj, actor=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        edited = [name for name in form.changed_data if name != "change_note"] or any(
            formset.has_changed() for formset in formsets
        )
        if change and edited:
            services.letter_record_edit(
                letter=form.instance,
                actor=request.user,
                change_note=form.cleaned_data.get("change_note", ""),
            )

    @admin.action(description="Publish selected letters now", permissions=["publish"])
    def publish_now(self, request, queryset):
        self.act_on_each(
            request,
            queryset,
            lambda letter: services.letter_publish(letter=letter, actor=request.user),
            done="Published {count} letter(s).",
        )

    @admin.action(description="Withdraw selected letters", permissions=["withdraw"])
    def withdraw(self, request, queryset):
        form = WithdrawForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            self.act_on_each(
                request,
                queryset,
                lambda letter: services.letter_withdraw(
                    letter=letter,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                ),
                done="Withdrew {count} letter(s).",
            )
            return None
        return self.render_page(
            request,
            "admin/letters/letter/withdraw.html",
            title="Withdraw letters",
            letters=queryset,
            form=form,
            action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/schedule/",
                self.admin_site.admin_view(self.schedule_view),
                name="letters_letter_schedule",
            ),
        ] + super().get_urls()

    def schedule_view(self, request, pk):
        """Publish at a future time (an embargo); public automatically then."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        letter = get_object_or_404(Letter, pk=pk)
        form = ScheduleForm(request.POST or None)
        scheduled = self.submit_form(
            request,
            form,
            lambda answers: services.letter_publish(
                letter=letter, actor=request.user, at=answers["publish_at"]
            ),
        )
        if scheduled:
            self.message_user(
                request,
                f"{letter} will be published at "
                f"{timezone.localtime(letter.publish_at):%d %B %Y %H:%M}.",
                messages.SUCCESS,
            )
            return redirect("admin:letters_letter_change", letter.pk)
        return self.render_page(
            request,
            "admin/letters/letter/schedule.html",
            title=f"Schedule {letter}",
            original=letter,
            form=form,
        )


@admin.register(ChangeNote)
class ChangeNoteAdmin(ReadOnlyAdmin):
    """Notes are written by editing the letter."""

    list_display = ["letter", "made_at", "made_by"]
    list_select_related = ["letter", "made_by"]
    search_fields = ["letter__title", "note"]


@admin.register(LetterEvent)
class LetterEventAdmin(AuditTrailAdmin):
    """The audit trail, read-only for everyone."""

    audited = "letter"
    search_fields = ["letter__title", "detail"]
