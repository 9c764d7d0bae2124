"""The case page: header fields edited inline, the timeline, reply and notes."""

from dataclasses import replace
from datetime import datetime
from functools import cache
from hashlib import blake2b
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, QuerySet, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from rightthere.accounts.directory import case_directory
from rightthere.accounts.models import PartnerCompany, Team, User
from rightthere.canned.actions import UnfilledPlaceholder
from rightthere.cases.access import (
    access_attachment,
    access_case,
    can_manage_cases,
    case_scope,
    scope_values,
    visible_cases,
)
from rightthere.cases.forms import ReplyForm
from rightthere.cases.models import (
    CUSTOMER_REASONS,
    OUR_BLOCKERS,
    Case,
    Direction,
    Kind,
    Message,
    Priority,
    Status,
)
from rightthere.cases.timeline import TimelineEntry, case_timeline
from rightthere.cases.uploads import attachments_from
from rightthere.cases.views.panels import case_panels, with_panel_flags
from rightthere.core.choices import translated_choices
from rightthere.core.compiled import CompiledModels, Param, compile_once
from rightthere.core.errors import (
    CaseError,
    InvalidField,
    InvalidInput,
    ReplyCrossed,
    VisitStillBooked,
)
from rightthere.desk import casework
from rightthere.desk import messages as desk_messages
from rightthere.mail.access import with_sender_checks_of_case

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _case_for_page(user: User, pk: int, panels: bool = False) -> Case:
    """The case with everything its header shows, in one permission-checked query;
    with `panels`, also whether it has the rows of the panels that most cases lack.

    Owners and agents choose the assignee, team and partner among cached lists by id
    and see the tags; the others read the assignee's and partner's names. No one is
    shown the team's name.

    The query is compiled once per kind of user (core.compiled: building it was ~4 ms
    of a render's CPU, #23); the tags are read after it as `prefetch_related` did."""
    manager, scope = can_manage_cases(user), case_scope(user)
    if scope == "none" or not 0 < pk <= _BIGGEST_ID:
        raise Http404(gettext("No such case"))
    read = compile_once(
        ("case page's case", scope, manager, panels),
        lambda: CompiledModels(_case_query(user, manager, panels)),
    )
    found = read.fetch({"pk": pk, **scope_values(user)})
    if not found:
        raise Http404(gettext("No such case"))
    case = found[0]
    if manager:
        prefetch_related_objects([case], "tags")
    return case


_BIGGEST_ID = 2**63 - 1


def _case_query(user: User, manager: bool, panels: bool) -> QuerySet[Case]:
    """`_case_for_page`'s query with the case's id and the user's scope as `Param`s
    (`case_scope` decides its shape)."""
    cases = visible_cases(user, reusable=True)
    if manager:
        cases = cases.select_related("customer", "contact")
    else:
        cases = cases.select_related("customer", "contact", "assignee", "partner")
    if panels:
        cases = with_panel_flags(cases)
    return cases.filter(pk=Param("pk", BigIntegerField())).order_by()


FIELD_LABELS = {
    "status": gettext_lazy("Status"),
    "priority": gettext_lazy("Priority"),
    "kind": gettext_lazy("Kind"),
    "assignee": gettext_lazy("Assignee"),
    "team": gettext_lazy("Team"),
    "partner": gettext_lazy("Partner company"),
    "tags": gettext_lazy("Tags"),
    "subject": gettext_lazy("Subject"),
}


_PK = 2_147_483_647  # stands for the case's id in the header's URLs, reversed once


@cache
def _update_url(script_prefix: str, urlconf: str | None) -> tuple[str, str, str]:
    """A header field's URL around the case's id and the field's name: `reverse` once
    per URL prefix and configuration, not once a field (seven on an agent's page, #23)."""
    before, rest = reverse("case_update_field", args=[_PK, "FIELD"]).split(str(_PK))
    between, after = rest.split("FIELD")
    return before, between, after


def _update_urls(case: Case) -> dict[str, str]:
    before, between, after = _update_url(get_script_prefix(), get_urlconf())
    return {field: f"{before}{case.pk}{between}{field}{after}" for field in FIELD_LABELS}


