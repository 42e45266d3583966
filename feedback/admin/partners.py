"""Staff admin for forum members and forum notes."""

from django.contrib import admin
from django.template.defaultfilters import truncatechars

from core.admin import StrictAdmin

from ..models import ForumMember, ForumNote


@admin.register(ForumMember)
class ForumMemberAdmin(StrictAdmin):
    """Administrators tie a forum partner's account to their forum; without
    this row the partner area shows them nothing."""

    list_display = ["user", "forum"]
    list_filter = [("forum", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "forum"]
    search_fields = ["user__username", "user__email", "forum__name"]
    # The forum field keeps the model's limit to forum organisations; the
    # autocomplete view applies it too.
    autocomplete_fields = ["user", "forum"]


@admin.register(ForumNote)
class ForumNoteAdmin(StrictAdmin):
    """Notes are written by partners in the partner area
    (services.forum_note_add, which ties each to the author's forum); staff
    read them here. Deleting follows the permission (administrators only), for
    a note that should never have been kept, such as one that names a child."""

    list_display = ["forum", "about", "short_text", "author", "created_at"]
    list_filter = [("forum", admin.RelatedOnlyFieldListFilter), "area", "theme"]
    list_select_related = ["forum", "area", "theme", "author"]
    search_fields = ["text"]
    date_hierarchy = "created_at"
    fields = ["forum", "author", "area", "theme", "text", "created_at"]
    readonly_fields = fields

    @admin.display(description="About")
    def about(self, note):
        return note.area or note.theme

    @admin.display(description="Note")
    def short_text(self, note):
        return truncatechars(note.text, 120)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
