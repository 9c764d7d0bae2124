"""Who may see automation rules: setting them up is an owner's job. The Automation rules
screen and /api/automation-rules fetch a rule only through here."""

from django.http import Http404
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.automation.models import Rule


def check_rule_keeper(user: User) -> None:
    """Refuse anyone but an owner (NotAllowed, 403), before any rule is looked up."""
    check_owner(user, gettext("set up automation rules"))


def access_rule(user: User, rule_id: int) -> Rule:
    """The rule if the user is an owner (else NotAllowed), else 404 if there is none."""
    check_rule_keeper(user)
    found = Rule.objects.filter(pk=rule_id).first()
    if found is None:
        raise Http404(gettext("No such rule"))
    return found
