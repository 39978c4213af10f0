from django.contrib import admin

from channels_app.models import DeliveryEvent, FrequencyCapRule, Message, MessageTemplate, SandboxDelivery, Suppression


class DeliveryEventInline(admin.TabularInline):
    model = DeliveryEvent
    fields = ("kind", "occurred_at", "provider_event_id", "detail")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("id", "journey", "node", "contact", "channel", "status", "reason", "error_code", "attempts",
                    "provider", "created_at")
    list_filter = ("status", "error_code", "channel", "provider")
    search_fields = ("contact__user_id", "address", "provider_id", "reason")
    raw_id_fields = ("enrollment", "contact", "journey", "version")
    inlines = [DeliveryEventInline]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ("slug", "channel", "name", "updated_at")
    list_filter = ("channel",)
    search_fields = ("slug", "name")


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ("id", "channel", "contact", "address", "reason", "created_at")
    list_filter = ("channel",)
    search_fields = ("address", "contact__user_id", "reason")
    raw_id_fields = ("contact",)


@admin.register(FrequencyCapRule)
class FrequencyCapRuleAdmin(admin.ModelAdmin):
    list_display = ("id", "channel", "limit", "window_seconds", "journey")


@admin.register(SandboxDelivery)
class SandboxDeliveryAdmin(admin.ModelAdmin):
    list_display = ("id", "message", "channel", "created_at")
    raw_id_fields = ("message",)
