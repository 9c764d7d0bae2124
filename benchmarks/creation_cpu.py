"""CPU per creation, in process, on the public form and the API, next to a baseline (#23).

The same mixed bodies as the side-by-side (`versus_django_helpdesk.BODIES`: neutral,
question, upset, long, with a 100 KB file) are posted to /contact (acknowledged by mail,
queued) and to POST /api/cases (an agent's token), interleaved with /admin/login/ (a
page with almost no work of its own) so that a busy machine shows in every figure.
Several rounds; the median CPU ms of each round is printed. With
``CREATION_PROFILE=1`` it also prints cProfile's top costs of each door.

    .venv/bin/pytest benchmarks/creation_cpu.py -q -s -p no:cacheprovider
"""

import cProfile
import io
import itertools
import os
import pstats
import statistics
import time

import pytest
from django.test import Client
from django.urls import reverse
from tests.factories import ContactFactory, OwnerFactory, UserFactory

from benchmarks.case_page_cpu import templates_as_served  # noqa: F401 (a fixture)
from benchmarks.versus_django_helpdesk import ATTACHMENT, body_of
from rightthere.accounts.tokens import create_api_token

ROUNDS = int(os.environ.get("CREATION_ROUNDS", "5"))
REQUESTS = int(os.environ.get("CREATION_REQUESTS", "20"))  # a multiple of the five bodies
numbers = itertools.count()


def _form(client: Client, n: int) -> None:
    _, body, with_file = body_of(n)
    data = {"name": f"Customer {n % 50}", "email": f"customer{n % 50}@example.com",
            "subject": f"Creation {n}: boiler pressure drops overnight", "message": body,
            "website": ""}  # fmt: skip
    if with_file:
        name, content, kind = ATTACHMENT
        from django.core.files.uploadedfile import SimpleUploadedFile

        data["attachments"] = SimpleUploadedFile(name, content, content_type=kind)
    response = client.post("/contact", data)
    assert response.status_code == 200 and b'name="message"' not in response.content


def _api(client: Client, contact_ids: list[int], n: int) -> None:
    response = client.post("/api/cases", {"subject": f"Creation {n}: boiler pressure",
                                          "contact_id": contact_ids[n % len(contact_ids)],
                                          "body_text": body_of(n)[1]},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content


def _baseline(client: Client, n: int) -> None:
    assert client.get(reverse("admin:login")).status_code == 200


def _cpu_ms(door, n: int) -> float:
    started = time.process_time()
    door(n)
    return (time.process_time() - started) * 1000


@pytest.mark.django_db(transaction=False)
def test_creation_cpu(templates_as_served):  # noqa: F811
    OwnerFactory()
    agent = UserFactory()
    contact_ids = [ContactFactory().pk for _ in range(50)]
    _, key = create_api_token(agent, "benchmark")
    api_client = Client(headers={"authorization": f"Bearer {key}"})
    doors = {
        "baseline /admin/login/": lambda n: _baseline(Client(), n),
        "public form /contact": lambda n: _form(
            Client(REMOTE_ADDR=f"10.{n // 250}.{n % 250}.1"), n
        ),
        "API POST /api/cases": lambda n: _api(api_client, contact_ids, n),
    }
    for door in doors.values():  # warm: templates compiled, configuration cached
        for _ in range(5):
            door(next(numbers))
    rounds: dict[str, list[float]] = {label: [] for label in doors}
    for _ in range(ROUNDS):
        for label, door in doors.items():
            rounds[label].append(
                statistics.median(_cpu_ms(door, next(numbers)) for _ in range(REQUESTS))
            )
    print()
    for label, medians in rounds.items():
        shown = " ".join(f"{m:5.1f}" for m in medians)
        print(f"{label:24} CPU ms per request, median of each round: {shown}")
    base = statistics.median(rounds["baseline /admin/login/"])
    summary = ", ".join(
        f"{label} {statistics.median(m):.1f} ms ({statistics.median(m) / base:.1f}x baseline)"
        for label, m in rounds.items()
        if not label.startswith("baseline")
    )
    print(f"CPU ms summary: baseline {base:.1f} ms, {summary}")
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
