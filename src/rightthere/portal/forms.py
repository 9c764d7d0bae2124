from django import forms
from django.utils.translation import gettext_lazy as _


class ContactForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Your name"))
    email = forms.EmailField(label=_("Your e-mail"), help_text=_("We send our answers here."))
    subject = forms.CharField(max_length=250, label=_("What is it about?"))
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 7}), max_length=100_000, label=_("Message")
    )
    attachments = forms.FileField(required=False, label=_("Photos or documents (optional)"))
    # Honeypot: hidden from people, filled in by bots.
    website = forms.CharField(required=False, label=_("Leave this empty"))


class StatusReplyForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=100_000, label=_("Your reply")
    )
    attachments = forms.FileField(required=False, label=_("Attach files (optional)"))
