"""Inbox views (Mine, Unassigned, Due soon...) and filters as querysets."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from types import ModuleType

from django.db.models import Q, QuerySet
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


def _due_soon(user: User) -> Q:
    now = timezone.now()
    return IS_OPEN & Q(next_due_at__gte=now, next_due_at__lt=now + DUE_SOON)


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
    InboxView("mine", "Mine", lambda user: IS_OPEN & Q(assignee=user)),
    InboxView("unassigned", "Unassigned", lambda user: IS_OPEN & Q(assignee__isnull=True)),
    InboxView("due-soon", "Due soon", _due_soon),
    InboxView("overdue", "Overdue", lambda user: IS_OPEN & Q(next_due_at__lt=timezone.now())),
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
    InboxView("open", "All open", lambda user: IS_OPEN),
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


def view_counts(user: User) -> dict[str, int]:
    """Live counts for each inbox view (open views only; 'All cases' is not counted)."""
    base = visible_cases(user)
    return {
        view.slug: base.filter(view.condition(user)).count() for view in VIEWS if view.slug != "all"
    }
