"""The customer's sign-in link is mailed by the worker: asking for one answers at once,
known address or not, and takes as long either way."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tasks import task

from rightthere.accounts.profile import business_name
from rightthere.core.public_links import base_url
from rightthere.customers.language import speaking_to
from rightthere.customers.models import Contact
from rightthere.portal.models import SignInLink
from rightthere.portal.sign_in import link_minutes, token_for


def sign_in_mail(link: SignInLink) -> tuple[str, str]:
    """Subject and text of the mail with the sign-in link, in the customer's language."""
    contact = Contact.objects.filter(email__iexact=link.email).order_by("pk").first()
    with speaking_to(contact.customer if contact is not None else None, contact):
        return _sign_in_mail(link, contact if contact is not None and contact.name else None)


def _sign_in_mail(link: SignInLink, contact: Contact | None) -> tuple[str, str]:
    base = base_url()
    url = base + reverse("my_sign_in_link", args=[token_for(link)])
    again = base + reverse("my_sign_in") + f"?lang={get_language()}"  # the mail's language
    business = business_name()
    greeting = _("Hello %(name)s,") % {"name": contact.name} if contact else _("Hello,")
    subject = _("Your link to see your requests with %(business)s") % {"business": business}
    text = "\n\n".join([
        greeting,
        _("Here is your link to see all your requests with %(business)s, where they stand, "
          "and to answer us:") % {"business": business},
        url,
        _("It works once, within %(minutes)s minutes. If it has run out, ask for a new one "
          "at %(again)s") % {"minutes": link_minutes(), "again": again},
        _("Did you not ask for this? Then you can delete this mail: nobody can see your "
          "requests without the link."),
        business,
    ])  # fmt: skip
    return subject, text + "\n"


@task()
def send_sign_in_link(link_id: int) -> str:
    link = SignInLink.objects.filter(pk=link_id, sent=True, used_at__isnull=True).first()
    if link is None:
        return "gone"
    if not settings.RIGHTTHERE.get("SEND_MAIL"):
        return "held"  # no mail server set up: no way to reach the customer
    subject, text = sign_in_mail(link)
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [link.email])
    return "sent"
