"""/settings/checklists/: checklist templates per kind of case, their steps one per line.
Owners; each change goes through `checklists.setup` (the API's and `rightthere
checklists`'s function too) and lands in the settings change log."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from rightthere.accounts.changes import recent_changes
from rightthere.cases.models import Kind
from rightthere.checklists import setup
from rightthere.checklists.models import ChecklistTemplate
from rightthere.core.errors import InvalidInput
from rightthere.setup_screens.forms import add_action_error
from rightthere.setup_screens.views import owner_of

# A case's kind inside a sentence ("For repair cases"): the templates translate the kind's
# value (its English word) with this context; German keeps its capital nouns.
KINDS_IN_A_SENTENCE = (
    pgettext_lazy("kind in a sentence", "question"),
    pgettext_lazy("kind in a sentence", "request"),
    pgettext_lazy("kind in a sentence", "complaint"),
    pgettext_lazy("kind in a sentence", "repair"),
)


class ChecklistForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("e.g. Boiler repair")}),
    )  # fmt: skip
    case_kind = forms.ChoiceField(
        label=gettext_lazy("For cases of kind"), required=False,
        choices=[("", gettext_lazy("Any kind")), *Kind.choices],
    )  # fmt: skip
    apply_automatically = forms.BooleanField(
        label=gettext_lazy("Put these steps on every new case of this kind"), required=False
    )
    steps = forms.CharField(
        label=gettext_lazy("Steps, one per line"), required=False,
        widget=forms.Textarea(attrs={"rows": 6,
                                     "placeholder": gettext_lazy("Check the pressure\nBleed the radiators")}),
        help_text=gettext_lazy("In the order they are done; blank lines are left out."),
    )  # fmt: skip

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"name": data["name"], "case_kind": data["case_kind"],
                "apply_automatically": data["apply_automatically"],
                "steps": data["steps"].splitlines()}  # fmt: skip

    @staticmethod
    def initial_for(template: ChecklistTemplate) -> dict[str, Any]:
        return {"name": template.name, "case_kind": template.case_kind,
                "apply_automatically": template.apply_automatically,
                "steps": "\n".join(step.text for step in template.steps.all())}  # fmt: skip


def _templates() -> list[ChecklistTemplate]:
    return list(ChecklistTemplate.objects.prefetch_related("steps"))


def _template(pk: int) -> ChecklistTemplate:
    found = ChecklistTemplate.objects.prefetch_related("steps").filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such checklist"))
    return found


@login_required
@require_http_methods(["GET", "POST"])
def checklists_page(request: HttpRequest) -> HttpResponse:
    """The checklists, and the form to add one."""
    owner = owner_of(request)
    form = ChecklistForm(request.POST or None, initial={"apply_automatically": True})
    if request.method == "POST" and form.is_valid():
        try:
            made = setup.add_template(owner, **form.values())
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("Checklist “%(name)s” added.") % {"name": made.name})
            return redirect("settings_checklists")
    return render(request, "settings/checklists.html", {
        "templates": _templates(), "form": form, "changes": recent_changes("checklists"),
    }, status=422 if form.errors else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def checklist_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One checklist: change its name, kind, steps."""
    owner = owner_of(request)
    template = _template(pk)
    if request.method == "POST":
        form = ChecklistForm(request.POST)
        if form.is_valid():
            try:
                setup.change_template(owner, _template(pk), **form.values())
            except InvalidInput as error:
                add_action_error(form, error)
            else:
                messages.success(request, _("Checklist “%(name)s” saved; cases that have its "
                                           "steps keep them.")
                                 % {"name": form.cleaned_data["name"].strip()})  # fmt: skip
                return redirect("settings_checklists")
    else:
        form = ChecklistForm(initial=ChecklistForm.initial_for(template))
    return render(request, "settings/checklist.html", {
        "template": template, "form": form,
    }, status=422 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def checklist_remove(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    template = _template(pk)
    setup.delete_template(owner, template)
    messages.success(
        request,
        _("Checklist “%(name)s” removed; cases keep their steps.") % {"name": template.name},
    )
    return redirect("settings_checklists")
