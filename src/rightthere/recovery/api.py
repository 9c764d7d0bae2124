"""/api/cases/{id}/recovery: the six steps of complaint recovery; /api/improvements."""

from datetime import timedelta
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Router, Schema
from pydantic import Field, StringConstraints

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import User
from rightthere.cases.access import access_case
from rightthere.core.api.schemas import Input, NamedRef, NotNull, error_responses
from rightthere.core.errors import NotAllowed
from rightthere.desk import recovery as desk_recovery
from rightthere.recovery import actions, setup
from rightthere.recovery.models import Improvement, Recovery, RootCause, active_root_causes
from rightthere.recovery.schemas import (
    ChoiceIn,
    FeedbackIn,
    FollowThroughIn,
    ImprovementDetailOut,
    ImprovementIn,
    ImprovementOut,
    OptionsIn,
    RecoveryOut,
    RootCauseIn,
    SatisfactionIn,
    WaiverIn,
)
from rightthere.recovery.trend import weekly_complaints

router = Router(tags=["complaint recovery"])
CHANGES = {200: RecoveryOut, **error_responses(400, 403, 404, 422)}


def _recovery(request: HttpRequest, case_id: int) -> Recovery:
    case = access_case(current_user(request), case_id)
    recovery = (
        Recovery.objects.filter(case=case)
        .select_related("chosen_option", "root_cause", "follow_through")
        .prefetch_related("options", "waivers")
        .first()
    )
    if recovery is None:
        raise Http404("This case is not on the recovery playbook.")
    return recovery


def _fresh(recovery: Recovery) -> Recovery:
    return (
        Recovery.objects.select_related("chosen_option", "root_cause", "follow_through")
        .prefetch_related("options", "waivers")
        .get(pk=recovery.pk)
    )


def _staff(request: HttpRequest) -> User:
    user = current_user(request)
    if not user.sees_all_cases:
        raise NotAllowed(gettext("Only owners and agents work with improvements."))
    return user


@router.get("/cases/{case_id}/recovery", response={200: RecoveryOut, **error_responses(404)})
def get_recovery(request: HttpRequest, case_id: int) -> Recovery:
    return _recovery(request, case_id)


@router.post("/cases/{case_id}/recovery", response={201: RecoveryOut, **error_responses(403, 404)})
def start(request: HttpRequest, case_id: int) -> tuple[int, Recovery]:
    """Put the case on the recovery playbook (complaints start there by themselves)."""
    user = current_user(request)
    recovery = actions.start_recovery(access_case(user, case_id), actor=user)
    return 201, _fresh(recovery)


@router.post("/cases/{case_id}/recovery/options", response=CHANGES)
def offer_options(request: HttpRequest, case_id: int, body: OptionsIn) -> Recovery:
    recovery = _recovery(request, case_id)
    desk_recovery.offer_options(recovery, actor=current_user(request), labels=body.options)
    return _fresh(recovery)


@router.post("/cases/{case_id}/recovery/choice", response=CHANGES)
def choose(request: HttpRequest, case_id: int, body: ChoiceIn) -> Recovery:
    recovery = _recovery(request, case_id)
    actions.choose_option(
        recovery,
        option_id=body.option_id,
        actor=current_user(request),
        by_customer=body.by_customer,
    )
    return _fresh(recovery)


@router.post("/cases/{case_id}/recovery/follow-through", response=CHANGES)
def follow_through(request: HttpRequest, case_id: int, body: FollowThroughIn) -> Recovery:
    recovery = _recovery(request, case_id)
    actions.follow_through(recovery, actor=current_user(request), due_at=body.due_at)
    return _fresh(recovery)


@router.post("/cases/{case_id}/recovery/satisfaction", response=CHANGES)
def satisfaction(request: HttpRequest, case_id: int, body: SatisfactionIn) -> Recovery:
    """The customer's answer, recorded by staff (customers answer on their status page)."""
    recovery = _recovery(request, case_id)
    actions.answer_satisfaction(
        recovery, satisfied=body.satisfied, comment=body.comment, actor=current_user(request)
    )
    return _fresh(recovery)


@router.post("/cases/{case_id}/recovery/feedback", response=CHANGES)
def feedback(request: HttpRequest, case_id: int, body: FeedbackIn) -> Recovery:
    recovery = _recovery(request, case_id)
    actions.record_feedback(recovery, text=body.feedback, actor=current_user(request))
    return _fresh(recovery)


