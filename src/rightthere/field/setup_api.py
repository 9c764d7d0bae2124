"""The field service's set-up through the API: skills, technicians (skills, working
hours, time off), partner companies and their fees, vendors and parts. Owners change
them (as in the admin, through the same `field.setup` functions); owners and agents
read them. Mounted on the project API at its root."""

from datetime import datetime, time
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Router, Schema
from pydantic import Field

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import PartnerCompany, User
from rightthere.accounts.roles import check_manager
from rightthere.core.api.schemas import (
    Email,
    Id,
    Input,
    Name,
    NotNull,
    Phone,
    ShortName,
    TimeOfDay,
    error_responses,
)
from rightthere.core.errors import InvalidInput
from rightthere.field import setup
from rightthere.field.models import (
    FeeKind,
    Part,
    PartnerProfile,
    Skill,
    TechnicianProfile,
    TimeOff,
    Vendor,
)
from rightthere.field.schemas import PartOut

router = Router(tags=["field set-up"])

SkillIds = Annotated[list[Id], Field(max_length=100, examples=[[1, 2]])]


class SkillIn(Input):
    name: ShortName = Field(examples=["Gas boilers"])


class SkillOut(Schema):
    id: int
    name: str


class PeriodIn(Input):
    weekday: int = Field(ge=0, le=6, description="0 is Monday, 6 is Sunday.", examples=[0])
    starts: TimeOfDay = Field(examples=["08:00"])
    ends: TimeOfDay = Field(examples=["16:30"])


class WorkingHoursIn(Input):
    periods: Annotated[list[PeriodIn], Field(max_length=70)] = Field(
        description="The whole week; several periods on one day allow a break."
    )


class PeriodOut(Schema):
    weekday: int
    starts: TimeOfDay
    ends: TimeOfDay


class TimeOffIn(Input):
    starts_at: datetime = Field(examples=["2099-03-02T00:00:00Z"])
    ends_at: datetime = Field(examples=["2099-03-07T00:00:00Z"])
    reason: str = Field("", max_length=200, examples=["Holiday"])


class TimeOffOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    reason: str


class TechnicianIn(Input):
    skill_ids: SkillIds = Field(default_factory=list, description="Replaces the skills.")
    active: bool = Field(True, description="False: never offered for new visits.")


class TechnicianOut(Schema):
    user_id: int
    name: str
    active: bool
    skills: list[SkillOut]
    working_hours: list[PeriodOut]
    time_off: list[TimeOffOut]


class PartnerIn(Input):
    name: Name = Field(examples=["Spark & Sons Electrical"])
    email: Email = Field("", examples=["jobs@sparkandsons.example"])
    phone: Phone = Field("", examples=["01632 960123"])
    fee_kind: FeeKind = Field(FeeKind.PERCENT, description="What the business keeps per visit.")
    fee_amount: Decimal = Field(Decimal("15"), ge=0, max_digits=10, decimal_places=2,
                                examples=["15.00"])  # fmt: skip
    visit_price: Decimal = Field(Decimal("120"), ge=0, max_digits=10, decimal_places=2,
                                 examples=["120.00"])  # fmt: skip
    skill_ids: SkillIds = Field(default_factory=list)
    crews: int = Field(1, ge=1, le=1000, description="Visits they take at once.", examples=[2])
    day_starts: TimeOfDay = Field(time(8), examples=["08:00"])
    day_ends: TimeOfDay = Field(time(18), examples=["18:00"])


class PartnerUpdate(Input):
    fee_kind: Annotated[FeeKind | None, NotNull] = None
    fee_amount: Annotated[Decimal | None, NotNull] = Field(
        None, ge=0, max_digits=10, decimal_places=2, examples=["20.00"]
    )
    visit_price: Annotated[Decimal | None, NotNull] = Field(
        None, ge=0, max_digits=10, decimal_places=2, examples=["140.00"]
    )
    skill_ids: Annotated[list[Id] | None, NotNull] = Field(None, max_length=100)
    crews: Annotated[int | None, NotNull] = Field(None, ge=1, le=1000)
    day_starts: Annotated[TimeOfDay | None, NotNull] = None
    day_ends: Annotated[TimeOfDay | None, NotNull] = None
    active: Annotated[bool | None, NotNull] = None


class PartnerOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    fee_kind: str
    fee_amount: Decimal
    visit_price: Decimal
    fee_per_visit: Decimal = Field(description="What the business keeps from one visit.")
    skills: list[SkillOut]
    crews: int
    day_starts: TimeOfDay
    day_ends: TimeOfDay
    active: bool


class VendorIn(Input):
    name: Name = Field(examples=["Valves & Co"])
    email: Email = Field("", examples=["orders@valves.example"])


