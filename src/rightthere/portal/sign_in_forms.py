"""The form a customer asks for a sign-in link with (All my requests)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignInForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        label=_("Your e-mail"),
        help_text=_("The address you wrote to us from."),
        error_messages={"invalid": _("Please check your e-mail address: it looks incomplete.")},
    )
