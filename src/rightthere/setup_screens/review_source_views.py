"""/settings/review-sources/: where reviews come from. Each review platform (or a sync
script) posts to the reviews webhook signed with its own secret; the owner adds a source,
sees its secret once, makes a new one or removes it. Through `accounts.integrations`
(the API's /api/integrations and `rightthere integration` call the same functions),
each change in the settings change log."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from rightthere.accounts import integrations
from rightthere.accounts.changes import recent_changes
from rightthere.accounts.models import Integration, IntegrationKind
from rightthere.core.errors import InvalidInput
from rightthere.reviews.models import Review
from rightthere.setup_screens.forms import add_action_error
from rightthere.setup_screens.views import owner_of

SESSION_KEY = "review_source_secret"


class ReviewSourceForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=100, required=False,
        help_text=gettext_lazy("The platform or script that posts, e.g. Google reviews sync."),
    )  # fmt: skip


def _sources() -> list[Integration]:
    return list(Integration.objects.filter(kind=IntegrationKind.REVIEWS))


def _source(pk: int) -> Integration:
    found = Integration.objects.filter(pk=pk, kind=IntegrationKind.REVIEWS).first()
    if found is None:
        raise Http404(_("No such review source"))
    return found


@login_required
@require_http_methods(["GET", "POST"])
def review_sources_page(request: HttpRequest) -> HttpResponse:
    owner = owner_of(request)
    form = ReviewSourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = integrations.create_integration(owner, name=form.cleaned_data["name"],
                                                   kind=IntegrationKind.REVIEWS)  # fmt: skip
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            request.session[SESSION_KEY] = [made.pk, made.secret]
            messages.success(
                request, _("%(name)s added: copy its secret now.") % {"name": made.name}
            )
            return redirect("settings_review_sources")
    platforms = (Review.objects.values("platform").annotate(count=Count("id"), last=Max("posted_at"))
                 .order_by("-count"))  # fmt: skip
    return render(request, "settings/review_sources.html", {
        "form": form, "sources": _sources(), "platforms": platforms,
        "new_secret": request.session.pop(SESSION_KEY, None),
        "webhook_url": request.build_absolute_uri("/api/reviews/webhook"),
        "header": integrations.HEADER, "changes": recent_changes("integrations"),
    }, status=422 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def review_source_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    rotated = integrations.rotate_secret(owner, _source(pk))
    request.session[SESSION_KEY] = [rotated.pk, rotated.secret]
    messages.success(
        request,
        _("New secret for %(name)s; the old one works until tomorrow.") % {"name": rotated.name},
    )
    return redirect("settings_review_sources")


@login_required
@require_POST
def review_source_remove(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    found = _source(pk)
    integrations.delete_integration(owner, found)
    messages.success(
        request, _("%(name)s removed: its requests are refused from now on.") % {"name": found.name}
    )
    return redirect("settings_review_sources")
