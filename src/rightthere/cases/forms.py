"""Web forms for cases. They only parse input; the actions decide."""

from django import forms
from django.utils.translation import gettext, gettext_lazy

from rightthere.accounts.models import Team, User
from rightthere.cases.models import Direction, Kind, Priority
from rightthere.customers.actions import ADDRESS_MAX_LENGTH
from rightthere.customers.forms import clean_phone_number
from rightthere.customers.models import Customer, CustomerKind


class ReplyForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[
            (Direction.OUTBOUND, gettext_lazy("Reply to customer")),
            (Direction.NOTE, gettext_lazy("Internal note")),
        ],
        initial=Direction.OUTBOUND,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose a reply to the customer or an internal note."),
            "invalid_choice": gettext_lazy("Choose a reply to the customer or an internal note."),
        },
    )
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        strip=True,
        error_messages={"required": gettext_lazy("Write a message before sending.")},
    )
    attachments = forms.FileField(required=False)
    promise_what = forms.CharField(required=False, max_length=300, label=gettext_lazy("We will"))
    promise_due = forms.DateTimeField(
        required=False,
        label=gettext_lazy("by"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    # The last message the writer saw; none from an older page: nothing is checked.
    seen_last_message = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    # "Send anyway" after reading the messages that crossed the reply.
    confirmed = forms.BooleanField(required=False)
    # "0" once the writer pressed the promise chip's "Not a promise"; read otherwise.
    read_promises = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict:
        data = super().clean() or {}
        data["read_promises"] = data.get("read_promises") != "0"
        if bool(data.get("promise_what")) != bool(data.get("promise_due")):
            raise forms.ValidationError(
                gettext("A promise needs both what we will do and by when.")
            )
        return data


class NewCaseForm(forms.Form):
    # Found by `find_customer` (a name, an e-mail or a phone number) and picked from the
    # matches shown as radio buttons (cases/_customer_choices.html), not a list of all.
    find_customer = forms.CharField(
        required=False,
        max_length=200,
        label=gettext_lazy("Find the customer"),
        help_text=gettext_lazy("Name, e-mail or phone number, as the caller gives it."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    customer = forms.ModelChoiceField(
        queryset=Customer.objects.all(),
        required=False,
        label=gettext_lazy("Customer"),
        widget=forms.RadioSelect,
    )
    # "Create a new one anyway" after being shown the customer the caller's details match.
    allow_duplicate_customer = forms.BooleanField(required=False, widget=forms.HiddenInput)
    new_customer_name = forms.CharField(
        required=False, max_length=200, label=gettext_lazy("Caller's name")
    )
    new_customer_kind = forms.ChoiceField(
        choices=CustomerKind.choices,
        initial=CustomerKind.PERSON,
        label=gettext_lazy("Customer type"),
    )
    new_customer_internal = forms.BooleanField(
        required=False, label=gettext_lazy("Internal customer (a department or colleague)")
    )
    contact_email = forms.EmailField(required=False, label=gettext_lazy("E-mail"))
    contact_phone = forms.CharField(required=False, max_length=50, label=gettext_lazy("Phone"))

    address = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=ADDRESS_MAX_LENGTH,
        required=False,
        label=gettext_lazy("Address"),
        help_text=gettext_lazy(
            "Where a visit goes; saved on the customer. Empty keeps the address they have."
        ),
    )

    def clean_contact_phone(self) -> str:
        return clean_phone_number(self.cleaned_data.get("contact_phone", ""))

    subject = forms.CharField(max_length=250, label=gettext_lazy("Subject"))
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label=gettext_lazy("What the customer said"),
        max_length=100_000,
    )
    kind = forms.ChoiceField(choices=Kind.choices, initial=Kind.REQUEST, label=gettext_lazy("Kind"))
    priority = forms.ChoiceField(
        choices=Priority.choices, initial=Priority.NORMAL, label=gettext_lazy("Priority")
    )
    assignee = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        empty_label=gettext_lazy("— nobody yet —"),
        label=gettext_lazy("Assignee"),
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.all(), required=False, empty_label="—", label=gettext_lazy("Team")
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("customer") and not data.get("new_customer_name"):
            self.add_error(
                "new_customer_name", gettext("Pick a customer or give the caller's name.")
            )
        return data
