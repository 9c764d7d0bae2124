"""CPU per request of the staff inbox, in process, next to a baseline page (#23).

About 300 cases like a small desk's (several teams and assignees, tags, every
priority and status, some with a promise due, some from an upset customer, some
unassigned) are listed through Django's test client: GET / (the default view,
25 rows) as an owner and as an agent, and GET /inbox/counts/ (the per-view counts
htmx fetches after the page), interleaved with /admin/login/ (a page with almost
no work of its own), templates rendered as on a server, so that a busy machine
shows in every figure. Several rounds; the median CPU ms of each round is printed.
With ``INBOX_PROFILE=1`` it also prints cProfile's top costs of each inbox request.

What every signed-in staff request costs before its view does anything is the floor
row: a view behind `login_required` answering "ok", this module's urlconf adding it
before the project's URLs, for an agent and for an owner signed in with two-factor
(their device is read on each request). Statements (CaptureQueriesContext) and Python
function calls (cProfile) per request, both deterministic, are printed for every row.

    .venv/bin/pytest benchmarks/inbox_cpu.py -q -s -p no:cacheprovider
"""

import cProfile
import io
import os
import pstats
import statistics
from datetime import timedelta

import pytest
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.factories import (
    CustomerFactory,
    OwnerFactory,
    TeamFactory,
    TechnicianFactory,
    UserFactory,
    make_case,
)

from benchmarks.case_page_cpu import _cpu_ms, templates_as_served  # noqa: F401 - a fixture
from rightthere.cases import actions
from rightthere.cases.models import Kind, Priority, Status
from rightthere.desk import casework
from rightthere.promises.actions import make_promise

ROUNDS = int(os.environ.get("INBOX_ROUNDS", "5"))
REQUESTS = int(os.environ.get("INBOX_REQUESTS", "30"))
CASES = int(os.environ.get("INBOX_CASES", "300"))

SUBJECTS = [
    "Boiler knocking, radiators cold",
    "Invoice 2231 charged twice",
    "Washing machine leaks at the door",
    "When is the technician coming?",
    "Heat pump shows error E14",
    "Change of address for the maintenance contract",
    "Dishwasher does not drain",
    "Quote for a new bathroom fan",
]
CALM = "Hello, could someone have a look at this? Thanks."
FURIOUS = (
    "This is absolutely disgraceful. Your engineer never turned up, nobody called, "
    "and I am furious that I wasted a whole day off work. Terrible, awful service."
)
TAGS = [["boiler"], ["billing", "refund"], ["leak"], [], ["warranty", "vip"], []]


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """The floor: a signed-in staff request whose view does nothing."""
    return HttpResponse(b"ok")


urlpatterns = [path("floor/", floor), path("", include("rightthere.urls"))]


def _statements(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def _python_calls(client, url: str) -> int:
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    return pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]


