from django import forms
from django.utils.translation import gettext_lazy

from rightthere.accounts.models import User
from rightthere.accounts.profile import LANGUAGES
from rightthere.core.errors import InvalidInput
from rightthere.customers import phones
from rightthere.customers.models import Customer


class CustomerForm(forms.ModelForm):
    account_owner = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True, role__in=["owner", "agent"]),
        required=False,
        label=gettext_lazy("Account owner"),
        empty_label=gettext_lazy("— nobody —"),
        help_text=gettext_lazy("Their person at the business."),
    )
    language = forms.ChoiceField(
        choices=[("", gettext_lazy("The business's language")), *LANGUAGES],
        required=False,
        label=gettext_lazy("Language"),
        help_text=gettext_lazy("Their mails and status page are in this language."),
    )

    class Meta:
        model = Customer
        fields = ["name", "kind", "internal", "account_owner", "address", "language"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "name": gettext_lazy("Name"),
            "kind": gettext_lazy("Kind"),
            "internal": gettext_lazy("Internal"),
            "address": gettext_lazy("Address"),
        }
        help_texts = {
            "internal": gettext_lazy(
                "A department or colleague of the business itself: same promises and targets."
            ),
        }


def clean_phone_number(value: str) -> str:
    """A form's phone field in E.164, or the reason next to the field."""
    try:
        return phones.normalise(value)
    except InvalidInput as error:
        raise forms.ValidationError(error.message) from error


class ContactForm(forms.Form):
    name = forms.CharField(max_length=200, label=gettext_lazy("Name"))
    email = forms.EmailField(required=False, label=gettext_lazy("Email"))
    phone = forms.CharField(
        max_length=50,
        required=False,
        label=gettext_lazy("Phone"),
        help_text=gettext_lazy("With its country code, or as dialled here."),
    )

    language = forms.ChoiceField(
        choices=[("", gettext_lazy("The customer's language")), *LANGUAGES],
        required=False,
        label=gettext_lazy("Language"),
        help_text=gettext_lazy("Their mails are in this language."),
    )

    def clean_phone(self) -> str:
        return clean_phone_number(self.cleaned_data.get("phone", ""))


class AddressForm(forms.Form):
    address = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Address"),
        help_text=gettext_lazy("Where a visit goes: a visit booked without one takes this."),
    )


class NoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)