class VendorOut(Schema):
    id: int
    name: str
    email: str


Money = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2)]


class PartIn(Input):
    sku: Annotated[str, Field(min_length=1, max_length=50, pattern=r"^\S+$", examples=["RCD-30"])]
    name: Name = Field(examples=["RCD 30 mA, 2-pole"])
    vendor_id: Id = Field(examples=[1])
    cost: Money = Field(Decimal("0"), examples=["24.50"])
    stock_on_hand: int = Field(0, ge=-1_000_000, le=1_000_000, examples=[3])
    reorder_level: int = Field(0, ge=0, le=1_000_000, examples=[1])
    lead_time_days: int = Field(2, ge=0, le=365, examples=[2])


class PartUpdate(Input):
    name: Annotated[Name | None, NotNull] = Field(None, examples=["RCD 30 mA, 4-pole"])
    vendor_id: Annotated[Id | None, NotNull] = None
    cost: Annotated[Money | None, NotNull] = Field(None, examples=["26.00"])
    stock_on_hand: Annotated[int | None, NotNull] = Field(None, ge=-1_000_000, le=1_000_000)
    reorder_level: Annotated[int | None, NotNull] = Field(None, ge=0, le=1_000_000)
    lead_time_days: Annotated[int | None, NotNull] = Field(None, ge=0, le=365, examples=[5])


def _skills(ids: list[int]) -> list[Skill]:
    found = list(Skill.objects.filter(pk__in=ids))
    missing = set(ids) - {skill.pk for skill in found}
    if missing:
        raise InvalidInput(gettext("There is no skill with id %(id)s.") % {"id": min(missing)})
    return found


def _vendor(pk: int) -> Vendor:
    vendor = Vendor.objects.filter(pk=pk).first()
    if vendor is None:
        raise InvalidInput(gettext("There is no vendor with id %(id)s.") % {"id": pk})
    return vendor


def _manager(request: HttpRequest) -> User:
    user = current_user(request)
    check_manager(user, gettext("see the field set-up"))
    return user


def _technician_profile(user_id: int) -> TechnicianProfile:
    profile = TechnicianProfile.objects.filter(user_id=user_id).first()
    if profile is None:
        raise Http404("No technician set up with that id")
    return profile


def _technician_out(profile: TechnicianProfile) -> dict[str, Any]:
    return {
        "user_id": profile.user_id,
        "name": profile.user.display_name,
        "active": profile.active,
        "skills": list(profile.skills.all()),
        "working_hours": list(profile.working_hours.all()),
        "time_off": list(profile.time_off.all()),
    }


def _partner_out(profile: PartnerProfile) -> dict[str, Any]:
    company = profile.partner
    return {
        "id": company.pk, "name": company.name, "email": company.email, "phone": company.phone,
        "fee_kind": profile.fee_kind, "fee_amount": profile.fee_amount,
        "visit_price": profile.visit_price, "fee_per_visit": profile.fee(),
        "skills": list(profile.skills.all()), "crews": profile.crews,
        "day_starts": profile.day_starts, "day_ends": profile.day_ends, "active": profile.active,
    }  # fmt: skip


@router.get("/skills", response={200: list[SkillOut], **error_responses()})
def list_skills(request: HttpRequest) -> list[Skill]:
    """Every skill, by name (anyone on the staff, to book visits that need one)."""
    return list(Skill.objects.all())


@router.post("/skills", response={201: SkillOut, **error_responses(400, 403, 422)})
def add_skill(request: HttpRequest, payload: SkillIn) -> tuple[int, Skill]:
    """Add a skill (owners)."""
    return 201, setup.add_skill(current_user(request), name=payload.name)


@router.get("/technicians", response={200: list[TechnicianOut], **error_responses(403)})
def list_technicians(request: HttpRequest) -> list[dict[str, Any]]:
    """Technicians set up for visits: skills, weekly hours and time off (owners, agents)."""
    _manager(request)
    profiles = TechnicianProfile.objects.select_related("user").prefetch_related(
        "skills", "working_hours", "time_off"
    )
    return [_technician_out(p) for p in profiles.order_by("user__username")]


@router.put(
    "/technicians/{user_id}", response={200: TechnicianOut, **error_responses(400, 403, 404, 422)}
)
def set_up_technician(request: HttpRequest, user_id: Id, payload: TechnicianIn) -> dict[str, Any]:
    """Make a technician (a person with the technician role) bookable, with these skills
    (owners). Set their hours with PUT /api/technicians/{user_id}/working-hours."""
    actor = current_user(request)
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise Http404("No such person")
    profile = setup.set_up_technician(
        actor, person, skills=_skills(payload.skill_ids), active=payload.active
    )
    return _technician_out(profile)


