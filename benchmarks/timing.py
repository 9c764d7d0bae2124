"""Timing requests through Django's test client, with their queries."""

import argparse
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# p95 targets at 1M cases on PostgreSQL, in milliseconds.
TARGETS = {"inbox": 50.0, "case page": 50.0, "search": 100.0}


@dataclass
class Endpoint:
    label: str
    group: str  # baseline, inbox, case page, search, counts, api
    user: str  # agent or technician
    url: Callable[[random.Random], str] | None  # None when the URL does not exist yet
    missing: str = ""
    times: list[float] = field(default_factory=list)
    db_times: list[float] = field(default_factory=list)  # time spent in queries
    cpu_times: list[float] = field(default_factory=list)  # this process's CPU (not the db's)
    errors: dict[int, int] = field(default_factory=dict)
    queries: int = 0
    slowest_sql: str = ""
    slowest_ms: float = 0.0

    def percentile(self, share: float, of: list[float] | None = None) -> float:
        ordered = sorted(self.times if of is None else of)
        return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def _route(
    name: str, query: str = "", **kwargs: Any
) -> tuple[Callable[[random.Random], str] | None, str]:
    from django.urls import NoReverseMatch, reverse

    try:
        path = reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None, f"no URL named {name!r} yet"
    return (lambda rng: path + query), ""


def endpoints(first_case: int, last_case: int, technician_cases: list[int]) -> list[Endpoint]:
    from django.urls import NoReverseMatch, reverse

    from benchmarks.vocabulary import SEARCHES

    items: list[Endpoint] = []

    def add(label: str, group: str, user: str, name: str, query: str = "", **kw: Any) -> None:
        url, missing = _route(name, query, **kw)
        items.append(Endpoint(label, group, user, url, missing))

    def case_page(user: str, pick: Callable[[random.Random], int]) -> None:
        try:
            reverse("case_detail", kwargs={"pk": 1})
        except NoReverseMatch:
            items.append(Endpoint(f"case page ({user})", "case page", user, None,
                                  "no URL named 'case_detail' yet"))  # fmt: skip
            return
        items.append(Endpoint(
            f"case page ({user})", "case page", user,
            lambda rng: reverse("case_detail", kwargs={"pk": pick(rng)}),
        ))  # fmt: skip

    add("baseline page: /admin/login/", "baseline", "agent", "admin:login")
    for view, sort in (("open", "due"), ("mine", "due"), ("unassigned", "newest"),
                       ("overdue", "due"), ("due-soon", "due"), ("all", "updated")):  # fmt: skip
        add(
            f"inbox ?view={view}&sort={sort}",
            "inbox",
            "agent",
            "inbox",
            f"?view={view}&sort={sort}",
        )
    add("inbox ?view=open&priority=urgent", "inbox", "agent", "inbox", "?view=open&priority=urgent")
    add("inbox ?view=all&sort=updated&page=20", "inbox", "agent", "inbox",
        "?view=all&sort=updated&page=20")  # fmt: skip
    add("inbox ?view=mine (technician)", "inbox", "technician", "inbox", "?view=mine&sort=due")
    add("inbox ?view=all (technician)", "inbox", "technician", "inbox", "?view=all&sort=updated")
    case_page("agent", lambda rng: rng.randint(first_case, last_case))
    if technician_cases:
        case_page("technician", lambda rng: rng.choice(technician_cases))
    for label, words in SEARCHES:
        add(
            f"search ?q={words} ({label})",
            "search",
            "agent",
            "inbox",
            f"?q={words.replace(' ', '+')}",
        )
    add("search ?q=boiler (technician)", "search", "technician", "inbox", "?q=boiler")
    add("inbox counts", "counts", "agent", "inbox_counts")
    add("inbox counts (technician)", "counts", "technician", "inbox_counts")
    add("API GET /api/cases", "api", "agent", "api:list_cases")
    add("API GET /api/cases?view=open", "api", "agent", "api:list_cases", "?view=open")
    add("API GET /api/cases?q=boiler", "api", "agent", "api:list_cases", "?q=boiler")
    return items


