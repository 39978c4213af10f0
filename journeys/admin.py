"""Admin views: a window onto the runtime (read-mostly; writes go through the API and services)."""
from django.contrib import admin

from journeys.models import Contact, Conversion, Enrollment, Event, Journey, JourneyVersion, Launch


class VersionInline(admin.TabularInline):
    model = JourneyVersion
    fields = ("number", "status", "revision", "created_by", "updated_at", "published_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Journey)
class JourneyAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "status", "created_by", "updated_at")
    list_filter = ("status",)
    search_fields = ("name",)
    readonly_fields = ("status", "created_by", "created_at", "updated_at")
    inlines = [VersionInline]


@admin.register(JourneyVersion)
class JourneyVersionAdmin(admin.ModelAdmin):
    list_display = ("id", "journey", "number", "status", "revision", "updated_at", "published_at")
    list_filter = ("status",)
    readonly_fields = ("journey", "number", "status", "revision", "created_by", "updated_by", "created_at",
                       "updated_at", "published_at")


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("id", "user_id", "anonymous_id", "email", "phone", "timezone", "updated_at")
    search_fields = ("user_id", "anonymous_id", "email", "phone")


class HandlingFailedFilter(admin.SimpleListFilter):
    """Events whose handling raised (marked handled, with the error): the runtime's failures, one click away."""

    title = "handling"
    parameter_name = "handling"

    def lookups(self, request, model_admin):
        return [("failed", "failed"), ("ok", "ok")]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.exclude(error="")
        if self.value() == "ok":
            return queryset.filter(error="")
        return queryset


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "contact", "timestamp", "received_at", "handled_at", "error")
    list_filter = (HandlingFailedFilter, "name")
    search_fields = ("contact__user_id", "name", "message_id")
    raw_id_fields = ("contact",)


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("id", "journey", "contact", "state", "current_node", "wake_at", "entered_at", "exited_at",
                    "exit_reason", "attempts")
    list_filter = ("state", "journey")
    search_fields = ("contact__user_id", "exit_reason")
    raw_id_fields = ("contact", "version")
    readonly_fields = ("path", "variants", "visits")


@admin.register(Conversion)
class ConversionAdmin(admin.ModelAdmin):
    list_display = ("id", "journey", "contact", "event_name", "variants", "seconds_to_convert", "converted_at")
    list_filter = ("journey",)
    raw_id_fields = ("enrollment", "contact", "event", "message")


@admin.register(Launch)
class LaunchAdmin(admin.ModelAdmin):
    list_display = ("id", "journey", "state", "examined", "matched", "enrolled", "failed", "error", "total",
                    "created_at")
    list_filter = ("state",)
