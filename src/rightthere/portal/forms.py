from django import forms


class ContactForm(forms.Form):
    name = forms.CharField(max_length=200, label="Your name")
    email = forms.EmailField(label="Your e-mail", help_text="We send our answers here.")
    subject = forms.CharField(max_length=250, label="What is it about?")
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 7}), max_length=100_000)
    attachments = forms.FileField(required=False, label="Photos or documents (optional)")
    # Honeypot: hidden from people, filled in by bots.
    website = forms.CharField(required=False, label="Leave this empty")


class StatusReplyForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=100_000, label="Your reply"
    )
    attachments = forms.FileField(required=False, label="Attach files (optional)")
