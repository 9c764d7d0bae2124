"""/api/users and /api/teams: the desk's people and teams, set up by owners as in the
admin (through the same `accounts.setup` functions)."""

from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field, StringConstraints

from rightthere.accounts import setup
from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import PartnerCompany, Role, Team, User
from rightthere.accounts.roles import check_manager, check_owner
from rightthere.core.api.schemas import Email, Id, Input, ShortName, error_responses
from rightthere.core.errors import InvalidInput

router = Router(tags=["people and teams"])

MemberIds = Annotated[list[Id], Field(max_length=500, examples=[[2, 3]])]
Username = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150,
                           pattern=r"^[\w.@+-]+$"),
]  # fmt: skip
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=150)]


class TeamIn(Input):
    name: ShortName = Field(examples=["Repairs desk"])
    member_ids: MemberIds = Field(default_factory=list)


class TeamMembersIn(Input):
    member_ids: MemberIds


class TeamRenameIn(Input):
    name: ShortName = Field(examples=["Field service"])


class PersonRef(Schema):
    id: int
    name: str


class TeamOut(Schema):
    id: int
    name: str
    members: list[PersonRef]


class PersonIn(Input):
    username: Username = Field(examples=["tom.fitter"])
    role: Role = Field(examples=["technician"])
    first_name: PersonName = Field("", examples=["Tom"])
    last_name: PersonName = Field("", examples=["Fitter"])
    email: Email = Field("", examples=["tom@example.com"])
    partner_id: Id | None = Field(None, description="Subcontractors only: their company.")
    password: Annotated[str, StringConstraints(max_length=200)] = Field(
        "", description="Leave empty: the person cannot log in to the screens yet."
    )


class PersonChangeIn(Input):
    """Only the fields sent change; `manager_id: null` removes the manager."""

    role: Role | None = Field(None, examples=["owner"])
    team_ids: MemberIds | None = Field(None, description="All their teams (replaces them).")
    manager_id: Id | None = Field(None, description="An active owner or agent; null: none.")
    language: Annotated[str, StringConstraints(strip_whitespace=True, max_length=10)] | None = (
        Field(None, examples=["de"], description="Their screens' language; empty: none "
                                                 "(their browser's, else the business's).")
    )  # fmt: skip


class PersonOut(Schema):
    id: int
    username: str
    name: str
    role: str
    email: str
    partner_id: int | None
    is_active: bool
    team_ids: list[int]
    manager_id: int | None
    language: str


def _people(ids: list[int]) -> list[User]:
    found = list(User.objects.filter(pk__in=ids, is_active=True))
    missing = set(ids) - {person.pk for person in found}
    if missing:
        raise InvalidInput(_("There is no active person with id %(id)s.") % {"id": min(missing)})
    return found


def _team_out(team: Team) -> dict[str, Any]:
    return {
        "id": team.pk,
        "name": team.name,
        "members": [{"id": p.pk, "name": p.display_name} for p in team.members.all()],
    }


def _person_out(person: User) -> dict[str, Any]:
    return {
        "id": person.pk, "username": person.username, "name": person.display_name,
        "role": person.role, "email": person.email, "partner_id": person.partner_id,
        "is_active": person.is_active, "team_ids": [team.pk for team in person.teams.all()],
        "manager_id": person.manager_id, "language": person.language,
    }  # fmt: skip


@router.get("/teams", response={200: list[TeamOut], **error_responses()})
def list_teams(request: HttpRequest) -> list[dict[str, Any]]:
    """Every team and its members (anyone on the staff)."""
    return [_team_out(team) for team in Team.objects.prefetch_related("members")]


@router.post("/teams", response={201: TeamOut, **error_responses(400, 403, 422)})
def add_team(request: HttpRequest, payload: TeamIn) -> tuple[int, dict[str, Any]]:
    """Add a team (owners)."""
    actor = current_user(request)
    team = setup.add_team(actor, name=payload.name, members=_people(payload.member_ids))
    return 201, _team_out(team)