def measure_select_one(requests: int) -> Endpoint:
    from django.db import connection

    endpoint = Endpoint("database round trip: SELECT 1", "baseline", "-", None)
    with connection.cursor() as cursor:
        for n in range(requests + 5):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            if n >= 5:
                endpoint.times.append((time.perf_counter() - started) * 1000)
    endpoint.db_times = list(endpoint.times)
    return endpoint


class QueryLog:
    """Counts and times the queries of a request (an execute wrapper)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self.slowest = 0.0
        self.slowest_sql = ""

    def start_request(self) -> None:
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool,
                 context: dict[str, Any]) -> Any:  # fmt: skip
        from django.db import connection

        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - started
            self.count += 1
            self.seconds += took
            if took > self.slowest:
                self.slowest = took
                try:
                    self.slowest_sql = connection.ops.last_executed_query(
                        context["cursor"], sql, params
                    )
                except Exception:  # the plain SQL will do
                    self.slowest_sql = sql


def measure(endpoint: Endpoint, client: Any, requests: int, rng: random.Random) -> None:
    from django.db import connection

    assert endpoint.url is not None
    for _ in range(3):  # warm up caches and the connection
        client.get(endpoint.url(rng))
    log = QueryLog()
    with connection.execute_wrapper(log):
        for _ in range(requests):
            url = endpoint.url(rng)
            log.start_request()
            cpu = time.process_time()
            started = time.perf_counter()
            response = client.get(url)
            endpoint.times.append((time.perf_counter() - started) * 1000)
            endpoint.cpu_times.append((time.process_time() - cpu) * 1000)
            endpoint.db_times.append(log.seconds * 1000)
            endpoint.queries = max(endpoint.queries, log.count)
            if response.status_code != 200:
                code = response.status_code
                endpoint.errors[code] = endpoint.errors.get(code, 0) + 1
    endpoint.slowest_ms, endpoint.slowest_sql = log.slowest * 1000, log.slowest_sql


def explain(endpoint: Endpoint) -> str:
    from django.db import connection

    if not endpoint.slowest_sql.lstrip().upper().startswith("SELECT"):
        return ""
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    with connection.cursor() as cursor:
        cursor.execute(prefix + endpoint.slowest_sql)
        return "\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall())


def run_measurements(args: argparse.Namespace) -> tuple[list[Endpoint], list[Endpoint]]:
    from django.db.models import Count, Max, Min
    from django.test import Client

    from rightthere.accounts.models import Role, User
    from rightthere.cases.models import Case

    bounds = Case.objects.aggregate(first=Min("id"), last=Max("id"))
    agent = (
        User.objects.filter(role=Role.AGENT, username__startswith="bench-").order_by("id").first()
    )
    technician = (
        User.objects.filter(role=Role.TECHNICIAN, username__startswith="bench-")
        .annotate(n=Count("assigned_cases"))
        .order_by("-n")
        .first()
    )
    assert agent is not None and technician is not None, "no benchmark users: load a dataset"
    technician_cases = list(
        Case.objects.filter(assignee=technician).values_list("id", flat=True)[:2000]
    )
    clients = {
        "agent": Client(raise_request_exception=False),
        "technician": Client(raise_request_exception=False),
    }
    clients["agent"].force_login(agent)
    clients["technician"].force_login(technician)
    rng = random.Random(args.seed)
    measured = [measure_select_one(args.requests)]
    skipped = []
    items = endpoints(bounds["first"], bounds["last"], technician_cases)
    for endpoint in items:
        if endpoint.url is None:
            skipped.append(endpoint)
            print(f"  skipped {endpoint.label}: {endpoint.missing}")
            continue
        print(f"  {endpoint.label}", end="", flush=True)
        measure(endpoint, clients[endpoint.user], args.requests, rng)
        print(f"  p50 {endpoint.percentile(0.5):.1f} ms, p95 {endpoint.percentile(0.95):.1f} ms")
        measured.append(endpoint)
    return measured, skipped
