"""/settings/root-causes/: the owner's list of why things go wrong, chosen at the
improvement step of a complaint. Owners; each change goes through `recovery.setup`
(the API's and `rightthere root_causes`'s function too) and lands in the change log."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from rightthere.accounts.changes import recent_changes
from rightthere.core.errors import InvalidInput
from rightthere.recovery import setup
from rightthere.recovery.models import RootCause, active_root_causes
from rightthere.setup_screens.forms import add_action_error
from rightthere.setup_screens.views import owner_of


class RootCauseForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100, required=False)
    active = forms.BooleanField(label=gettext_lazy("Offered"), required=False, initial=True)


def _row_forms(
    bound: tuple[int, RootCauseForm] | None = None,
) -> list[tuple[RootCause, RootCauseForm]]:
    active_root_causes()  # an emptied list gets the defaults back, as the complaint page does
    rows = []
    for cause in RootCause.objects.all():
        if bound is not None and bound[0] == cause.pk:
            form = bound[1]
        else:
            form = RootCauseForm(prefix=f"c{cause.pk}",
                                 initial={"name": cause.name, "active": cause.active})  # fmt: skip
        rows.append((cause, form))
    return rows


def _page(request: HttpRequest, *, new_form: RootCauseForm | None = None,
          bound: tuple[int, RootCauseForm] | None = None) -> HttpResponse:  # fmt: skip
    failed = (new_form is not None and new_form.errors) or (bound is not None and bound[1].errors)
    return render(request, "settings/root_causes.html", {
        "rows": _row_forms(bound), "form": new_form or RootCauseForm(),
        "changes": recent_changes("root_causes"),
    }, status=422 if failed else 200)  # fmt: skip


def _cause(pk: int) -> RootCause:
    found = RootCause.objects.filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such root cause"))
    return found


@login_required
@require_http_methods(["GET", "POST"])
def root_causes_page(request: HttpRequest) -> HttpResponse:
    """The list, each row renamed or hidden in place, and the form to add one."""
    owner = owner_of(request)
    if request.method != "POST":
        return _page(request)
    form = RootCauseForm(request.POST)
    if form.is_valid():
        try:
            made = setup.add_root_cause(owner, name=form.cleaned_data["name"])
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("Root cause “%(name)s” added.") % {"name": made.name})
            return redirect("settings_root_causes")
    return _page(request, new_form=form)


@login_required
@require_POST
def root_cause_change(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    cause = _cause(pk)
    form = RootCauseForm(request.POST, prefix=f"c{pk}")
    if form.is_valid():
        try:
            setup.change_root_cause(owner, cause, name=form.cleaned_data["name"],
                                    active=form.cleaned_data["active"])  # fmt: skip
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("Root cause “%(name)s” saved.") % {"name": cause.name})
            return redirect("settings_root_causes")
    return _page(request, bound=(pk, form))


@login_required
@require_POST
def root_cause_remove(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    cause = _cause(pk)
    try:
        setup.delete_root_cause(owner, cause)
    except InvalidInput as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Root cause “%(name)s” removed.") % {"name": cause.name})
    return redirect("settings_root_causes")
