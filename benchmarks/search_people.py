"""How fast is the inbox search for a customer's name, e-mail or phone on a big desk?

    .venv/bin/python benchmarks/search_people.py
        [--database-url postgres://postgres@127.0.0.1:5432/rt_bench] [--requests 50]

Measures an existing benchmark dataset (load one with `benchmarks/inbox.py
--requests 0`) as it is: never drops, reloads or migrates it. Picks, from the data,
a person customer with cases, an organisation's contact, their e-mail and a phone
fragment, and times `/?q=...` through Django's test client (in process, DEBUG off)
as an agent and as the technician with the most cases, next to the word searches
of `benchmarks/inbox.py` and the baseline page. Prints p50/p95/max, the most
queries a request made and how many cases the page listed. Writes nothing.
"""

import argparse
import os
import random
import re
import sys
import warnings
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.inbox import DEFAULT_DATABASE, configure  # noqa: E402
from benchmarks.timing import Endpoint, measure  # noqa: E402


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    warnings.filterwarnings("ignore", message="No directory at")
    configure(args.database_url)
    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client

    from rightthere.accounts.models import Role, User
    from rightthere.cases.models import Case
    from rightthere.customers.models import Contact, CustomerKind

    agent = User.objects.filter(role=Role.AGENT, username__startswith="bench-").first()
    technician = (
        User.objects.filter(role=Role.TECHNICIAN, username__startswith="bench-")
        .annotate(n=Count("assigned_cases"))
        .order_by("-n")
        .first()
    )
    assert agent is not None and technician is not None, "no benchmark users: load a dataset"
    person = (
        Case.objects.filter(customer__kind=CustomerKind.PERSON)
        .order_by("-id")
        .values_list("customer__name", flat=True)
        .first()
    )
    contact = Contact.objects.filter(customer__kind=CustomerKind.ORGANISATION).order_by("-id")[0]
    mine = (
        Case.objects.filter(assignee=technician, contact__isnull=False)
        .order_by("-id")
        .values_list("contact__name", "contact__phone")
        .first()
    )
    assert person and mine
    digits = re.sub(r"\D", "", contact.phone)
    searches = [
        ("agent", "word, common", "boiler"),
        ("agent", "person customer's name", person),
        ("agent", "contact's name", contact.name),
        ("agent", "contact's e-mail", contact.email),
        ("agent", "phone fragment", digits[-6:]),
        ("agent", "phone as dialled", "0" + digits[-10:]),
        ("agent", "no match", "zzqx"),
        ("technician", "word, common", "boiler"),
        ("technician", "own customer's contact", mine[0]),
        ("technician", "someone else's contact", contact.name),
    ]
    clients = {"agent": Client(), "technician": Client()}
    clients["agent"].force_login(agent)
    clients["technician"].force_login(technician)
    rng = random.Random(args.seed)
    baseline = Endpoint("baseline /admin/login/", "baseline", "agent", lambda r: "/admin/login/")
    measure(baseline, clients["agent"], args.requests, rng)
    rows = [("agent", "baseline page", "/admin/login/", baseline, "")]
    for user, label, text in searches:
        url = "/?q=" + quote_plus(text)
        endpoint = Endpoint(label, "search", user, lambda r, url=url: url)
        measure(endpoint, clients[user], args.requests, rng)
        page = clients[user].get(url).content.decode()
        listed = max(page.count("<tr") - 1, 0)  # the rows under the header
        rows.append((user, label, text, endpoint, str(listed)))
    print(f"{Case.objects.count():,} cases; {args.requests} requests each\n")
    print("| user | search | q | p50 ms | p95 ms | max ms | queries | rows listed |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for user, label, text, e, listed in rows:
        print(f"| {user} | {label} | `{text}` | {e.percentile(0.5):.1f} | "
              f"{e.percentile(0.95):.1f} | {max(e.times):.1f} | {e.queries} | {listed} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
