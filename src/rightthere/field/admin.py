from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from rightthere.core.admin_adds import AddsThroughSetUp
from rightthere.field import setup
from rightthere.field.models import (
    FieldSettings,
    Part,
    PartnerProfile,
    PartOrder,
    Skill,
    TechnicianProfile,
    TimeOff,
    Vendor,
    Visit,
    WorkingHours,
)


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    extra = 0


@admin.register(TechnicianProfile)
class TechnicianProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "active"]
    filter_horizontal = ["skills"]
    inlines = [WorkingHoursInline, TimeOffInline]


@admin.register(PartnerProfile)
class PartnerProfileAdmin(admin.ModelAdmin):
    list_display = ["partner", "fee_kind", "fee_amount", "crews", "active"]
    filter_horizontal = ["skills"]


@admin.register(Part)
class PartAdmin(AddsThroughSetUp):
    list_display = ["sku", "name", "vendor", "cost", "stock_on_hand", "reorder_level"]
    search_fields = ["sku", "name"]

    def add_through(self, request: HttpRequest, data: dict[str, Any]) -> Part:
        details = {name: data[name] for name in setup.PART_FIELDS if name in data}
        return setup.add_part(request.user, sku=data["sku"], **details)  # type: ignore[arg-type]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    """Read-only: visits change through the field actions so every change is on the case."""

    list_display = ["case", "starts_at", "technician", "partner", "status", "outcome"]
    list_filter = ["status", "outcome"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PartOrder)
class PartOrderAdmin(admin.ModelAdmin):
    list_display = ["case", "part", "quantity", "status", "expected_arrival"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Skill)
class SkillAdmin(AddsThroughSetUp):
    def add_through(self, request: HttpRequest, data: dict[str, Any]) -> Skill:
        return setup.add_skill(request.user, name=data["name"])  # type: ignore[arg-type]


@admin.register(Vendor)
class VendorAdmin(AddsThroughSetUp):
    def add_through(self, request: HttpRequest, data: dict[str, Any]) -> Vendor:
        return setup.add_vendor(request.user, name=data["name"], email=data.get("email", ""))  # type: ignore[arg-type]


admin.site.register(FieldSettings)
