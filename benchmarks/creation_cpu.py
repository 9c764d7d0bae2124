"""CPU per creation, in process, on the public form and the API, next to a baseline (#23).

The same mixed bodies as the side-by-side (`versus_django_helpdesk.BODIES`: neutral,
question, upset, long, with a 100 KB file) are posted to /contact (its acknowledgement
queued for the worker, which does not run here) and to POST /api/cases (an agent's token),
interleaved with /admin/login/ (a page with almost no work of its own) so that a busy
machine shows in every figure; one test client per door, as one server process. Several
rounds; the median CPU ms of each round is printed, and each door's mean (the ~3 KB body
costs most and hides under the median). With ``CREATION_PROFILE=1`` it also prints
cProfile's top costs of each door.

The floor row is a minimal Django view behind the same middleware stack (this module's
urlconf adds it before the project's URLs) that reads the same form post and INSERTs one
row through the ORM: what any Django POST that writes costs here, so the rest of a door's
time is its own work. Statements (CaptureQueriesContext) and Python function calls
(cProfile) per creation, both deterministic, are printed for each body, on the form for a
new customer and for a known one.

    .venv/bin/pytest benchmarks/creation_cpu.py -q -s -p no:cacheprovider
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rightthere .venv/bin/pytest ...  # PostgreSQL
"""

import cProfile
import io
import itertools
import os
import pstats
import statistics
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from tests.factories import ContactFactory, OwnerFactory, UserFactory

from benchmarks.case_page_cpu import templates_as_served  # noqa: F401 (a fixture)
from benchmarks.versus_django_helpdesk import ATTACHMENT, BODIES, body_of
from rightthere.accounts.tokens import create_api_token
from rightthere.portal.models import FormSubmission

ROUNDS = int(os.environ.get("CREATION_ROUNDS", "5"))
REQUESTS = int(os.environ.get("CREATION_REQUESTS", "20"))  # a multiple of the five bodies
numbers = itertools.count()


def floor(request: HttpRequest) -> HttpResponse:
    """The floor: the form's post read (its file too), one row INSERTed through the ORM,
    a short answer."""
    assert request.POST["message"] and request.FILES is not None
    FormSubmission.objects.create(ip_address=request.META["REMOTE_ADDR"])
    return HttpResponse(b"thanks")


urlpatterns = [path("floor/", floor), path("", include("rightthere.urls"))]


def _form_data(n: int, who: int | None = None) -> dict:
    _, body, with_file = body_of(n)
    who = n % 50 if who is None else who
    data = {"name": f"Customer {who}", "email": f"customer{who}@example.com",
            "subject": f"Creation {n}: boiler pressure drops overnight", "message": body,
            "website": ""}  # fmt: skip
    if with_file:
        name, content, kind = ATTACHMENT
        data["attachments"] = SimpleUploadedFile(name, content, content_type=kind)
    return data


def _form(client: Client, n: int, who: int | None = None, address: str = "") -> None:
    address = address or f"10.{n // 250}.{n % 250}.1"  # under the rate limit
    response = client.post("/contact", _form_data(n, who), REMOTE_ADDR=address)
    assert response.status_code == 200 and b'name="message"' not in response.content