@router.put(
    "/technicians/{user_id}/working-hours",
    response={200: list[PeriodOut], **error_responses(400, 403, 404, 422)},
)
def set_working_hours(request: HttpRequest, user_id: Id, payload: WorkingHoursIn) -> list[Any]:
    """Replace a technician's weekly hours (owners). Several periods on one day allow a
    break: `{"periods": [{"weekday": 0, "starts": "08:00", "ends": "12:00"},
    {"weekday": 0, "starts": "12:30", "ends": "16:30"}]}`."""
    actor = current_user(request)
    periods = [(p.weekday, p.starts, p.ends) for p in payload.periods]
    return setup.set_working_hours(actor, _technician_profile(user_id), periods)


@router.post(
    "/technicians/{user_id}/time-off",
    response={201: TimeOffOut, **error_responses(400, 403, 404, 422)},
)
def add_time_off(request: HttpRequest, user_id: Id, payload: TimeOffIn) -> tuple[int, TimeOff]:
    """Time a technician cannot be booked (owners)."""
    actor = current_user(request)
    return 201, setup.add_time_off(
        actor, _technician_profile(user_id), starts_at=payload.starts_at,
        ends_at=payload.ends_at, reason=payload.reason,
    )  # fmt: skip


@router.delete("/time-off/{time_off_id}", response={204: None, **error_responses(403, 404)})
def remove_time_off(request: HttpRequest, time_off_id: int) -> tuple[int, None]:
    """Remove time off (owners)."""
    actor = current_user(request)
    time_off = TimeOff.objects.filter(pk=time_off_id).first()
    if time_off is None:
        raise Http404("No such time off")
    setup.remove_time_off(actor, time_off)
    return 204, None


@router.get("/partners", response={200: list[PartnerOut], **error_responses(403)})
def list_partners(request: HttpRequest) -> list[dict[str, Any]]:
    """Partner companies set up for overflow visits, with their fees (owners, agents)."""
    _manager(request)
    profiles = PartnerProfile.objects.select_related("partner").prefetch_related("skills")
    return [_partner_out(p) for p in profiles.order_by("partner__name")]


@router.post("/partners", response={201: PartnerOut, **error_responses(400, 403, 422)})
def add_partner(request: HttpRequest, payload: PartnerIn) -> tuple[int, dict[str, Any]]:
    """Add a partner company and the fee the business keeps from each of its visits
    (owners). Its people are added with POST /api/users (role subcontractor)."""
    actor = current_user(request)
    data = payload.model_dump(exclude={"skill_ids"})
    profile = setup.add_partner(actor, skills=_skills(payload.skill_ids), **data)
    return 201, _partner_out(profile)


@router.patch(
    "/partners/{partner_id}", response={200: PartnerOut, **error_responses(400, 403, 404, 422)}
)
def change_partner(request: HttpRequest, partner_id: int, payload: PartnerUpdate) -> dict[str, Any]:
    """Change a partner's fee, price, crews, hours, skills or whether it takes visits
    (owners)."""
    actor = current_user(request)
    company = PartnerCompany.objects.filter(pk=partner_id).first()
    if company is None:
        raise Http404("No such partner company")
    changes = payload.model_dump(exclude_unset=True, exclude={"skill_ids"})
    skills = None if payload.skill_ids is None else _skills(payload.skill_ids)
    return _partner_out(setup.change_partner(actor, company, skills=skills, **changes))


@router.get("/vendors", response={200: list[VendorOut], **error_responses(403)})
def list_vendors(request: HttpRequest) -> list[Vendor]:
    """Vendors parts are ordered from (owners, agents)."""
    _manager(request)
    return list(Vendor.objects.all())


@router.post("/vendors", response={201: VendorOut, **error_responses(400, 403, 422)})
def add_vendor(request: HttpRequest, payload: VendorIn) -> tuple[int, Vendor]:
    """Add a vendor (owners)."""
    actor = current_user(request)
    return 201, setup.add_vendor(actor, name=payload.name, email=payload.email)


def _vendor_at(pk: int) -> Vendor:
    vendor = Vendor.objects.filter(pk=pk).first()
    if vendor is None:
        raise Http404("No such vendor")
    return vendor


@router.put(
    "/vendors/{vendor_id}", response={200: VendorOut, **error_responses(400, 403, 404, 422)}
)
def change_vendor(request: HttpRequest, vendor_id: int, payload: VendorIn) -> Vendor:
    """Change a vendor's name and e-mail (owners): both are given; an empty e-mail clears it.
    As Settings › Parts and vendors › Edit."""
    actor = current_user(request)
    vendor = _vendor_at(vendor_id)
    return setup.change_vendor(actor, vendor, name=payload.name, email=payload.email)


