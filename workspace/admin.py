"""Read-only views for staff: keys are made and revoked on /settings/keys (audited), never edited here."""
from django.contrib import admin

from workspace.models import AuditRecord, WriteKey


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WriteKey)
class WriteKeyAdmin(ReadOnlyAdmin):
    list_display = ("id", "name", "prefix", "created_at", "created_by", "revoked_at")
    exclude = ("key_hash",)


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_id")