def _with_two_factor(client, person) -> None:
    """The person signed in with an authenticator app, its code typed in this session."""
    device = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    type(person).objects.filter(pk=person.pk).update(two_factor_on=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def owner(db):
    return OwnerFactory()


@pytest.fixture
def agent(db):
    return UserFactory()


@pytest.fixture
def desk(owner, agent):
    """CASES cases over 4 teams and 7 people (the agent among them)."""
    teams = [TeamFactory(name=name) for name in ("Heating", "Billing", "Appliances", "Field")]
    people = [agent, owner, TechnicianFactory(), *(UserFactory() for _ in range(4))]
    customers = [CustomerFactory() for _ in range(CASES // 3)]
    priorities, kinds = list(Priority.values), list(Kind.values)
    waiting = [(Status.WAITING_US, "part"), (Status.WAITING_CUSTOMER, "information")]
    now = timezone.now()
    for i in range(CASES):
        assignee = None if i % 6 == 5 else people[i % len(people)]
        case = make_case(
            subject=f"{SUBJECTS[i % len(SUBJECTS)]} ({i})",
            body=FURIOUS if i % 17 == 0 else CALM,
            customer=customers[i % len(customers)],
            assignee=assignee,
            team=teams[i % len(teams)],
            priority=priorities[i % len(priorities)],
            kind=kinds[i % len(kinds)],
            opened_at=now - timedelta(hours=3 * i + 1),
        )
        if TAGS[i % len(TAGS)]:
            actions.set_tags(case, actor=owner, tags=TAGS[i % len(TAGS)])
        if i % 5 == 1:
            status, reason = waiting[i % 2]
            casework.change_status(case, actor=owner, status=status, waiting_reason=reason)
        if i % 7 == 2:
            make_promise(
                case,
                actor=owner,
                what="Call back with the technician's time",
                due_at=now + timedelta(hours=1 + i % 30),
                owner=assignee or owner,
            )


@pytest.mark.urls("benchmarks.inbox_cpu")
@pytest.mark.django_db
@pytest.mark.usefixtures("templates_as_served")
def test_inbox_cpu_per_request(desk, owner, agent, client):
    from django.test import Client

    owner_client, agent_client, two_factor_client = client, Client(), Client()
    owner_client.force_login(owner)
    agent_client.force_login(agent)
    two_factor_owner = OwnerFactory()
    two_factor_client.force_login(two_factor_owner)
    _with_two_factor(two_factor_client, two_factor_owner)
    inbox, counts = reverse("inbox"), reverse("inbox_counts") + "?view=open"
    pages = {
        "baseline /admin/login/": (Client(), reverse("admin:login")),
        "floor (agent)": (agent_client, "/floor/"),
        "floor (owner, 2FA)": (two_factor_client, "/floor/"),
        "inbox (owner)": (owner_client, inbox),
        "inbox (agent)": (agent_client, inbox),
        "counts (owner)": (owner_client, counts),
        "counts (agent)": (agent_client, counts),
    }
    rows = owner_client.get(inbox).content.count(b'name="case" value=')  # a row's checkbox
    assert rows == 25, rows
    for c, url in pages.values():  # warm: templates compiled, configuration cached
        for _ in range(3):
            c.get(url)
    rounds: dict[str, list[float]] = {label: [] for label in pages}
    for _ in range(ROUNDS):
        for label, (c, url) in pages.items():
            rounds[label].append(statistics.median(_cpu_ms(c, url) for _ in range(REQUESTS)))
    print()
    for label, medians in rounds.items():
        shown = " ".join(f"{m:5.1f}" for m in medians)
        print(f"{label:24} CPU ms per request, median of each round: {shown}")
    base = statistics.median(rounds["baseline /admin/login/"])
    summary = ", ".join(
        f"{label} {statistics.median(m):.1f} ms ({statistics.median(m) / base:.1f}x)"
        for label, m in rounds.items()
        if not label.startswith("baseline")
    )
    print(f"CPU ms summary: baseline {base:.1f} ms, {summary}")
    # The least of three: a per-process cache's refresh (every few seconds) is not the page's.
    print(f"{'per request':24} {'statements':>10} {'Python calls':>12}")
    for label, (c, url) in pages.items():
        statements = min(_statements(c, url) for _ in range(3))
        calls = min(_python_calls(c, url) for _ in range(3))
        print(f"{label:24} {statements:>10} {calls:>12,}")
    if os.environ.get("INBOX_PROFILE"):
        for label in ("inbox (owner)", "counts (owner)"):
            c, url = pages[label]
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(REQUESTS):
                c.get(url)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats(
                os.environ.get("INBOX_PROFILE_SORT", "cumulative")
            )
            stats.print_stats(int(os.environ.get("INBOX_PROFILE_LINES", "60")))
            if os.environ.get("INBOX_PROFILE_DUMP"):
                name = label.replace(" ", "-").replace("(", "").replace(")", "")
                stats.dump_stats(f"{os.environ['INBOX_PROFILE_DUMP']}-{name}.prof")
            print(f"--- {label}, {REQUESTS} requests ---")
            print(out.getvalue())