# What the refusal to solve or close a case with a visit still to come offers instead.
_CANCEL_VISITS_AND: "dict[str, StrOrPromise]" = {
    Status.SOLVED: gettext_lazy("Solve and cancel the visit"),
    Status.CLOSED: gettext_lazy("Close and cancel the visit"),
}


def _header_context(
    user: User, case: Case, error: str = "", requested_status: str = "", visit_refusal: bool = False
) -> dict:
    """`visit_refusal`: the requested status was refused for a visit still to come; those
    who may cancel visits (owners, agents) get the button that does both."""
    manager = can_manage_cases(user)
    offer = _CANCEL_VISITS_AND.get(requested_status) if visit_refusal and manager else None
    return {
        "case": case,
        "update_urls": _update_urls(case),
        "shown_status": requested_status or case.status,
        # The selects' choices translated once per language (core.choices), not an
        # option at a time on every render (#23).
        "customer_reasons": translated_choices(
            "case customer reasons", lambda: [(r.value, r.label) for r in CUSTOMER_REASONS]
        ),
        "our_blockers": translated_choices(
            "case our blockers", lambda: [(r.value, r.label) for r in OUR_BLOCKERS]
        ),
        "can_manage": manager,
        "statuses": translated_choices("case statuses", lambda: Status.choices),
        "priorities": translated_choices("case priorities", lambda: Priority.choices),
        "kinds": translated_choices("case kinds", lambda: Kind.choices),
        **(_directory_context() if manager else {"teams": [], "assignees": [], "partners": []}),
        "header_error": error,
        "cancel_visits_label": offer or "",
    }


def _directory_context() -> dict[str, list]:
    """The teams, our own people to own the case, and the partner companies (those with
    an active user, who would see it) to hand it to beside them: cached, no query."""
    directory = case_directory()
    return {
        "teams": directory.teams,
        "assignees": directory.assignees,
        "partners": directory.partners,
    }


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return _case_page(request, user, pk, ReplyForm())


def _case_page(
    request: HttpRequest,
    user: User,
    pk: int,
    form: ReplyForm,
    error: str = "",
    status: int = 200,
    crossed: ReplyCrossed | None = None,
    refused: tuple[str, str] | None = None,
    promise_error: str = "",
) -> HttpResponse:
    """The whole case page; a refused draft comes back in `form` so nothing typed is lost
    (`error` shown under the message, `promise_error` under the promise's fields).

    `crossed`: the reply crossed others' messages, shown above the composer. `refused`:
    a status refused for a visit still to come (the message, the status asked for),
    shown in the header with the choice to cancel the visit as well."""
    case = _case_for_page(user, pk, panels=True)
    context = (
        _header_context(user, case, *refused, True) if refused else _header_context(user, case)
    )
    panels = case_panels(user, case)
    timeline = case_timeline(case)
    with_sender_checks_of_case(case.pk, (e.message for e in timeline if e.message))
    timeline = [replace(entry, key=_entry_key(entry)) for entry in timeline]
    timeline_key = blake2b("\n".join(e.key for e in timeline).encode(), digest_size=16)
    context.update(
        main_panels=[p for p in panels if p.placement == "main"],
        side_panels=[p for p in panels if p.placement == "side"],
        timeline=timeline,
        timeline_key=timeline_key.hexdigest(),
        # The composer sends it back: a reply then sees what reached the case meanwhile.
        last_message_id=max((e.message.pk for e in timeline if e.message), default=0),
        crossed_messages=crossed.newer if crossed else [],
        crossed_notice=crossed.message if crossed else "",
        reply_form=form,
        reply_error=error,
        promise_error=promise_error,
        # The customer's other cases load once their card is shown (`other_cases`).
        shows_other_cases=user.sees_all_cases,
    )
    return render(request, "cases/case_detail.html", context, status=status)


def _entry_key(entry: TimelineEntry) -> str:
    """What a timeline entry shows that can differ between two renders (in one language
    and time zone): the key of its cached fragment, made here in one go rather than by
    the template's `cache` tag resolving ten variables per entry."""
    if entry.message is not None:
        m = entry.message
        parts = (m.pk, m.case_id, m.created_at.timestamp(), m.direction, m.author_name)
        return repr((*parts, _message_state(m)))
    e = entry.event
    assert e is not None
    return repr(
        (
            e.pk,
            e.case_id,
            e.created_at.timestamp(),
            e.kind,
            e.field,
            e.before,
            e.after,
            e.actor_name,
        )
    )


