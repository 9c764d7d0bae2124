"""/settings/team/: the desk's people, inviting one by mail, deactivating; its teams,
adding, renaming and removing one (`accounts.setup`); and the invitation link's page
where the invited person chooses a password. Owners (the invitation page: whoever
holds a valid link)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rightthere.accounts import setup
from rightthere.accounts.changes import recent_changes
from rightthere.accounts.models import Role, Team, User
from rightthere.accounts.sessions import BACKEND as STAFF_BACKEND
from rightthere.core.errors import InvalidInput
from rightthere.outbox.delivery import sending_enabled
from rightthere.setup_screens.forms import add_action_error
from rightthere.setup_screens.team import invite_person, set_active
from rightthere.setup_screens.views import owner_of


class InviteForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=[
        (Role.AGENT, Role.AGENT.label), (Role.OWNER, Role.OWNER.label),
        (Role.TECHNICIAN, Role.TECHNICIAN.label)])  # fmt: skip
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team"), queryset=Team.objects.all(), required=False,
        empty_label=gettext_lazy("— no team —"),
    )  # fmt: skip
    manager = forms.ModelChoiceField(label=gettext_lazy("Manager"), required=False,
                                     empty_label=gettext_lazy("— no manager —"),
                                     queryset=User.objects.filter(is_active=True,
                                                                  role=Role.OWNER))  # fmt: skip


class TeamNameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Team name"), max_length=100)


def _say_invited(request: HttpRequest, email: str) -> None:
    """Say "sent" only when a mail server is set; else the owner hands the link over."""
    if sending_enabled():
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
        return
    messages.warning(request, _("Invitation for %(email)s saved, but no mail went out: outgoing "
                                "mail is not set up yet (Set-up › Mailboxes and outgoing mail). "
                                "Meanwhile give them the link below.") % {"email": email})  # fmt: skip


@login_required
def team_page(request: HttpRequest) -> HttpResponse:
    owner = owner_of(request)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person, link = invite_person(owner, **form.cleaned_data)
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            _say_invited(request, person.email)
            request.session["last_invite_link"] = link
            return redirect("settings_team")
    return _team_page(request, form=form)


def _team_page(
    request: HttpRequest,
    *,
    form: InviteForm | None = None,
    team_form: TeamNameForm | None = None,
    renaming: tuple[int, TeamNameForm] | None = None,
) -> HttpResponse:
    """The page, with the form that was sent and its errors (what was typed is kept)."""
    people = (
        User.objects.exclude(role=Role.SUBCONTRACTOR)
        .select_related("manager")
        .prefetch_related("teams")
        .order_by("-is_active", "first_name", "username")
    )
    teams = Team.objects.annotate(people=Count("members", distinct=True)).order_by("name")
    rename_forms = {team.pk: TeamNameForm(initial={"name": team.name}, prefix=f"t{team.pk}")
                    for team in teams}  # fmt: skip
    if renaming is not None:
        rename_forms[renaming[0]] = renaming[1]
    return render(request, "settings/team.html", {
        "form": form or InviteForm(), "people": people, "changes": recent_changes("team"),
        "invite_link": request.session.pop("last_invite_link", None),
        "invite_held": not sending_enabled(),
        "teams": [(team, rename_forms[team.pk]) for team in teams],
        "team_form": team_form or TeamNameForm(prefix="team"),
    }, status=400 if (team_form or renaming) else 200)  # fmt: skip


@login_required
@require_POST
def team_add(request: HttpRequest) -> HttpResponse:
    owner = owner_of(request)
    form = TeamNameForm(request.POST, prefix="team")
    if form.is_valid():
        try:
            team = setup.add_team(owner, name=form.cleaned_data["name"])
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("Team %(name)s added.") % {"name": team.name})
            return redirect("settings_team")
    return _team_page(request, team_form=form)


@login_required
@require_POST
def team_rename(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    team = get_object_or_404(Team, pk=pk)
    form = TeamNameForm(request.POST, prefix=f"t{team.pk}")
    if form.is_valid():
        try:
            before = team.name
            team = setup.rename_team(owner, team, name=form.cleaned_data["name"])
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("%(before)s is now called %(name)s.")
                             % {"before": before, "name": team.name})  # fmt: skip
            return redirect("settings_team")
    return _team_page(request, renaming=(team.pk, form))


@login_required
@require_POST
def team_remove(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    team = get_object_or_404(Team, pk=pk)
    try:
        setup.remove_team(owner, team)
    except InvalidInput as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Team %(name)s removed.") % {"name": team.name})
    return redirect("settings_team")


@login_required
@require_POST
def person_active(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    person = get_object_or_404(User, pk=pk)
    try:
        set_active(owner, person, request.POST.get("active") == "1")
    except InvalidInput as error:
        messages.error(request, error.message)
    return redirect("settings_team")


def invite_accept(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    try:
        person = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uid))), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        person = None
    if person is None or not default_token_generator.check_token(person, token):
        return render(request, "settings/invite_accept.html",
                      {"invalid": True, "hide_topbar": True}, status=404)  # fmt: skip
    form = SetPasswordForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        login(request, person, backend=STAFF_BACKEND)
        messages.success(request, _("Welcome, %(name)s.") % {"name": person.display_name})
        return redirect("inbox")
    return render(request, "settings/invite_accept.html",
                  {"form": form, "person": person, "hide_topbar": True})  # fmt: skip
