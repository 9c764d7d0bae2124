from django import forms

from rightthere.accounts.models import User
from rightthere.customers.models import Customer


class CustomerForm(forms.ModelForm):
    account_owner = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True, role__in=["owner", "agent"]),
        required=False,
        empty_label="— nobody —",
        help_text="Their person at the business.",
    )

    class Meta:
        model = Customer
        fields = ["name", "kind", "internal", "account_owner", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class ContactForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=50, required=False)


class NoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)