@router.post("/cases/{case_id}/recovery/root-cause", response=CHANGES)
def root_cause(request: HttpRequest, case_id: int, body: RootCauseIn) -> Recovery:
    recovery = _recovery(request, case_id)
    cause = RootCause.objects.filter(pk=body.root_cause_id).first()
    if cause is None:
        raise Http404("No such root cause")
    improvement = None
    if body.improvement_id is not None:
        improvement = Improvement.objects.filter(pk=body.improvement_id).first()
        if improvement is None:
            raise Http404("No such improvement")
    actions.set_root_cause(
        recovery, actor=current_user(request), root_cause=cause, improvement=improvement
    )
    return _fresh(recovery)


@router.post("/cases/{case_id}/recovery/waivers", response=CHANGES)
def waive(request: HttpRequest, case_id: int, body: WaiverIn) -> Recovery:
    """Owners only: skip a step, with the reason on record."""
    recovery = _recovery(request, case_id)
    actions.waive_step(recovery, actor=current_user(request), step=body.step, reason=body.reason)
    return _fresh(recovery)


@router.get("/root-causes", response={200: list[NamedRef]})
def root_causes(request: HttpRequest) -> Any:
    """The root causes offered at a complaint's improvement step."""
    return active_root_causes()


CauseName = Annotated[str, StringConstraints(max_length=200)]


class RootCauseCreate(Input):
    name: CauseName


class RootCauseChange(Input):
    name: Annotated[CauseName | None, NotNull] = None
    active: Annotated[bool | None, NotNull] = Field(
        None, description="false hides it from the list; complaints that use it keep it."
    )


class RootCauseOut(Schema):
    id: int
    name: str
    active: bool


def _root_cause(cause_id: int) -> RootCause:
    found = RootCause.objects.filter(pk=cause_id).first()
    if found is None:
        raise Http404("No such root cause")
    return found


@router.post("/root-causes", response={201: RootCauseOut, **error_responses(400, 403, 422)})
def add_root_cause(request: HttpRequest, body: RootCauseCreate) -> tuple[int, RootCause]:
    """A new root cause at the end of the list (owners); the Root causes screen's twin."""
    return 201, setup.add_root_cause(current_user(request), name=body.name)


@router.patch(
    "/root-causes/{cause_id}", response={200: RootCauseOut, **error_responses(400, 403, 404, 422)}
)
def change_root_cause(request: HttpRequest, cause_id: int, body: RootCauseChange) -> RootCause:
    """Rename a root cause or hide it (owners)."""
    cause = _root_cause(cause_id)
    name = cause.name if body.name is None else body.name
    active = cause.active if body.active is None else body.active
    return setup.change_root_cause(current_user(request), cause, name=name, active=active)


@router.delete("/root-causes/{cause_id}", response={204: None, **error_responses(400, 403, 404)})
def delete_root_cause(request: HttpRequest, cause_id: int) -> tuple[int, None]:
    """Remove a root cause no complaint uses (owners); one in use can only be hidden."""
    setup.delete_root_cause(current_user(request), _root_cause(cause_id))
    return 204, None


@router.get("/improvements", response={200: list[ImprovementOut], **error_responses(403)})
def list_improvements(request: HttpRequest) -> Any:
    _staff(request)
    return Improvement.objects.select_related("root_cause").prefetch_related("complaints")


@router.post("/improvements", response={201: ImprovementOut, **error_responses(403, 404, 422)})
def create_improvement(request: HttpRequest, body: ImprovementIn) -> tuple[int, Improvement]:
    user = _staff(request)
    cause = RootCause.objects.filter(pk=body.root_cause_id).first()
    if cause is None:
        raise Http404("No such root cause")
    improvement = actions.create_improvement(
        actor=user, title=body.title, root_cause=cause, changed_on=body.changed_on,
        description=body.description,
    )  # fmt: skip
    return 201, improvement


@router.get(
    "/improvements/{improvement_id}",
    response={200: ImprovementDetailOut, **error_responses(403, 404)},
)
def improvement_detail(request: HttpRequest, improvement_id: int) -> Improvement:
    """The improvement with complaints per week, 8 weeks either side of the change."""
    _staff(request)
    improvement = Improvement.objects.select_related("root_cause").filter(pk=improvement_id).first()
    if improvement is None:
        raise Http404("No such improvement")
    weeks = []
    if improvement.changed_on:
        weeks = weekly_complaints(
            improvement.root_cause, improvement.changed_on - timedelta(weeks=8), 16,
            pivot=improvement.changed_on,
        )  # fmt: skip
    improvement.weeks = weeks  # type: ignore[attr-defined]
    return improvement