@router.put(
    "/teams/{team_id}/members", response={200: TeamOut, **error_responses(400, 403, 404, 422)}
)
def set_team_members(request: HttpRequest, team_id: int, payload: TeamMembersIn) -> dict[str, Any]:
    """Replace who is in a team (owners)."""
    actor = current_user(request)
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise Http404("No such team")
    return _team_out(setup.set_team_members(actor, team, _people(payload.member_ids)))


@router.patch("/teams/{team_id}", response={200: TeamOut, **error_responses(400, 403, 404, 422)})
def rename_team(request: HttpRequest, team_id: int, payload: TeamRenameIn) -> dict[str, Any]:
    """Rename a team (owners); its people, cases and rules stay with it."""
    actor = current_user(request)
    return _team_out(setup.rename_team(actor, _team(team_id), name=payload.name))


@router.delete("/teams/{team_id}", response={204: None, **error_responses(403, 404, 409)})
def remove_team(request: HttpRequest, team_id: int) -> tuple[int, None]:
    """Remove a team nothing points at any more (owners). 409 `team_in_use` while people,
    cases, routing rules, canned replies or targets still belong to it, naming them."""
    actor = current_user(request)
    setup.remove_team(actor, _team(team_id))
    return 204, None


def _team(team_id: int) -> Team:
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise Http404("No such team")
    return team


@router.get("/users", response={200: list[PersonOut], **error_responses(403)})
def list_people(request: HttpRequest) -> list[dict[str, Any]]:
    """Everyone with an account, by username (owners and agents)."""
    check_manager(current_user(request), _("see everyone's accounts"))
    return [_person_out(p) for p in User.objects.prefetch_related("teams").order_by("username")]


@router.post("/users", response={201: PersonOut, **error_responses(400, 403, 422)})
def add_person(request: HttpRequest, payload: PersonIn) -> tuple[int, dict[str, Any]]:
    """Add a person (owners): staff (owner, agent, technician) or a partner company's
    user (role subcontractor, with partner_id)."""
    actor = current_user(request)
    partner = None
    if payload.partner_id is not None:
        partner = PartnerCompany.objects.filter(pk=payload.partner_id).first()
        if partner is None:
            raise InvalidInput(_("There is no partner company with id %(id)s.")
                               % {"id": payload.partner_id})  # fmt: skip
    person = setup.add_person(
        actor, username=payload.username, role=payload.role, first_name=payload.first_name,
        last_name=payload.last_name, email=payload.email, partner=partner,
        password=payload.password,
    )  # fmt: skip
    return 201, _person_out(person)


@router.patch("/users/{user_id}", response={200: PersonOut, **error_responses(400, 403, 404, 422)})
def change_person(request: HttpRequest, user_id: int, payload: PersonChangeIn) -> dict[str, Any]:
    """Change a person's role, teams, manager or screen language (owners); the desk keeps
    one active owner. Everyone chooses their own language with PUT /api/me."""
    actor = current_user(request)
    check_owner(actor, _("change people's roles, teams and managers"))
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise Http404("No such person")
    sent = payload.model_fields_set
    teams = None
    if "team_ids" in sent:
        teams = list(Team.objects.filter(pk__in=payload.team_ids or []))
        missing = set(payload.team_ids or []) - {team.pk for team in teams}
        if missing:
            raise InvalidInput(_("There is no team with id %(id)s.") % {"id": min(missing)})
    changes: dict[str, Any] = {"role": payload.role, "teams": teams, "language": payload.language}
    if "manager_id" in sent:
        changes["manager"] = _manager(payload.manager_id)
    return _person_out(setup.change_person(actor, person, **changes))


def _manager(manager_id: int | None) -> User | None:
    if manager_id is None:
        return None
    manager = User.objects.filter(pk=manager_id).first()
    if manager is None:
        raise InvalidInput(_("There is no person with id %(id)s.") % {"id": manager_id})
    return manager
