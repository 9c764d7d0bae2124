from django import forms
from django.utils.translation import gettext_lazy as _

from rightthere.customers.actions import ADDRESS_MAX_LENGTH
from rightthere.customers.forms import clean_phone_number


class ContactForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Your name"))
    email = forms.EmailField(label=_("Your e-mail"), help_text=_("We send our answers here."))
    phone = forms.CharField(
        max_length=50,
        required=False,
        label=_("Your phone (optional)"),
        help_text=_("For the day of a visit, if we need to reach you."),
    )
    address = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        max_length=ADDRESS_MAX_LENGTH,
        required=False,
        label=_("Your address (optional)"),
        help_text=_("Where we should come, if the job needs a visit."),
    )
    subject = forms.CharField(max_length=250, label=_("What is it about?"))
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 7}), max_length=100_000, label=_("Message")
    )
    attachments = forms.FileField(required=False, label=_("Photos or documents (optional)"))
    # Honeypot: hidden from people, filled in by bots.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def clean_phone(self) -> str:
        return clean_phone_number(self.cleaned_data.get("phone", ""))


class StatusReplyForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=100_000, label=_("Your reply")
    )
    attachments = forms.FileField(required=False, label=_("Attach files (optional)"))
