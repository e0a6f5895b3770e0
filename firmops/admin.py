"""Django admin for platform staff: deliberately cross-firm, hence all_firms() querysets."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from firmops.models import Engagement, Firm, Membership, User


class AllFirmsAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        return self.model.objects.all_firms()


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal", {"fields": ["first_name", "last_name", "time_zone"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "time_zone", "require_mfa_for_partners"]
    search_fields = ["name", "slug"]


@admin.register(Membership)
class MembershipAdmin(AllFirmsAdmin):
    list_display = ["user", "firm", "role", "is_active"]
    list_filter = ["role"]


@admin.register(Engagement)
class EngagementAdmin(AllFirmsAdmin):
    list_display = ["name", "firm", "stage", "started_on"]
    list_filter = ["stage"]
