"""CPU per render of the case page, in process, next to a baseline page (#23).

A case with a realistic timeline (ten messages in and out, some with files and
outgoing mail, header changes, a tag set, a visit booked) is rendered through
Django's test client for an agent and a technician, interleaved with /admin/login/
(a page with almost no work of its own), templates rendered as on a server, so that a busy machine shows in both
figures. Several rounds; the median CPU ms of each round is printed. The "cold" rows
empty the "template_fragments" cache and show another case before each render (not
timed): the first view of a case in a server process that has shown others (what is
kept per language stays), as in benchmarks/versus_django_helpdesk.py, which opens a
random case of 10k on every request. The "full" rows add what the page has the browser
fetch at once (every hx-get triggered on "load" or "revealed": the panels that load
themselves, the top bar's counters), each timed the same way: the whole cost of one
view. With ``CASE_PAGE_PROFILE=1`` it also prints
cProfile's top costs of the agent's and the technician's page.

    .venv/bin/pytest benchmarks/case_page_cpu.py -q -s -p no:cacheprovider
"""

import cProfile
import io
import os
import pstats
import statistics
import time
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from tests.factories import (
    ContactFactory,
    OwnerFactory,
    TeamFactory,
    TechnicianFactory,
    UserFactory,
    make_case,
)

from rightthere.cases import actions
from rightthere.desk import casework
from rightthere.desk import messages as desk_messages

ROUNDS = int(os.environ.get("CASE_PAGE_ROUNDS", "5"))
REQUESTS = int(os.environ.get("CASE_PAGE_REQUESTS", "40"))

BODIES = [
    "Hello,\n\nthe boiler in the cellar makes a knocking noise since this morning and the "
    "radiators upstairs stay cold. Could someone come and have a look this week?\n\n"
    "Thanks, Jana",
    "Hi Jana,\n\nthanks for letting us know. Could you send a photo of the pressure gauge? "
    "It sits on the front of the boiler, below the display.\n\nBest regards",
    "Here it is. The needle is below 1 bar, I think.",
    "Thank you. A pressure below 1 bar explains the cold radiators. We will send a technician "
    "on Thursday between 9 and 11; he will refill the system and check for leaks.",
    "Thursday is fine. Will he need access to the attic as well?",
    "Yes please, the expansion vessel is up there. He will call half an hour before.",
    "Internal: part number 87161 for the vessel, order if the membrane is gone.",
    "The technician just called, he is on his way. Thanks for the quick help!",
    "The system is refilled and holds 1.6 bar. The vessel's membrane is fine.\n\n"
    "Please tell us if the noise comes back.",
    "All good so far, the radiators are warm again. Thank you!",
]


@pytest.fixture
def owner(db):
    return OwnerFactory()


@pytest.fixture
def technician(db):
    return TechnicianFactory()


@pytest.fixture
def agent(db):
    return UserFactory()


@pytest.fixture
def realistic_case(owner, technician):
    case = make_case(
        subject="Boiler knocking, radiators cold", assignee=technician, team=TeamFactory()
    )
    contact = ContactFactory(customer=case.customer)
    anna = UserFactory(first_name="Anna")
    start = timezone.now() - timedelta(days=3)
    for i, body in enumerate(BODIES):
        direction = "note" if body.startswith("Internal") else ("outbound" if i % 2 else "inbound")
        files = [actions.NewAttachment("gauge.jpg", b"jpeg")] if i == 2 else []
        desk_messages.add_message(
            case,
            actor=None if direction == "inbound" else anna,
            author_contact=contact if direction == "inbound" else None,
            direction=direction,
            body_text=body,
            attachments=files,
            at=start + timedelta(hours=5 * i),
        )
    actions.change_priority(case, actor=owner, priority="high")
    actions.change_team(case, actor=owner, team=TeamFactory(name="Heating"))
    actions.set_tags(case, actor=owner, tags=["boiler", "pressure"])
    casework.change_status(case, actor=technician, status="waiting_us", waiting_reason="part")
    for i in range(3):
        make_case(subject=f"Earlier case {i}", customer=case.customer)
    for _ in range(6):
        UserFactory()  # people to offer as assignees
    return case