@router.delete("/vendors/{vendor_id}", response={204: None, **error_responses(400, 403, 404)})
def remove_vendor(request: HttpRequest, vendor_id: int) -> tuple[int, None]:
    """Remove a vendor no part comes from and no order was placed with (owners); otherwise
    refused (400) with the reason."""
    actor = current_user(request)
    setup.remove_vendor(actor, _vendor_at(vendor_id))
    return 204, None


@router.patch("/parts/{part_id}", response={200: PartOut, **error_responses(400, 403, 404, 422)})
def change_part(request: HttpRequest, part_id: int, payload: PartUpdate) -> Part:
    """Change a part: name, vendor, cost, stock count, reorder level, lead time (owners)."""
    actor = current_user(request)
    part = Part.objects.filter(pk=part_id).first()
    if part is None:
        raise Http404("No such part")
    changes = payload.model_dump(exclude_unset=True, exclude={"vendor_id"})
    if payload.vendor_id is not None:
        changes["vendor"] = _vendor(payload.vendor_id)
    return setup.change_part(actor, part, **changes)


class NewTechnicianIn(Input):
    username: ShortName = Field(examples=["tess"])
    first_name: str = Field("", max_length=150, examples=["Tess"])
    last_name: str = Field("", max_length=150, examples=["Okafor"])
    email: Email | None = Field(None, examples=["tess@example.com"])
    skill_ids: SkillIds = Field(default_factory=list)
    periods: Annotated[list[PeriodIn], Field(max_length=70)] = Field(default_factory=list)


@router.post("/technicians", response={201: TechnicianOut, **error_responses(400, 403, 422)})
def add_technician(request: HttpRequest, payload: NewTechnicianIn) -> tuple[int, dict[str, Any]]:
    """Add a technician in one go (owners): their account (no password until invited),
    skills and weekly hours; bookable at once. As the Technicians settings screen."""
    actor = current_user(request)
    profile = setup.add_technician(
        actor, username=payload.username, first_name=payload.first_name,
        last_name=payload.last_name, email=payload.email or "",
        skills=_skills(payload.skill_ids),
        periods=[(p.weekday, p.starts, p.ends) for p in payload.periods],
    )  # fmt: skip
    return 201, _technician_out(profile)


class LoadCeilingIn(Input):
    max_load_percent: int = Field(ge=10, le=100, examples=[80])


class LoadCeilingOut(Schema):
    max_load_percent: int


@router.put("/field-settings/load-ceiling",
            response={200: LoadCeilingOut, **error_responses(400, 403, 422)})  # fmt: skip
def set_load_ceiling(request: HttpRequest, payload: LoadCeilingIn) -> dict[str, int]:
    """The share of each technician's hours the slot finder may book (owners)."""
    done = setup.set_load_ceiling(current_user(request), payload.max_load_percent)
    return {"max_load_percent": done.max_load_percent}


class CustomerCutoffIn(Input):
    customer_cutoff_hours: int = Field(ge=0, le=14 * 24, examples=[24])


class CustomerCutoffOut(Schema):
    customer_cutoff_hours: int


@router.put("/field-settings/customer-cutoff",
            response={200: CustomerCutoffOut, **error_responses(400, 403, 422)})  # fmt: skip
def set_customer_cutoff(request: HttpRequest, payload: CustomerCutoffIn) -> dict[str, int]:
    """Until how many hours before a visit the customer may move it on their status page
    (0: until it starts; owners)."""
    done = setup.set_customer_cutoff(current_user(request), payload.customer_cutoff_hours)
    return {"customer_cutoff_hours": done.customer_cutoff_hours}


class PartnerPersonIn(Input):
    username: ShortName = Field(examples=["sid"])
    first_name: str = Field("", max_length=150, examples=["Sid"])
    last_name: str = Field("", max_length=150)
    email: Email | None = Field(None, examples=["sid@spark.example"])


class PartnerPersonOut(Schema):
    id: int
    username: str
    name: str
    partner_id: int


@router.post("/partners/{partner_id}/people",
             response={201: PartnerPersonOut, **error_responses(400, 403, 404, 422)})  # fmt: skip
def add_partner_person(request: HttpRequest, partner_id: int,
                       payload: PartnerPersonIn) -> tuple[int, dict[str, Any]]:  # fmt: skip
    """Add a person at a partner company (owners); they see only its visits."""
    actor = current_user(request)
    company = PartnerCompany.objects.filter(pk=partner_id).first()
    if company is None:
        raise Http404("No such partner company")
    person = setup.add_partner_user(actor, company, username=payload.username,
                                    first_name=payload.first_name, last_name=payload.last_name,
                                    email=payload.email or "")  # fmt: skip
    return 201, {"id": person.pk, "username": person.username, "name": person.display_name,
                 "partner_id": company.pk}  # fmt: skip
