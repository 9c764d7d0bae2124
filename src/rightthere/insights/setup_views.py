"""/settings/relationship-rules/: when a customer counts as Lost or Bad and how often
each status is called. Owners; the form calls `insights.setup.set_relationship_rules`
(the API's and `rightthere relationship_rules`'s function too)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from rightthere.accounts.changes import recent_changes
from rightthere.accounts.models import User
from rightthere.accounts.roles import is_owner
from rightthere.core.errors import InvalidField
from rightthere.insights.models import RelationshipRules
from rightthere.insights.setup import RULE_LIMITS, set_relationship_rules

STATUS_RULES = ["lost_after_days", "bad_unresolved_complaints", "complaint_window_days"]
CALL_RULES = ["call_every_days_good", "call_every_days_lost", "call_every_days_none",
              "call_every_days_bad"]  # fmt: skip
LABELS = {
    "lost_after_days": gettext_lazy("Lost after this many days without completed work"),
    "bad_unresolved_complaints": gettext_lazy("Bad at this many unresolved complaints"),
    "complaint_window_days": gettext_lazy("Counting complaints over the last (days)"),
    "call_every_days_good": gettext_lazy("Call a Good customer every (days)"),
    "call_every_days_lost": gettext_lazy("Call a Lost customer every (days)"),
    "call_every_days_none": gettext_lazy("Call a prospect (no work yet) every (days)"),
    "call_every_days_bad": gettext_lazy("Call a Bad customer every (days)"),
}


class RulesForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, (low, high, _) in RULE_LIMITS.items():
            whole = gettext("A whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
            # No min/max here: the set-up function refuses, with the same words as the API.
            self.fields[name] = forms.IntegerField(
                label=LABELS[name],
                help_text=gettext("%(low)s to %(high)s.") % {"low": low, "high": high},
                error_messages={"required": whole, "invalid": whole},
            )  # fmt: skip

    def group(self, names: list[str]) -> list[forms.BoundField]:
        return [self[name] for name in names]


def _owner(request: HttpRequest) -> User:
    user = request.user
    if not is_owner(user):
        raise PermissionDenied(gettext("Only owners change the desk's set-up."))
    assert isinstance(user, User)
    return user


@login_required
@require_http_methods(["GET", "POST"])
def rules_page(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    current = RelationshipRules.current()
    form = RulesForm(request.POST or None,
                     initial={name: getattr(current, name) for name in RULE_LIMITS})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            set_relationship_rules(owner, **form.cleaned_data)
        except InvalidField as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, gettext("Relationship rules saved; every customer's "
                                              "status follows them within the hour."))  # fmt: skip
            return redirect("settings_relationship_rules")
    return render(request, "insights/settings_rules.html", {
        "form": form, "status_fields": form.group(STATUS_RULES),
        "call_fields": form.group(CALL_RULES),
        "changes": recent_changes("relationship_rules"),
    }, status=422 if form.errors else 200)  # fmt: skip
