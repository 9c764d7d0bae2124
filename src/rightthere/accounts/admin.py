from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from rightthere.accounts import setup
from rightthere.accounts.models import ApiToken, PartnerCompany, Team, User
from rightthere.core.admin_adds import AddsThroughSetUp


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
class TeamAdmin(AddsThroughSetUp):
    list_display = ("name",)
    filter_horizontal = ("members",)

    def add_through(self, request: HttpRequest, data: dict[str, Any]) -> Team:
        members = data.get("members") or []
        return setup.add_team(request.user, name=data["name"], members=members)  # type: ignore[arg-type]


@admin.register(PartnerCompany)
class PartnerCompanyAdmin(AddsThroughSetUp):
    list_display = ("name", "email", "phone")
    search_fields = ("name",)

    def add_through(self, request: HttpRequest, data: dict[str, Any]) -> PartnerCompany:
        return setup.add_partner_company(
            request.user,  # type: ignore[arg-type]
            name=data["name"], email=data.get("email", ""), phone=data.get("phone", ""),
        )  # fmt: skip


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
    list_filter = ("revoked_at",)
