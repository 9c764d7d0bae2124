"""The set-up screens' forms: they parse what the owner typed; the rules are in the
actions they call (accounts.profile, cases.opening_hours, accounts.setup)."""

from datetime import time
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from rightthere.accounts.profile import LANGUAGES, SIGNATURE_PLACEHOLDERS, time_zones
from rightthere.cases.models import Priority
from rightthere.core import time_spans
from rightthere.core.errors import InvalidField, InvalidInput


def add_action_error(form: forms.Form, error: InvalidInput) -> None:
    """Show an action's refusal next to its field (or above the form)."""
    field = getattr(error, "field", None)
    form.add_error(field if isinstance(error, InvalidField) and field in form.fields else None,
                   error.message)  # fmt: skip


class BusinessForm(forms.Form):
    name = forms.CharField(
        label=_("Business name"),
        max_length=120,
        required=False,
        help_text=_("Customers see it in every mail and on their pages."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 512 KB; shown on customer pages."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    signature = forms.CharField(
        label=_("Signature under replies"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy(
            _("May use {placeholders}."), placeholders=", ".join(SIGNATURE_PLACEHOLDERS)
        ),
    )
    status_page_intro = forms.CharField(
        label=_("Wording on the customer's status page"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A sentence above the case on the page customers open from their mail."),
    )
    brand_colour = forms.CharField(
        label=_("Colour on customer pages"),
        max_length=20,
        required=False,
        help_text=_("As #rrggbb, e.g. #0f6e5c."),
        widget=forms.TextInput(attrs={"placeholder": "#0f6e5c"}),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=[])
    language = forms.ChoiceField(label=_("Language and date format"), choices=LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(z, z) for z in time_zones()]  # type: ignore[attr-defined]

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("logo", None)
        data.pop("remove_logo", None)
        return data


WEEKDAYS = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]


def parse_spans(text: str) -> list[tuple[time, time]]:
    """ "09:00-12:30, 13:30-17:30" (or "9-13", "9am-1pm") -> periods; blank -> closed."""
    try:
        return time_spans.parse_spans(text)
    except time_spans.SpanError as error:
        raise forms.ValidationError(error.message) from error


class HoursForm(forms.Form):
    """The week, one line per day: "09:00-17:30" (or "9-17:30", "9am-5:30pm"), or two
    periods for a lunch break."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day, name in enumerate(WEEKDAYS):
            self.fields[f"day{day}"] = forms.CharField(
                label=name, required=False, max_length=100,
                widget=forms.TextInput(attrs={"placeholder": _("closed")}),
            )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day in range(7):
            try:
                data[f"spans{day}"] = parse_spans(data.get(f"day{day}", ""))
            except forms.ValidationError as error:
                self.add_error(f"day{day}", error)
        return data

    def periods(self) -> list[tuple[int, time, time]]:
        return [(day, opens, closes) for day in range(7)
                for opens, closes in self.cleaned_data[f"spans{day}"]]  # fmt: skip

    def day_fields(self) -> list[forms.BoundField]:
        return [self[f"day{day}"] for day in range(7)]


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(label=_("Name"), max_length=100)


class TargetForm(forms.Form):
    priority = forms.ChoiceField(choices=Priority.choices, widget=forms.HiddenInput)
    first_response_hours = forms.DecimalField(
        label=_("First answer within (business hours)"), min_value=0, max_digits=6, decimal_places=2
    )
    resolution_hours = forms.DecimalField(
        label=_("Solved within (business hours)"), min_value=0, max_digits=6, decimal_places=2
    )


class PreviewForm(forms.Form):
    priority = forms.ChoiceField(label=_("A mail of priority"), choices=Priority.choices)
    at = forms.DateTimeField(
        label=_("arriving at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M"],
    )


class FirstOwnerForm(forms.Form):
    first_name = forms.CharField(label=_("Your first name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Your last name"), max_length=150, required=False)
    username = forms.CharField(label=_("Username to log in with"), max_length=150)
    email = forms.EmailField(label=_("Your e-mail"), required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, required=False)
    business_name = forms.CharField(
        label=_("Business name"),
        max_length=120,
        required=False,
        help_text=_("Customers see it in every mail."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=[])
    language = forms.ChoiceField(label=_("Language and date format"), choices=LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.conf import settings

        self.fields["time_zone"].choices = [(z, z) for z in time_zones()]  # type: ignore[attr-defined]
        self.fields["time_zone"].initial = settings.TIME_ZONE