def _message_state(message: Message) -> list[object]:
    """What the page shows of a message that can still change once it is written: its
    mail's and texts' delivery and its sender check; and its body's digest (a test
    database reuses ids)."""
    parts: list[object] = [blake2b(message.body_html.encode(), digest_size=8).hexdigest()]
    if getattr(message, "has_deliveries", True):
        parts += [(d.pk, d.status, d.sent_at, d.last_error) for d in message.deliveries.all()]
    if getattr(message, "has_texts", True):
        parts += [(t.pk, t.status, t.status_at, t.last_error) for t in message.sms.all()]
    if message.direction == Direction.INBOUND:
        parts += [mail.sender_warning for mail in message.inbound_mails.all()]
    return parts


@login_required
@require_GET
def other_cases(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer's five latest other cases, loaded by the case page once their card
    is shown (htmx, `revealed`); without script the card links to the customer's page.
    Only for those who see every case (a technician's page has no such card)."""
    user: User = request.user  # type: ignore[assignment]
    if not user.sees_all_cases:
        raise Http404(gettext("No such case"))
    case = access_case(user, pk)
    cases = (
        visible_cases(user)
        .filter(customer_id=case.customer_id)
        .exclude(pk=case.pk)
        .only("id", "subject", "status", "created_at", "customer_id")
        .order_by("-created_at")[:5]
    )
    return render(request, "cases/_other_cases.html", {"other_cases": cases})


FIELD_ACTIONS = {
    "priority": lambda case, user, value, version: casework.change_priority(
        case, actor=user, priority=value, expected_version=version
    ),
    "kind": lambda case, user, value, version: casework.change_kind(
        case, actor=user, kind=value, expected_version=version
    ),
    "subject": lambda case, user, value, version: casework.change_subject(
        case, actor=user, subject=value, expected_version=version
    ),
    "tags": lambda case, user, value, version: casework.set_tags(
        case, actor=user, tags=value.split(","), expected_version=version
    ),
}


def parse_local_datetime(text: str) -> datetime | None:
    """A `datetime-local` form value in the desk's time zone, or None when empty."""
    if not text.strip():
        return None
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(gettext("Give the date as YYYY-MM-DD HH:MM.")) from exc
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _chosen_user(value: str) -> User | None:
    if not value:
        return None
    found = User.objects.filter(is_active=True, pk=value).first() if value.isdecimal() else None
    if found is None:
        raise CaseError(gettext("That person is no longer available; reload the page."))
    return found


def _chosen_partner(value: str) -> PartnerCompany | None:
    if not value:
        return None
    found = PartnerCompany.objects.filter(pk=value).first() if value.isdecimal() else None
    if found is None:
        raise CaseError(gettext("That partner company no longer exists; reload the page."))
    return found


def _chosen_team(value: str) -> Team | None:
    if not value:
        return None
    found = Team.objects.filter(pk=value).first() if value.isdecimal() else None
    if found is None:
        raise CaseError(gettext("That team no longer exists; reload the page."))
    return found


@login_required
@require_POST
def update_field(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """Inline edit of one header field. Returns the refreshed header (htmx) or redirects."""
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk)
    value = request.POST.get("value", "").replace("\x00", "")
    version_text = request.POST.get("version", "")
    version = int(version_text) if version_text.isdecimal() else None
    error, visit_refusal = "", False
    try:
        if field == "assignee":
            casework.assign_case(
                case, actor=user, assignee=_chosen_user(value), expected_version=version
            )
        elif field == "team":
            casework.change_team(
                case, actor=user, team=_chosen_team(value), expected_version=version
            )
        elif field == "partner":
            casework.hand_to_partner(
                case, actor=user, partner=_chosen_partner(value), expected_version=version
            )
        elif field == "status":
            casework.change_status(
                case,
                actor=user,
                status=value,
                expected_version=version,
                waiting_reason=request.POST.get("waiting_reason", ""),
                promise_due=parse_local_datetime(request.POST.get("promise_due", "")),
                cancel_visits=request.POST.get("cancel_visits") == "1",
            )
        elif field in FIELD_ACTIONS:
            FIELD_ACTIONS[field](case, user, value, version)
        else:
            raise CaseError(gettext("Unknown field %(field)r.") % {"field": field})
    except CaseError as exc:
        if exc.http_status == 403:
            raise PermissionDenied(exc.message) from exc
        error, visit_refusal = exc.message, isinstance(exc, VisitStillBooked)
    if not request.headers.get("HX-Request"):
        if visit_refusal:  # the page again, with the choice to cancel the visit as well
            return _case_page(request, user, pk, ReplyForm(), status=409, refused=(error, value))
        if error:
            messages.error(request, error)
        return redirect("case_detail", pk=pk)
    fresh = _case_for_page(user, pk)
    requested = value if error and field == "status" else ""
    context = _header_context(user, fresh, error, requested, visit_refusal)
    # Say the change was saved (the header is re-rendered, so nothing else shows it).
    context["header_saved"] = "" if error else FIELD_LABELS.get(field, gettext("Change"))
    response = render(request, "cases/_case_header.html", context)
    # htmx swaps only 2xx answers, so an error is shown inside the refreshed header.
    response["HX-Trigger"] = "case-changed"
    return response


# The desk names a refused promise's field by its own name; the composer's fields.
_PROMISE_FIELDS = {"what": "promise_what", "due_at": "promise_due"}


def _case_page_with_draft(
    request: HttpRequest,
    user: User,
    pk: int,
    form: ReplyForm,
    error: str,
    promise_error: str = "",
) -> HttpResponse:
    """The case page again with the refused draft still in the composer (status 422):
    `error` shows under the message, `promise_error` under the promise's fields. Files
    cannot come back in a file input, so the writer is asked to attach them again."""
    if request.FILES:
        again = gettext("Attach your files again.")
        if promise_error and not error:
            promise_error = f"{promise_error} {again}"
        else:
            error = f"{error} {again}".strip()
    return _case_page(request, user, pk, form, error, status=422, promise_error=promise_error)


def _form_errors(form: ReplyForm) -> tuple[str, str]:
    """A refused form's problems: (those of the message, those of the promise)."""
    errors = form.errors.as_data()
    promise = [str(m) for f in _PROMISE_FIELDS.values() for e in errors.get(f, []) for m in e]
    promise += [str(m) for e in errors.get("__all__", []) for m in e]
    message = [str(m) for f in ("body", "direction") for e in errors.get(f, []) for m in e]
    if not message and not promise:  # a field the composer does not show
        message = [str(m) for errs in errors.values() for e in errs for m in e]
    return " ".join(message), " ".join(promise)


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _case_page_with_draft(request, user, pk, form, *_form_errors(form))
    try:
        uploads = attachments_from(request)
    except InvalidInput as exc:  # a file too large: say which, keep the draft
        return _case_page_with_draft(request, user, pk, form, exc.message)
    data = form.cleaned_data
    try:
        desk_messages.add_message(
            case,
            actor=user,
            direction=data["direction"],
            body_text=data["body"],
            attachments=uploads,
            promise_what=data["promise_what"],
            promise_due=data["promise_due"],
            seen_last_message_id=data["seen_last_message"],
            confirmed=data["confirmed"],
            read_promises=data["read_promises"],
        )
    except ReplyCrossed as exc:
        again = " " + gettext("Attach your files again.") if request.FILES else ""
        return _case_page(request, user, pk, form, again.strip(), status=409, crossed=exc)
    except UnfilledPlaceholder as exc:
        # A canned reply's placeholder the case had no value for must not reach the customer.
        return _case_page_with_draft(request, user, pk, form, exc.message)
    except InvalidField as exc:
        if exc.field in _PROMISE_FIELDS:  # e.g. a promise dated in the past: beside its date
            return _case_page_with_draft(request, user, pk, form, "", exc.message)
        return _case_page_with_draft(request, user, pk, form, exc.message)
    except CaseError as exc:  # e.g. a message too long: the draft stays, the reason under it
        return _case_page_with_draft(request, user, pk, form, exc.message)
    sent = (
        gettext("Reply sent")
        if form.cleaned_data["direction"] == "outbound"
        else gettext("Note added")
    )
    messages.success(request, f"{sent}.")
    return redirect(f"/cases/{pk}/#timeline-end")


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    user: User = request.user  # type: ignore[assignment]
    attachment = access_attachment(user, pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
    )
