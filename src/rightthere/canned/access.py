"""Who sees and who changes which canned replies.

Personal replies: only their owner. Team replies: the team's members, and
owners and agents (who manage them). Desk-wide replies: every staff member;
owners and agents manage them. Anyone may keep personal replies.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from rightthere.accounts.models import Team, User
from rightthere.accounts.roles import is_manager
from rightthere.canned.models import CannedReply, Scope
from rightthere.core.errors import InvalidField, InvalidInput, NotAllowed


def visible_canned_replies(user: User) -> QuerySet[CannedReply]:
    if not user.is_authenticated or not user.is_active:
        return CannedReply.objects.none()
    personal = Q(owner=user)
    shared = Q(owner__isnull=True, team__isnull=True)
    if user.sees_all_cases:
        return CannedReply.objects.filter(personal | shared | Q(team__isnull=False))
    return CannedReply.objects.filter(personal | shared | Q(team__members=user)).distinct()


def access_canned_reply(user: User, pk: int) -> CannedReply:
    """The reply if the user may see it, else 404 (we do not reveal that it exists)."""
    reply = visible_canned_replies(user).select_related("team", "owner").filter(pk=pk).first()
    if reply is None:
        raise Http404(gettext("No such canned reply"))
    return reply


def visible_teams(user: User) -> QuerySet[Team]:
    """The teams a user may name for a canned reply: every team for owners and agents
    (who look after team replies), a member's own teams for anyone else."""
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    if user.sees_all_cases:
        return Team.objects.all()
    return Team.objects.filter(members=user)


def access_team(user: User, team_id: int) -> Team:
    """A team named for a canned reply, if the user may name it; else the same 400 as
    for a team that does not exist (we do not reveal that it does)."""
    team = visible_teams(user).filter(pk=team_id).first()
    if team is None:
        raise InvalidInput(gettext("There is no team %(id)s.") % {"id": team_id})
    return team


def can_manage_shared(user: User) -> bool:
    """Team and desk-wide replies are the team's words: owners and agents look after them."""
    return is_manager(user)


def can_change(user: User, reply: CannedReply) -> bool:
    if reply.owner_id is not None:
        return reply.owner_id == user.pk
    return can_manage_shared(user)


def check_can_change(user: User, reply: CannedReply) -> None:
    if not can_change(user, reply):
        raise NotAllowed(
            gettext("Only owners and agents change team and desk-wide canned replies.")
        )


def check_scope(user: User, scope: str, team: Team | None) -> None:
    """Refuse a scope the user may not save to (or one that does not make sense)."""
    if scope not in Scope.values:
        raise InvalidInput(
            gettext("Unknown scope %(scope)s: use personal, team or everyone.")
            % {"scope": repr(scope)}
        )
    if scope == Scope.TEAM and team is None:
        raise InvalidField("team", gettext("Choose the team this reply is for."))
    if scope != Scope.PERSONAL and not can_manage_shared(user):
        raise NotAllowed(
            gettext(
                "Only owners and agents save team and desk-wide canned replies; "
                "save it as your own (personal) instead."
            )
        )
