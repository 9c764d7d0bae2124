"""Owners set up checklist templates here, without code."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from rightthere.checklists.actions import MAX_STEPS_PER_CASE
from rightthere.checklists.models import ChecklistTemplate, ChecklistTemplateStep


class StepInline(admin.TabularInline):
    model = ChecklistTemplateStep
    fields = ("position", "text")
    extra = 3
    max_num = MAX_STEPS_PER_CASE


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "case_kind_display", "apply_automatically", "step_count")
    list_filter = ("case_kind", "apply_automatically")
    search_fields = ("name",)
    inlines = [StepInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ChecklistTemplate]:
        return super().get_queryset(request).annotate(step_total=Count("steps"))

    @admin.display(description="For cases of kind", ordering="case_kind")
    def case_kind_display(self, template: ChecklistTemplate) -> str:
        return template.get_case_kind_display() or "any kind"

    @admin.display(description="Steps", ordering="step_total")
    def step_count(self, template: ChecklistTemplate) -> int:
        return template.step_total  # type: ignore[attr-defined]
