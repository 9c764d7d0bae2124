"""Inbox views (Mine, Unassigned, Due soon...) and filters as querysets.

A read model above the domain apps: a view may ask about promises, checklists
or the coach's upset customers, so this sits beside `insights`, not in `cases`."""

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from types import ModuleType
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, DateTimeField, IntegerField, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rightthere.accounts.models import User
from rightthere.cases.access import case_scope, scope_values, visible_cases
from rightthere.cases.models import Case, Status
from rightthere.cases.models.case import IS_OPEN_INLINE
from rightthere.checklists.progress import not_started_grace, unstarted_since
from rightthere.coach.inbox import upset_customers
from rightthere.core.compiled import Compiled, Inline, Param, compile_once, compiled
from rightthere.promises import inbox as promises
from rightthere.satisfaction.inbox import rated_bad

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DUE_SOON = timedelta(hours=4)


@dataclass(frozen=True)
class Viewer:
    """What a view's condition depends on besides the case: who looks, and when.

    A list is built with the values themselves (`Viewer.of`). The counts are one
    statement compiled once per kind of user (`view_counts`), so they are built
    with a `Param` of the same name in each field (`Viewer.params`) and bound
    with `Viewer.values` on every run.
    """

    user_id: Any
    now: Any
    due_soon_until: Any
    promises_soon_until: Any
    end_of_today: Any
    broken_since: Any
    unstarted_before: Any

    @staticmethod
    def values(user: User, now: datetime) -> dict[str, Any]:
        return {
            "user_id": user.pk,
            "now": now,
            "due_soon_until": now + DUE_SOON,
            "promises_soon_until": now + promises.DUE_SOON,
            "end_of_today": promises.end_of_local_day(now),
            "broken_since": now - promises.BROKEN_LOOKBACK,
            "unstarted_before": now - not_started_grace(),
        }

    @classmethod
    def of(cls, user: User, now: datetime | None = None) -> "Viewer":
        return cls(**cls.values(user, now or timezone.now()))

    @classmethod
    def params(cls) -> "Viewer":
        return cls(**{
            field.name: Param(field.name, IntegerField() if field.name == "user_id"
                              else DateTimeField())
            for field in fields(cls)
        })  # fmt: skip


@dataclass(frozen=True)
class InboxView:
    slug: str
    label: "StrOrPromise"
    condition: Callable[[Viewer], Q]
    # For a view of open cases that looks at nothing but the assignee and the due
    # time: that part of its condition. view_counts counts all such views in one
    # index-only scan of the open cases' (assignee, due time) index.
    among_open: Callable[[Viewer], Q] | None = None


def _open_cases(slug: str, label: "StrOrPromise", among_open: Callable[[Viewer], Q]) -> InboxView:
    return InboxView(slug, label, lambda viewer: IS_OPEN_INLINE & among_open(viewer), among_open)


def _promises() -> ModuleType:
    return promises


def _checklist_not_started(viewer: Viewer) -> Q:
    return IS_OPEN_INLINE & unstarted_since(viewer.unstarted_before)


def _upset(viewer: Viewer) -> Q:
    """Open cases whose customer wrote something upset or rated us "Not good"."""
    return IS_OPEN_INLINE & (upset_customers() | rated_bad())


# The statuses are written into the SQL (compiled.Inline), as the open statuses are:
# as parameters, PostgreSQL could not estimate how many cases wait, found the counts'
# generic plan (379) dearer than planning each run (102 + planning) and planned the
# statement anew on every request, ~1.3 ms at 10k cases (#23).
_WAITING_US = Inline(Status.WAITING_US)
_WAITING_CUSTOMER = Inline(Status.WAITING_CUSTOMER)

