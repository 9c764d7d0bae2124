"""Team and users: invite a person by mail with a one-time link, deactivate without
losing their history. The Team screen and the `invite` command call these.

The link carries Django's password-reset token: it stops working once the person has
chosen a password (the token is made from the password hash and last log-in), and
after PASSWORD_RESET_TIMEOUT (3 days by default)."""

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import Role, Team, User
from rightthere.accounts.profile import business_name
from rightthere.accounts.roles import check_owner
from rightthere.accounts.setup import add_person
from rightthere.core.errors import InvalidField, InvalidInput
from rightthere.core.public_links import base_url
from rightthere.outbox.staff import send_staff_mail_now

SCREEN = "team"


def invite_link(person: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    path = reverse("settings_invite_accept", args=[uid, token])
    return base_url() + path


def invite_person(
    actor: User | None,
    *,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    team: Team | None = None,
    manager: User | None = None,
) -> tuple[User, str]:
    """A new staff account without a password, and a mail with a one-time link to choose
    one. Returns the person and the link (shown to the owner when mail is held)."""
    check_owner(actor, _("invite people"))
    email = email.strip().lower()
    if not email:
        raise InvalidField("email", _("Give their e-mail: the invitation goes there."))
    if role == Role.SUBCONTRACTOR:
        raise InvalidField("role", _("Partners' people are added on their partner company."))
    if User.objects.filter(email__iexact=email).exists():
        raise InvalidField("email", _("%(email)s already has an account.") % {"email": email})
    with transaction.atomic():
        try:
            person = add_person(actor, username=email, role=role, email=email,
                                first_name=first_name, last_name=last_name)  # fmt: skip
        except InvalidInput as error:
            raise InvalidField("email", error.message) from error
        if manager is not None:
            person.manager = manager
            person.save(update_fields=["manager"])
        if team is not None:
            team.members.add(person)
        record_change(actor, SCREEN, f"Invited {person.display_name} ({email}) as "
                      f"{Role(role).label}" + (f" in {team.name}" if team else ""))  # fmt: skip
    link = invite_link(person)
    inviter = actor.display_name if actor else business_name()
    # In the business's language (the request's, or the worker's).
    words = {"inviter": inviter, "business": business_name(), "name": person.first_name or email,
             "link": link, "username": person.username}  # fmt: skip
    send_staff_mail_now(email, _("%(inviter)s invites you to %(business)s's desk") % words,
                        _("Hello %(name)s,\n\n%(inviter)s has invited you to answer customers "
                          "with %(business)s on Rightthere.\n\nChoose your password here (the "
                          "link works once):\n%(link)s\n\nYour username is %(username)s.\n")
                        % words)  # fmt: skip
    return person, link


def set_active(actor: User | None, person: User, active: bool) -> User:
    """Deactivate (cannot log in; cases, messages and history stay theirs) or bring back."""
    check_owner(actor, _("deactivate people"))
    if actor is not None and person.pk == actor.pk and not active:
        raise InvalidInput(_("You cannot deactivate yourself."))
    if person.is_active == active:
        return person
    with transaction.atomic():
        person.is_active = active
        person.save(update_fields=["is_active"])
        record_change(actor, SCREEN, f"{'Reactivated' if active else 'Deactivated'} "
                      f"{person.display_name}")  # fmt: skip
    return person
