"""The inbox: views with live counts, filters, sort, search and pagination."""

from dataclasses import astuple
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from rightthere.accounts.models import Role, Team, User
from rightthere.cases.access import visible_cases
from rightthere.cases.finding import search_cases
from rightthere.cases.models import Kind, Priority, Status
from rightthere.cases.views.bulk import bulk_context
from rightthere.cases.views.view_list import view_list
from rightthere.core.choices import translated_choices
from rightthere.inbox import (
    DEFAULT_SORT,
    DEFAULT_VIEW,
    SORTS,
    VIEWS_BY_SLUG,
    InboxFilters,
    inbox_cases,
    view_counts,
    with_list_columns,
)
from rightthere.presence.unread import unread_cases
from rightthere.saved_views.views import inbox_context as saved_views_context


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() and len(value) < 10 else None


def _filters_from(request: HttpRequest) -> InboxFilters:
    get = request.GET
    return InboxFilters(
        status=get.get("status", "") if get.get("status") in Status.values else "",
        priority=get.get("priority", "") if get.get("priority") in Priority.values else "",
        kind=get.get("kind", "") if get.get("kind") in Kind.values else "",
        team=_int_or_none(get.get("team")),
        assignee=_int_or_none(get.get("assignee")),
        audience=get.get("audience", "") if get.get("audience") in ("internal", "external") else "",
    )


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    view = request.GET.get("view", DEFAULT_VIEW)
    if view not in VIEWS_BY_SLUG:
        view = DEFAULT_VIEW
    sort = request.GET.get("sort", DEFAULT_SORT)
    if sort not in SORTS:
        sort = DEFAULT_SORT
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    filters = _filters_from(request)
    page_size: int = settings.RIGHTTHERE["INBOX_PAGE_SIZE"]
    page = max(_int_or_none(request.GET.get("page")) or 1, 1)

    found_customers = []
    if query:
        # Search covers every case the user can see, ranked by relevance, and the
        # cases of the customers the words name (their name, e-mail or phone).
        found = search_cases(user, query, limit=page_size * 4)
        ids, found_customers = found.case_ids, found.customers
        by_id = {case.pk: case for case in with_list_columns(filters.apply(visible_cases(user)))
                 .filter(pk__in=ids)}  # fmt: skip
        ranked = [by_id[pk] for pk in ids if pk in by_id]
        cases = ranked[(page - 1) * page_size : page * page_size]
        has_next = len(ranked) > page * page_size
    else:
        queryset = with_list_columns(inbox_cases(user, view, filters, sort))
        window = list(queryset[(page - 1) * page_size : page * page_size + 1])
        cases, has_next = window[:page_size], len(window) > page_size

    partial = bool(request.headers.get("HX-Request"))
    # The filters' and bulk bar's teams and people (not for the list alone).
    people_and_teams = _people_and_teams() if user.sees_all_cases and not partial else {}
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "cases": cases,
        # "Customer replied": one query for the page, for each case's assignee.
        **_unread([case.pk for case in cases]),
        "view_list": view_list(view),
        "current_view": VIEWS_BY_SLUG[view],
        "sort": sort,
        "query": query,
        "found_customers": found_customers,
        "filters": filters,
        "page": page,
        "has_next": has_next,
        "base_query": params.urlencode(),
        **_choices(),
        **people_and_teams,
        **bulk_context(request),
        **saved_views_context(request),
    }
    if not partial:
        # What the filter form shows but the search words (its fragment cache's key).
        context["filters_key"] = repr((get_language(), get_script_prefix(), get_urlconf(), view,
                                       sort, astuple(filters), people_and_teams.get("key")))  # fmt: skip
    template = "cases/_case_list.html" if partial else "cases/inbox.html"
    return render(request, template, context)


@login_required
@require_GET
def inbox_counts(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    current = request.GET.get("view", "")
    return HttpResponse(view_list(current if current in VIEWS_BY_SLUG else DEFAULT_VIEW,
                                  view_counts(user)))  # fmt: skip


def _choices() -> dict[str, list[tuple[str, str]]]:
    """The filters' statuses, priorities, kinds and sorts, translated once a language."""
    return {
        "statuses": translated_choices("case statuses", lambda: Status.choices),
        "priorities": translated_choices("case priorities", lambda: Priority.choices),
        "kinds": translated_choices("case kinds", lambda: Kind.choices),
        "sorts": translated_choices(
            "inbox sorts", lambda: [(slug, label) for slug, (label, _) in SORTS.items()]
        ),
    }


def _people_and_teams() -> dict[str, Any]:
    """The filters' and the bulk bar's choices of team and person, as (value, label):
    read as plain values (no model instances) and labelled once per list of people
    and language (`_labelled`)."""
    people = tuple(
        User.objects.filter(is_active=True)
        .order_by("first_name")
        .values_list("id", "username", "first_name", "last_name", "role")
    )
    teams = tuple(Team.objects.values_list("id", "name"))
    return {**_labelled(people, teams, get_language()), "key": (people, teams)}


@lru_cache(maxsize=64)
def _labelled(
    people: tuple[tuple[int, str, str, str, str], ...],
    teams: tuple[tuple[int, str], ...],
    language: str | None,
) -> dict[str, list[tuple[str, str]]]:
    # Each name as the person's display_name says it (full name, else username).
    names = [(pk, User(username=u, first_name=f, last_name=la).display_name)
             for pk, u, f, la, _ in people]  # fmt: skip
    # The bar assigns as the case page's assignee select (accounts.directory) does: our
    # own people, not subcontractors, whose company gets a case through "Partner company".
    staff = {pk for pk, *_, role in people if role != Role.SUBCONTRACTOR}
    return {
        "teams": [(str(pk), name) for pk, name in teams],
        "assignees": [(str(pk), name) for pk, name in names],
        "bulk_people": [(f"user:{pk}", name) for pk, name in names if pk in staff],
        "bulk_teams": [(f"team:{pk}", gettext("Team %(name)s") % {"name": name})
                       for pk, name in teams],
    }  # fmt: skip


def _unread(case_ids: list[int]) -> dict[str, set[int]]:
    """Rows the assignee has not read: "Customer replied", or "New" for a case whose
    opening message is all there is."""
    unread = unread_cases(case_ids)
    return {"unread_ids": set(unread), "replied_ids": {pk for pk, again in unread.items() if again}}
