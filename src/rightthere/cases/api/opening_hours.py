"""/api/business-hours and /api/holidays: when the desk is open, from which due times
are counted. Anyone on the staff reads them; owners change them, as in the admin
(through the same `cases.opening_hours` functions)."""

import datetime as dt
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from pydantic import Field

from rightthere.accounts.api_auth import current_user
from rightthere.cases import opening_hours
from rightthere.cases.models import BusinessHours, Holiday
from rightthere.core.api.schemas import Input, ShortName, TimeOfDay, error_responses

router = Router(tags=["business hours"])


class OpeningPeriod(Input):
    weekday: int = Field(ge=0, le=6, description="0 is Monday, 6 is Sunday.", examples=[0])
    opens: TimeOfDay = Field(examples=["09:00"])
    closes: TimeOfDay = Field(examples=["17:30"])


class OpeningHoursIn(Input):
    periods: Annotated[list[OpeningPeriod], Field(max_length=70)] = Field(
        description="The whole week; an empty list means always open."
    )


class OpeningPeriodOut(Schema):
    weekday: int
    opens: TimeOfDay
    closes: TimeOfDay


class HolidayIn(Input):
    date: dt.date = Field(examples=["2099-12-25"])
    name: ShortName = Field(examples=["Christmas Day"])


class HolidayOut(Schema):
    id: int
    date: dt.date
    name: str


@router.get("/business-hours", response={200: list[OpeningPeriodOut], **error_responses()})
def get_business_hours(request: HttpRequest) -> list[BusinessHours]:
    """The week's opening periods (none: always open)."""
    return list(BusinessHours.objects.all())


@router.put(
    "/business-hours",
    response={200: list[OpeningPeriodOut], **error_responses(400, 403, 422)},
)
def set_business_hours(request: HttpRequest, payload: OpeningHoursIn) -> list[BusinessHours]:
    """Replace the week's opening periods (owners). Several on one day allow a lunch
    break; an empty list means always open."""
    periods = [(p.weekday, p.opens, p.closes) for p in payload.periods]
    return opening_hours.set_business_hours(current_user(request), periods)


@router.get("/holidays", response={200: list[HolidayOut], **error_responses()})
def list_holidays(request: HttpRequest) -> list[Holiday]:
    """Days the desk is closed, earliest first."""
    return list(Holiday.objects.all())


@router.post("/holidays", response={201: HolidayOut, **error_responses(400, 403, 422)})
def add_holiday(request: HttpRequest, payload: HolidayIn) -> tuple[int, Holiday]:
    """Close the desk on a day (owners): due times skip it."""
    return 201, opening_hours.add_holiday(current_user(request), day=payload.date,
                                          name=payload.name)  # fmt: skip


@router.delete("/holidays/{holiday_id}", response={204: None, **error_responses(403, 404)})
def remove_holiday(request: HttpRequest, holiday_id: int) -> tuple[int, None]:
    """Open the desk again on a holiday (owners)."""
    actor = current_user(request)
    holiday = Holiday.objects.filter(pk=holiday_id).first()
    if holiday is None:
        raise Http404("No such holiday")
    opening_hours.remove_holiday(actor, holiday)
    return 204, None
