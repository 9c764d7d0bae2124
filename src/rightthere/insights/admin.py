"""Owners tune the rules, thresholds, targets and routing here, without code."""

from django.contrib import admin

from rightthere.insights.models import (
    Absence,
    RelationshipRules,
    RoutingRule,
    SignThreshold,
    StaffRecord,
    Target,
)

admin.site.register(RelationshipRules)
admin.site.register(SignThreshold)
admin.site.register(Target)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("kind", "team", "created_by", "created_at")


@admin.register(StaffRecord)
class StaffRecordAdmin(admin.ModelAdmin):
    list_display = ("user", "started_on", "ended_on", "capacity")


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "starts_on", "ends_on")
    list_filter = ("kind",)
