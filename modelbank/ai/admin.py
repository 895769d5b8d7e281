from django.contrib import admin

from modelbank.ai.models import AIJob


@admin.register(AIJob)
class AIJobAdmin(admin.ModelAdmin):
    """Read-only: jobs are written by the engine, never by hand."""

    list_display = ("id", "function", "account", "user", "status", "progress", "credits_charged", "cost_usd", "created_at")
    list_filter = ("status", "function")
    search_fields = ("id", "account__name", "user__username")
    list_select_related = ("account", "user")
    readonly_fields = [f.name for f in AIJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
