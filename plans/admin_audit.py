"""The tracker admin's audit trail: a base ModelAdmin that writes a PlanEvent
for every create, change and delete made through it and its inlines."""

from django.db import transaction

from core.admin import StrictAdmin

from .models import PlanEvent
from .services import changes_of, plan_event_record, snapshot

Kind = PlanEvent.Kind


def _audited_fields(model, names=None) -> tuple[list[str], list[str]]:
    """(plain fields, many-to-many fields) of `model` among `names` (a form's
    field names, which may include fields that are not the model's)."""
    plain = [
        f.name
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and (names is None or f.name in names)
    ]
    many = [
        f.name for f in model._meta.many_to_many if names is None or f.name in names
    ]
    return plain, many


def _names(objects) -> list[str]:
    return sorted(str(item) for item in objects)


def _as_created(obj, plain: list[str]) -> dict:
    """{field: [None, value]} for the fields given a value."""
    return {
        name: change
        for name, change in changes_of(obj, plain, None).items()
        if change[1] not in ("", None)
    }


def _as_deleted(obj) -> dict:
    """{field: [value, None]}: what a deleted row held."""
    plain, _ = _audited_fields(type(obj))
    return {name: [after, None] for name, (_, after) in _as_created(obj, plain).items()}


class AuditedAdmin(StrictAdmin):
    """Writes a PlanEvent for each create, change and delete made through this
    admin and its inlines, with the fields that changed as {field: [before,
    after]} (many-to-many fields as the names of what was chosen). The admin
    saves in one transaction, so the change and its audit row go together."""

    def save_model(self, request, obj, form, change):
        if change:
            # The stored row, read before the form's answers are saved over it.
            plain, many = _audited_fields(self.model, form.changed_data)
            stored = self.model._default_manager.get(pk=obj.pk)
            form.stored_before = {
                **snapshot(stored, plain),
                **{name: _names(getattr(stored, name).all()) for name in many},
            }
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        if change:
            plain, many = _audited_fields(self.model, form.changed_data)
            before = form.stored_before
            changes = changes_of(obj, plain, before)
        else:
            plain, many = _audited_fields(self.model, form.fields)
            before = {}
            changes = _as_created(obj, plain)
        for name in many:
            after = _names(form.cleaned_data.get(name) or [])
            if after != before.get(name, []):
                changes[name] = [before.get(name, []), after]
        if changes or not change:
            plan_event_record(
                actor=request.user,
                kind=Kind.CHANGED if change else Kind.CREATED,
                obj=obj,
                changes=changes,
            )
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        model = formset.model
        plain, _ = _audited_fields(model)
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                stored = model._default_manager.get(pk=deleted.instance.pk)
                plan_event_record(
                    actor=request.user,
                    kind=Kind.DELETED,
                    obj=stored,
                    changes=_as_deleted(stored),
                )
        edited = [
            inline_form.instance.pk
            for inline_form in formset.initial_forms
            if inline_form.has_changed() and inline_form not in formset.deleted_forms
        ]
        stored = model._default_manager.in_bulk(edited)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            plan_event_record(
                actor=request.user,
                kind=Kind.CREATED,
                obj=obj,
                changes=_as_created(obj, plain),
            )
        for obj, changed in formset.changed_objects:
            fields = [name for name in changed if name in plain]
            before = snapshot(stored[obj.pk], fields)
            plan_event_record(
                actor=request.user,
                kind=Kind.CHANGED,
                obj=obj,
                changes=changes_of(obj, fields, before),
            )

    def deletion_detail(self, obj) -> str:
        """What goes with `obj` when it is deleted, for the audit row."""
        return ""

    def _record_deletion(self, request, obj):
        plan_event_record(
            actor=request.user,
            kind=Kind.DELETED,
            obj=obj,
            changes=_as_deleted(obj),
            detail=self.deletion_detail(obj),
        )

    def delete_model(self, request, obj):
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        # Bulk delete (the "delete selected" action): one row per object.
        for obj in queryset:
            self._record_deletion(request, obj)
        super().delete_queryset(request, queryset)
