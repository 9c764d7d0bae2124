"""Inbox views (Mine, Unassigned, Due soon...) and filters as querysets."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from types import ModuleType
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases.access import visible_cases
from rightthere.cases.models import Case, Status
from rightthere.cases.models.case import IS_OPEN

DUE_SOON = timedelta(hours=4)


@dataclass(frozen=True)
class InboxView:
    slug: str
    label: str
    condition: Callable[[User], Q]
    # For a view of open cases that looks at nothing but the assignee and the due
    # time: that part of its condition. view_counts counts all such views in one
    # index-only scan of the open cases' (assignee, due time) index.
    among_open: Callable[[User], Q] | None = None


def _open_cases(slug: str, label: str, among_open: Callable[[User], Q]) -> InboxView:
    return InboxView(slug, label, lambda user: IS_OPEN & among_open(user), among_open)


def _due_soon(user: User) -> Q:
    now = timezone.now()
    return Q(next_due_at__gte=now, next_due_at__lt=now + DUE_SOON)


def _promises() -> ModuleType:
    # Promises build on cases; imported when a view is used, not at start-up.
    from rightthere.promises import inbox

    return inbox


def _checklist_not_started(user: User) -> Q:
    # Checklists build on cases; imported when the view is used, not at start-up.
    from rightthere.checklists.progress import not_started

    return IS_OPEN & not_started()


def _upset(user: User) -> Q:
    # The coach builds on cases; imported when the view is used, not at start-up.
    from rightthere.coach.inbox import upset_customers

    return IS_OPEN & upset_customers()


VIEWS = [
    _open_cases("mine", "Mine", lambda user: Q(assignee=user)),
    _open_cases("unassigned", "Unassigned", lambda user: Q(assignee__isnull=True)),
    _open_cases("due-soon", "Due soon", _due_soon),
    _open_cases("overdue", "Overdue", lambda user: Q(next_due_at__lt=timezone.now())),
    InboxView("not-started", "Not started", _checklist_not_started),
    InboxView("waiting-us", "Waiting on us", lambda user: Q(status=Status.WAITING_US)),
    InboxView(
        "waiting-customer", "Waiting on customer", lambda user: Q(status=Status.WAITING_CUSTOMER)
    ),
    InboxView(
        "promises-today",
        "My promises due today",
        lambda user: _promises().my_promises_due_today(user),
    ),
    InboxView(
        "promises-soon", "Promises due soon", lambda user: _promises().promises_due_soon(user)
    ),
    InboxView("promises-broken", "Broken promises", lambda user: _promises().broken_promises(user)),
    InboxView(
        "waiting-us-no-promise",
        "Waiting on us, no date given",
        lambda user: Q(status=Status.WAITING_US) & _promises().without_open_promise(user),
    ),
    InboxView("upset", "Upset customers", _upset),
    _open_cases("open", "All open", lambda user: Q()),
    InboxView("all", "All cases", lambda user: Q()),
]
VIEWS_BY_SLUG = {view.slug: view for view in VIEWS}
DEFAULT_VIEW = "open"

SORTS = {
    "due": ("Due first", ["next_due_at", "id"]),
    "updated": ("Recently updated", ["-updated_at", "-id"]),
    "newest": ("Newest", ["-created_at", "-id"]),
    "oldest": ("Oldest", ["created_at", "id"]),
}
DEFAULT_SORT = "due"


@dataclass
class InboxFilters:
    status: str = ""
    priority: str = ""
    kind: str = ""
    team: int | None = None
    assignee: int | None = None
    audience: str = ""  # "internal" | "external" | ""

    def apply(self, queryset: QuerySet[Case]) -> QuerySet[Case]:
        if self.status:
            queryset = queryset.filter(status=self.status)
        if self.priority:
            queryset = queryset.filter(priority=self.priority)
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.team is not None:
            queryset = queryset.filter(team_id=self.team)
        if self.assignee is not None:
            queryset = queryset.filter(assignee_id=self.assignee)
        if self.audience == "internal":
            queryset = queryset.filter(internal=True)
        elif self.audience == "external":
            queryset = queryset.filter(internal=False)
        return queryset


def inbox_cases(user: User, view: str, filters: InboxFilters, sort: str) -> QuerySet[Case]:
    inbox_view = VIEWS_BY_SLUG.get(view, VIEWS_BY_SLUG[DEFAULT_VIEW])
    queryset = visible_cases(user).filter(inbox_view.condition(user))
    queryset = filters.apply(queryset)
    order = SORTS.get(sort, SORTS[DEFAULT_SORT])[1]
    return queryset.order_by(*order)


def with_list_columns(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Everything a case row shows, in one query."""
    return queryset.select_related("customer", "contact", "assignee", "team").only(
        "id", "subject", "status", "priority", "kind", "channel", "internal", "created_at",
        "updated_at", "next_due_at", "first_responded_at", "version",
        "customer__id", "customer__name", "customer__internal",
        "contact__id", "contact__name",
        "assignee__id", "assignee__username", "assignee__first_name", "assignee__last_name",
        "team__id", "team__name",
    )  # fmt: skip


COUNTED_VIEWS = [view for view in VIEWS if view.slug != "all"]


def view_counts(user: User) -> dict[str, int]:
    """Live counts for each inbox view (open views only; 'All cases' is not counted).

    One statement, one round trip. The views of open cases by assignee and due
    time (Mine, Unassigned, Due soon, Overdue, All open) are counted together with
    `COUNT(*) FILTER (WHERE ...)` in one index-only scan of `case_open_assignee_due`,
    which has every column they look at (its condition makes the case open). Every
    other view is a scalar subquery `(SELECT COUNT(*) ...)`, planned as it would be
    on its own (index-only scans and semi-joins):
    `SELECT shared.*, (SELECT COUNT(*) ...), ... FROM (SELECT COUNT(*) FILTER ...) shared`.
    """
    base = visible_cases(user).order_by()
    shared = [view for view in COUNTED_VIEWS if view.among_open is not None]
    alone = [view for view in COUNTED_VIEWS if view.among_open is None]
    shared_sql, shared_params = _one_row(base.filter(IS_OPEN).values(**{
        _alias(view): _RowCount("pk", filter=view.among_open(user) or None)  # type: ignore[misc]
        for view in shared
    }), len(shared))  # fmt: skip
    columns, params = ["shared.*"], []
    for view in alone:
        sql, view_params = _one_row(base.filter(view.condition(user)).values(n=_RowCount("pk")), 1)
        columns.append(f"({sql})")
        params += view_params
    # Django's compiled SQL, values as parameters only.
    sql = f"SELECT {', '.join(columns)} FROM ({shared_sql}) shared"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params + shared_params)
        row = cursor.fetchone()
    counts = {view.slug: int(count) for view, count in zip(shared + alone, row, strict=True)}
    return {view.slug: counts[view.slug] for view in COUNTED_VIEWS}


class _RowCount(Count):
    """COUNT over all rows of the query it is selected in, for the one-row queries of
    view_counts. Not marked as an aggregate, so that Django neither adds a GROUP BY
    nor first adds every column of the case to the query to group by (which costs
    more than the counting)."""

    contains_aggregate = False


def _one_row(counts: QuerySet[Case, Any], columns: int) -> tuple[str, list[Any]]:
    """The SQL of a one-row query of counts."""
    try:
        sql, params = counts.query.sql_with_params()
    except EmptyResultSet:  # the user sees no cases at all
        return "SELECT " + ", ".join(["0"] * columns), []
    return sql, list(params)


def _alias(view: InboxView) -> str:
    return view.slug.replace("-", "_")
