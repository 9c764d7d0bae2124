"""The first run in the browser: /start/ creates the owner on a fresh install (every
page leads there until someone exists), then /settings/first-run/<step>/ walks the
owner through the set-up, each step skippable."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db.models.signals import post_migrate
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rightthere.accounts.profile import finish_first_run, update_business_profile
from rightthere.accounts.sessions import BACKEND as STAFF_BACKEND
from rightthere.core.errors import InvalidInput
from rightthere.setup_screens.first_run import STEPS, create_first_owner, needs_first_run
from rightthere.setup_screens.forms import FirstOwnerForm, add_action_error
from rightthere.setup_screens.views import owner_of


class FirstRunGate:
    """On a fresh install (no users) opening the site (/ or the log-in page) leads to
    /start/; customer pages, the API and the rest answer as always. Once someone exists
    the check is remembered for the life of the process."""

    ENTRANCES = ("/", "/login/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _has_people[0] and request.path in self.ENTRANCES:
            if needs_first_run():
                return redirect("first_run_start")
            _has_people[0] = True
        return self.get_response(request)


_has_people = [False]


def _forget(**kwargs: object) -> None:
    # `flush` (tests, `rightthere flush`) empties the tables, then sends post_migrate.
    _has_people[0] = False


post_migrate.connect(_forget, dispatch_uid="rightthere.setup_screens.first_run_gate")


def start(request: HttpRequest) -> HttpResponse:
    if not needs_first_run():
        return redirect("settings_setup" if request.user.is_authenticated else "login")
    form = FirstOwnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            owner = create_first_owner(**form.cleaned_data)
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            login(request, owner, backend=STAFF_BACKEND)
            return redirect("first_run_step", key=STEPS[0].key)
    return render(request, "settings/first_run_start.html",
                  {"form": form, "hide_topbar": True, "steps": STEPS})  # fmt: skip


@login_required
def step(request: HttpRequest, key: str) -> HttpResponse:
    owner = owner_of(request)
    index = next((i for i, s in enumerate(STEPS) if s.key == key), None)
    if index is None:
        raise Http404(_("No such step"))
    current = STEPS[index]
    following = STEPS[index + 1] if index + 1 < len(STEPS) else None
    next_url = (reverse("first_run_step", args=[following.key]) if following
                else reverse("first_run_finish"))  # fmt: skip
    if request.method == "POST" and request.POST.get("contact_form_only"):
        update_business_profile(owner, contact_form_only=True)
        return redirect(next_url)
    try:
        screen_url = reverse(current.url_name)
    except NoReverseMatch:
        screen_url = None
    return render(request, "settings/first_run_step.html", {
        "step": current, "steps": STEPS, "number": index + 1, "next_url": next_url,
        "last": following is None,
        "screen_url": screen_url, "hide_topbar": True,
    })  # fmt: skip


@login_required
@require_POST
def finish(request: HttpRequest) -> HttpResponse:
    finish_first_run(owner_of(request))
    messages.success(request, _("The desk is set up. What is still missing is listed below."))
    return redirect("settings_setup")