class _LoadedByThePage(HTMLParser):
    """The URLs a page's htmx fetches once shown (hx-trigger "load" or "revealed")."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        trigger = found.get("hx-trigger") or ""
        if found.get("hx-get") and ("load" in trigger or "revealed" in trigger):
            self.urls.append(str(found["hx-get"]))


def _fragments(client, url: str) -> list[str]:
    parser = _LoadedByThePage()
    parser.feed(client.get(url).content.decode())
    return parser.urls


def _full_cpu_ms(client, url: str, fragments: list[str]) -> float:
    """The page, then each fragment it loads (as htmx asks for it)."""
    started = time.process_time()
    assert client.get(url).status_code == 200, url
    for fragment in fragments:
        assert client.get(fragment, headers={"HX-Request": "true"}).status_code == 200, fragment
    return (time.process_time() - started) * 1000


def _short(label: str) -> str:
    """'case page cold (agent)' -> 'cold agent'."""
    return label.removeprefix("case page ").replace("(", "").replace(")", "")


def _forget_case(client, other_case_url: str) -> None:
    """The fragments of every case dropped, then another case shown (not timed)."""
    caches["template_fragments"].clear()
    assert client.get(other_case_url).status_code == 200


def _cpu_ms(client, url: str, other_case_url: str = "") -> float:
    if other_case_url:
        _forget_case(client, other_case_url)
    started = time.process_time()
    response = client.get(url)
    assert response.status_code == 200, url
    return (time.process_time() - started) * 1000


def _statements(client, url: str, label: str, other_case_url: str) -> int:
    """The SQL statements of one render (the session's and the user's included)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if " cold " in label:
        _forget_case(client, other_case_url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries.captured_queries)


@pytest.fixture
def templates_as_served(monkeypatch):
    """Templates rendered as on a server: without the test runner's instrumentation,
    which sends a signal and copies the context for every template rendered."""
    from django.template.base import Template
    from django.test.utils import _TestState

    monkeypatch.setattr(Template, "_render", _TestState.saved_data.template_render)


@pytest.mark.django_db
def test_case_page_cpu_per_render(realistic_case, agent, technician, client, templates_as_served):
    from django.test import Client

    agent_client, technician_client = client, Client()
    agent_client.force_login(agent)
    technician_client.force_login(technician)
    page = reverse("case_detail", args=[realistic_case.pk])
    other_case = reverse(
        "case_detail", args=[make_case(subject="Another case", assignee=technician).pk]
    )
    baseline = reverse("admin:login")
    pages = {
        "baseline /admin/login/": (Client(), baseline),
        "case page (agent)": (agent_client, page),
        "case page (technician)": (technician_client, page),
        "case page cold (agent)": (agent_client, page),
        "case page cold (technician)": (technician_client, page),
    }
    for c, url in pages.values():  # warm: templates compiled, configuration cached
        for _ in range(3):
            c.get(url)
    loads = {
        "agent": _fragments(agent_client, page),
        "technician": _fragments(technician_client, page),
    }
    full = {f"case page full ({who})": who for who in loads}
    for c, url in [(agent_client, u) for u in loads["agent"]] + [
        (technician_client, u) for u in loads["technician"]
    ]:
        c.get(url, headers={"HX-Request": "true"})
    rounds: dict[str, list[float]] = {label: [] for label in [*pages, *full]}
    for _ in range(ROUNDS):
        for label, (c, url) in pages.items():
            other = other_case if " cold " in label else ""
            rounds[label].append(statistics.median(_cpu_ms(c, url, other) for _ in range(REQUESTS)))
        for label, who in full.items():
            c = agent_client if who == "agent" else technician_client
            rounds[label].append(
                statistics.median(_full_cpu_ms(c, page, loads[who]) for _ in range(REQUESTS))
            )
    print()
    for label, medians in rounds.items():
        shown = " ".join(f"{m:5.1f}" for m in medians)
        print(f"{label:28} CPU ms per render, median of each round: {shown}")
    base = statistics.median(rounds["baseline /admin/login/"])
    summary = ", ".join(
        f"{_short(label)} {statistics.median(m):.1f} ms ({statistics.median(m) / base:.1f}x baseline)"
        for label, m in rounds.items()
        if label.startswith("case page")
    )
    print(f"CPU ms summary: baseline {base:.1f} ms, {summary}")
    for who, urls in loads.items():
        print(f"the {who}'s page loads {len(urls)} fragments at once: {' '.join(urls)}")
    for label, (c, url) in pages.items():
        if label.startswith("case page"):
            print(f"{label:28} statements per render: {_statements(c, url, label, other_case)}")
    if os.environ.get("CASE_PAGE_PROFILE"):
        calls = {}
        for label, (c, url) in pages.items():
            if not label.startswith("case page"):
                continue
            profiler = cProfile.Profile()
            for _ in range(REQUESTS):
                if " cold " in label:
                    _forget_case(c, other_case)
                profiler.enable()
                c.get(url)
                profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
            calls[label] = stats.total_calls / REQUESTS  # type: ignore[attr-defined]
            stats.print_stats(int(os.environ.get("CASE_PAGE_PROFILE_LINES", "60")))
            name = _short(label).replace(" ", "-")
            if os.environ.get("CASE_PAGE_PROFILE_DUMP"):
                stats.dump_stats(f"{os.environ['CASE_PAGE_PROFILE_DUMP']}-{name}.prof")
            print(f"--- {label}, {REQUESTS} renders ---")
            print(out.getvalue())
        for label, per_render in calls.items():
            print(f"{label:28} Python calls per render (cProfile): {per_render:,.0f}")