def _api(client: Client, contact_ids: list[int], n: int) -> None:
    response = client.post("/api/cases", {"subject": f"Creation {n}: boiler pressure",
                                          "contact_id": contact_ids[n % len(contact_ids)],
                                          "body_text": body_of(n)[1]},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content


def _baseline(client: Client, n: int) -> None:
    assert client.get(reverse("admin:login")).status_code == 200


def _floor(client: Client, n: int) -> None:
    assert client.post("/floor/", _form_data(n)).content == b"thanks"


def _statements(door, n: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        door(n)
    return len(queries)


def _python_calls(door, n: int) -> int:
    profiler = cProfile.Profile()
    profiler.enable()
    door(n)
    profiler.disable()
    return pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]


def _print_statements(doors: dict, api_door) -> None:
    """Statements and Python function calls per creation, for each of the five bodies
    (both deterministic, unlike CPU ms on a shared machine)."""
    kinds = [kind for kind, _ in BODIES]
    customer = Client()
    rows = {
        "public form, new customer": lambda n: _form(
            customer, n, who=100_000 + n, address=f"10.200.{n % 250}.1"
        ),
        "public form, known customer": lambda n: _form(
            customer, n, who=1, address=f"10.201.{n % 250}.1"
        ),
        "API POST /api/cases": api_door,
        "floor (one ORM INSERT)": doors["floor: one ORM INSERT"],
    }
    for what, count in (("statements", _statements), ("Python calls", _python_calls)):
        print(f"{what + ' per creation':28} " + " ".join(f"{k:>10}" for k in kinds))
        for label, door in rows.items():
            start = next(numbers)
            while start % len(BODIES):  # the neutral body first
                start = next(numbers)
            counts = [count(door, start + i) for i in range(len(kinds))]
            for _ in kinds[1:]:
                next(numbers)
            print(f"{label:28} " + " ".join(f"{c:>10,}" for c in counts))


def _cpu_ms(door, n: int) -> float:
    started = time.process_time()
    door(n)
    return (time.process_time() - started) * 1000


@pytest.mark.urls("benchmarks.creation_cpu")
@pytest.mark.django_db(transaction=False)
def test_creation_cpu(templates_as_served):  # noqa: F811
    OwnerFactory()
    agent = UserFactory()
    contact_ids = [ContactFactory().pk for _ in range(50)]
    _, key = create_api_token(agent, "benchmark")
    api_client = Client(headers={"authorization": f"Bearer {key}"})
    visitor, customer = Client(), Client()
    doors = {
        # One client each, as one server process: a new test client loads the middleware
        # again (~0.5 ms a request until 2026-12-07 in all but the API's row).
        "baseline /admin/login/": lambda n: _baseline(visitor, n),
        "floor: one ORM INSERT": lambda n: _floor(visitor, n),
        "public form /contact": lambda n: _form(customer, n),
        "API POST /api/cases": lambda n: _api(api_client, contact_ids, n),
    }
    for door in doors.values():  # warm: templates compiled, configuration cached
        for _ in range(5):
            door(next(numbers))
    rounds: dict[str, list[float]] = {label: [] for label in doors}
    samples: dict[str, list[float]] = {label: [] for label in doors}
    for _ in range(ROUNDS):
        for label, door in doors.items():
            these = [_cpu_ms(door, next(numbers)) for _ in range(REQUESTS)]
            rounds[label].append(statistics.median(these))
            samples[label].extend(these)
    print()
    for label, medians in rounds.items():
        shown = " ".join(f"{m:5.1f}" for m in medians)
        print(f"{label:24} CPU ms per request, median of each round: {shown}")
    base = statistics.median(rounds["baseline /admin/login/"])
    summary = ", ".join(
        f"{label} {statistics.median(m):.1f} ms ({statistics.median(m) / base:.1f}x baseline; "
        f"mean {statistics.mean(samples[label]):.1f} ms)"
        for label, m in rounds.items()
        if not label.startswith("baseline")
    )
    print(f"CPU ms summary: baseline {base:.1f} ms, {summary}")
    _print_statements(doors, doors["API POST /api/cases"])
    if os.environ.get("CREATION_PROFILE"):
        for label in ("public form /contact", "API POST /api/cases"):
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(REQUESTS):
                doors[label](next(numbers))
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats(
                os.environ.get("CREATION_PROFILE_SORT", "cumulative")
            )
            stats.print_stats(int(os.environ.get("CREATION_PROFILE_LINES", "60")))
            print(f"--- {label}, {REQUESTS} requests ---")
            print(out.getvalue())
