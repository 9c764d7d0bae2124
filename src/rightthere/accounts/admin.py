from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from rightthere.accounts.models import ApiToken, PartnerCompany, Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "role", "partner", "is_active")
    list_filter = ("role", "partner", "is_active", "teams")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Rightthere", {"fields": ("role", "partner", "manager")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Rightthere", {"fields": ("role", "partner", "first_name", "last_name", "email")}),
    )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name",)
    filter_horizontal = ("members",)


@admin.register(PartnerCompany)
class PartnerCompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "phone")
    search_fields = ("name",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
    list_filter = ("revoked_at",)
