"""The canned-reply editor. It only parses input; `actions.save_canned_reply` decides."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from rightthere.accounts.models import Team
from rightthere.canned.models import MAX_BODY_CHARS, MAX_TITLE_CHARS, CannedReply, Scope


class CannedReplyForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=MAX_TITLE_CHARS,
        help_text=gettext_lazy("What you will search for in the composer, e.g. “Part ordered”."),
    )
    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 9}),
        help_text=gettext_lazy(
            "Use placeholders such as {customer.first_name}; the list is below."
        ),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Who can use it"), choices=Scope.choices, initial=Scope.PERSONAL,
        widget=forms.RadioSelect,
    )  # fmt: skip
    team = forms.ModelChoiceField(
        queryset=Team.objects.all(), required=False, empty_label="—", label=gettext_lazy("Team"),
        help_text=gettext_lazy("For “A team”: its members, owners and agents see it."),
    )  # fmt: skip
    save_anyway = forms.BooleanField(
        required=False, label=gettext_lazy("Save anyway: keep this wording despite the reply check")
    )

    def __init__(
        self, *args: object, may_share: bool, teams: QuerySet[Team] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if teams is not None and "team" in self.fields:
            # The teams the person may name (canned.access.visible_teams), as the API.
            team = self.fields["team"]
            assert isinstance(team, forms.ModelChoiceField)
            team.queryset = teams
        if not may_share:
            # Technicians and partners keep personal replies only.
            scope = self.fields["scope"]
            assert isinstance(scope, forms.ChoiceField)
            scope.choices = [(Scope.PERSONAL.value, Scope.PERSONAL.label)]
            del self.fields["team"]

    @staticmethod
    def initial_for(reply: CannedReply) -> dict[str, object]:
        return {"title": reply.title, "body": reply.body, "scope": reply.scope,
                "team": reply.team_id}  # fmt: skip
