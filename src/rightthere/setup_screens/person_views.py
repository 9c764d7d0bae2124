"""/settings/team/<id>/: change a person's role, teams, manager and language (owners), through
`accounts.setup.change_person` like the API and `rightthere team change`. A refusal
(the last owner taking away their own role, a manager loop) is shown next to its field."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rightthere.accounts.languages import language_choices
from rightthere.accounts.models import Role, Team, User
from rightthere.accounts.setup import change_person
from rightthere.core.errors import InvalidInput
from rightthere.setup_screens.forms import add_action_error
from rightthere.setup_screens.views import owner_of


class PersonForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=[
        (Role.AGENT, Role.AGENT.label), (Role.OWNER, Role.OWNER.label),
        (Role.TECHNICIAN, Role.TECHNICIAN.label)])  # fmt: skip
    teams = forms.ModelMultipleChoiceField(label=gettext_lazy("Teams"), required=False,
                                           queryset=Team.objects.order_by("name"),
                                           widget=forms.CheckboxSelectMultiple)  # fmt: skip
    manager = forms.ModelChoiceField(label=gettext_lazy("Manager"), required=False,
                                     empty_label=gettext_lazy("— no manager —"),
                                     queryset=User.objects.none())  # fmt: skip
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False,
                                 choices=language_choices,
                                 help_text=gettext_lazy("The language of their screens."))  # fmt: skip

    def __init__(self, person: User, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        managers = User.objects.filter(is_active=True, role__in=[Role.OWNER, Role.AGENT])
        self.fields["manager"].queryset = managers.exclude(pk=person.pk)  # type: ignore[attr-defined]


@login_required
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    person = get_object_or_404(User.objects.exclude(role=Role.SUBCONTRACTOR), pk=pk)
    initial = {"role": person.role, "teams": list(person.teams.all()), "manager": person.manager,
               "language": person.language}  # fmt: skip
    form = PersonForm(person, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change_person(owner, person, **form.cleaned_data)
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": person.display_name})
            return redirect("settings_team")
    return render(request, "settings/person.html", {"form": form, "person": person})