VIEWS = [
    _open_cases("mine", _("Mine"), lambda v: Q(assignee_id=v.user_id)),
    _open_cases("unassigned", _("Unassigned"), lambda v: Q(assignee__isnull=True)),
    _open_cases(
        "due-soon",
        _("Due soon"),
        lambda v: Q(next_due_at__gte=v.now, next_due_at__lt=v.due_soon_until),
    ),
    _open_cases("overdue", _("Overdue"), lambda v: Q(next_due_at__lt=v.now)),
    InboxView("not-started", _("Not started"), _checklist_not_started),
    InboxView("waiting-us", _("Waiting on us"), lambda v: Q(status=_WAITING_US)),
    InboxView("waiting-customer", _("Waiting on customer"), lambda v: Q(status=_WAITING_CUSTOMER)),
    InboxView(
        "promises-today",
        _("My promises due today"),
        lambda v: _promises().my_promises_due_today(v.user_id, v.end_of_today),
    ),
    InboxView(
        "promises-soon",
        _("Promises due soon"),
        lambda v: _promises().promises_due_soon(v.promises_soon_until),
    ),
    InboxView(
        "promises-broken",
        _("Broken promises"),
        lambda v: _promises().broken_promises(v.broken_since),
    ),
    InboxView(
        "waiting-us-no-promise",
        _("Waiting on us, no date given"),
        lambda v: Q(status=_WAITING_US) & _promises().without_open_promise(),
    ),
    InboxView("upset", _("Upset customers"), _upset),
    _open_cases("open", _("All open"), lambda v: Q()),
    InboxView("all", _("All cases"), lambda v: Q()),
]
VIEWS_BY_SLUG = {view.slug: view for view in VIEWS}
DEFAULT_VIEW = "open"

SORTS = {
    "due": (_("Due first"), ["next_due_at", "id"]),
    "updated": (_("Recently updated"), ["-updated_at", "-id"]),
    "newest": (_("Newest"), ["-created_at", "-id"]),
    "oldest": (_("Oldest"), ["created_at", "id"]),
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
    queryset = visible_cases(user).filter(inbox_view.condition(Viewer.of(user)))
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
# view_counts' statement counts these first, in one scan, then the others.
_SHARED = [view for view in COUNTED_VIEWS if view.among_open is not None]
_ALONE = [view for view in COUNTED_VIEWS if view.among_open is None]


def view_counts(user: User, now: datetime | None = None) -> dict[str, int]:
    """Live counts for each inbox view (open views only; 'All cases' is not counted).

    One statement, one round trip, compiled once per process for each kind of
    user (`case_scope`): Django took longer to build its SQL than the database
    took to run it. The user and the time are bound as parameters on each run.
    """
    statement = compile_once(("inbox view counts", case_scope(user)), lambda: _counting(user))
    values = {**scope_values(user), **Viewer.values(user, now or timezone.now())}
    with connection.cursor() as cursor:
        cursor.execute(*statement.bind(values))
        row = cursor.fetchone()
    counts = {view.slug: int(count) for view, count in zip(_SHARED + _ALONE, row, strict=True)}
    return {view.slug: counts[view.slug] for view in COUNTED_VIEWS}


def _counting(user: User) -> Compiled:
    """The statement of `view_counts` for users of `user`'s kind.

    The views of open cases by assignee and due time (Mine, Unassigned, Due soon,
    Overdue, All open) are counted together with `COUNT(*) FILTER (WHERE ...)` in
    one index-only scan of `case_open_assignee_due`, which has every column they
    look at (its condition makes the case open). Every other view is a scalar
    subquery `(SELECT COUNT(*) ...)`, planned as it would be on its own (index-only
    scans and semi-joins):
    `SELECT shared.*, (SELECT COUNT(*) ...), ... FROM (SELECT COUNT(*) FILTER ...) shared`.
    """
    base = visible_cases(user, reusable=True).order_by()
    viewer = Viewer.params()
    shared = compiled(base.filter(IS_OPEN_INLINE).values(**{
        _alias(view): _RowCount("pk", filter=view.among_open(viewer) or None)  # type: ignore[misc]
        for view in _SHARED
    }), empty="SELECT " + ", ".join(["0"] * len(_SHARED)))  # fmt: skip
    alone = [
        compiled(base.filter(view.condition(viewer)).values(n=_RowCount("pk"))) for view in _ALONE
    ]
    columns = ", ".join(["shared.*", *(f"({part.sql})" for part in alone)])
    # Django's compiled SQL, values as parameters only.
    sql = f"SELECT {columns} FROM ({shared.sql}) shared"  # noqa: S608
    return Compiled(sql, tuple(p for part in [*alone, shared] for p in part.params))


class _RowCount(Count):
    """COUNT over all rows of the query it is selected in, for the one-row queries of
    view_counts. Not marked as an aggregate, so that Django neither adds a GROUP BY
    nor first adds every column of the case to the query to group by (which costs
    more than the counting)."""

    contains_aggregate = False


def _alias(view: InboxView) -> str:
    return view.slug.replace("-", "_")
