"""Agents and customers working the desk at the same time.

Run by benchmarks/load/run.sh (headless, CSV stats); by hand:

    .venv/bin/locust -f benchmarks/load/locustfile.py --host http://127.0.0.1:8620

Agents log in with the demo users (`rightthere seed-demo`), browse the inbox
views, open cases, reply, change the status and search. Customers fill in
the contact form, open the status page it links to and reply there. A
request counts as failed on an unexpected status code or when the page that
follows a POST shows an error message (the case page reports refused changes
as a flash message after a redirect, with status 200).
"""

import itertools
import random
import re

from locust import HttpUser, between, task

AGENTS = ("olivia", "adam", "anna")  # owner and agents of the demo
PASSWORD = "rightthere-demo"  # noqa: S105 - the published demo password
CASE_LINK = re.compile(r'href="/cases/(\d+)/"')
STATUS_LINK = re.compile(r'href="(/s/[^"/]+/)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VIEWS = ("open&sort=due", "mine&sort=due", "unassigned&sort=newest", "overdue&sort=due",
         "all&sort=updated")  # fmt: skip
WORDS = ("boiler", "leak", "invoice", "radiator", "warranty", "heating not working")
ERROR_FLASH = 'class="flash-error"'
_agent_numbers = itertools.count()
_customer_numbers = itertools.count()


def csrf_from(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


class Agent(HttpUser):
    weight = 3
    wait_time = between(1, 4)

    def on_start(self) -> None:
        self.username = AGENTS[next(_agent_numbers) % len(AGENTS)]
        page = self.client.get("/login/", name="GET /login/")
        with self.client.post(
            "/login/",
            data={"username": self.username, "password": PASSWORD,
                  "csrfmiddlewaretoken": csrf_from(page.text)},
            headers={"Referer": f"{self.host}/login/"},
            name="POST /login/", allow_redirects=False, catch_response=True,
        ) as reply:  # fmt: skip
            if reply.status_code != 302:
                reply.failure(f"log-in refused: {reply.status_code}")
        self.case_ids: list[int] = []

    def _remember_cases(self, html: str) -> None:
        found = [int(n) for n in CASE_LINK.findall(html)]
        if found:
            self.case_ids = found[:50]

    def _case_id(self) -> int | None:
        if not self.case_ids:
            self.inbox()
        return random.choice(self.case_ids) if self.case_ids else None

    def _case_page(self, case_id: int, name: str = "GET /cases/[id]/") -> str:
        with self.client.get(f"/cases/{case_id}/", name=name, catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"status {page.status_code}")
            elif ERROR_FLASH in page.text:
                page.failure(
                    "error message on the case page: " + page.text.split(ERROR_FLASH, 1)[1][:200]
                )
            return page.text

    @task(6)
    def inbox(self) -> None:
        view = random.choice(VIEWS)
        page = self.client.get(f"/?view={view}", name=f"GET /?view={view.split('&')[0]}")
        self._remember_cases(page.text)

    @task(2)
    def inbox_counts(self) -> None:
        self.client.get("/inbox/counts/", name="GET /inbox/counts/")

    @task(5)
    def open_case(self) -> None:
        case_id = self._case_id()
        if case_id is not None:
            self._case_page(case_id)

    @task(2)
    def reply(self) -> None:
        case_id = self._case_id()
        if case_id is None:
            return
        html = self._case_page(case_id)
        direction = random.choice(("outbound", "note"))
        with self.client.post(
            f"/cases/{case_id}/reply/",
            data={"direction": direction, "csrfmiddlewaretoken": csrf_from(html),
                  "body": "Thanks, we have booked an engineer for the boiler and will "
                          "confirm the time by e-mail."},
            headers={"Referer": f"{self.host}/cases/{case_id}/"},
            name="POST /cases/[id]/reply/", allow_redirects=False, catch_response=True,
        ) as reply:  # fmt: skip
            if reply.status_code != 302:
                reply.failure(f"status {reply.status_code}")
        self._case_page(case_id, name="GET /cases/[id]/ after a POST")

    @task(1)
    def change_status(self) -> None:
        case_id = self._case_id()
        if case_id is None:
            return
        html = self._case_page(case_id)
        with self.client.post(
            f"/cases/{case_id}/field/status/",
            data={"value": random.choice(("open", "solved")),
                  "csrfmiddlewaretoken": csrf_from(html)},
            headers={"Referer": f"{self.host}/cases/{case_id}/"},
            name="POST /cases/[id]/field/status/", allow_redirects=False, catch_response=True,
        ) as reply:  # fmt: skip
            if reply.status_code != 302:
                reply.failure(f"status {reply.status_code}")
        self._case_page(case_id, name="GET /cases/[id]/ after a POST")

    @task(2)
    def search(self) -> None:
        page = self.client.get("/", params={"q": random.choice(WORDS)}, name="GET /?q=")
        self._remember_cases(page.text)


class Customer(HttpUser):
    weight = 2
    wait_time = between(2, 6)

    def on_start(self) -> None:
        self.number = next(_customer_numbers)
        self.status_paths: list[str] = []

    @task(2)
    def contact_form(self) -> None:
        form = self.client.get("/contact", name="GET /contact")
        n = random.randrange(1_000_000)
        with self.client.post(
            "/contact",
            data={"name": f"Load Customer {self.number}",
                  "email": f"load-customer-{self.number}@example.com",
                  "subject": f"Boiler not heating ({n})",
                  "message": "Our boiler stopped heating this morning. The pressure gauge "
                             "reads 0.5 bar. Can someone come round?",
                  "website": "", "csrfmiddlewaretoken": csrf_from(form.text)},
            headers={"Referer": f"{self.host}/contact"},
            name="POST /contact", catch_response=True,
        ) as thanks:  # fmt: skip
            found = STATUS_LINK.search(thanks.text)
            if thanks.status_code != 200 or found is None:
                thanks.failure(f"status {thanks.status_code}, no status link")
                return
            self.status_paths.append(found.group(1))
        self.status_page()

    @task(3)
    def status_page(self) -> None:
        if not self.status_paths:
            return
        path = random.choice(self.status_paths)
        self.client.get(path, name="GET /s/[token]/")

    @task(2)
    def reply_on_status_page(self) -> None:
        if not self.status_paths:
            return
        path = random.choice(self.status_paths)
        page = self.client.get(path, name="GET /s/[token]/")
        with self.client.post(
            f"{path}reply/",
            data={"text": "Thank you. Tuesday morning works for us.",
                  "csrfmiddlewaretoken": csrf_from(page.text)},
            headers={"Referer": f"{self.host}{path}"},
            name="POST /s/[token]/reply/", allow_redirects=False, catch_response=True,
        ) as reply:  # fmt: skip
            if reply.status_code != 302:
                reply.failure(f"status {reply.status_code}")
        with self.client.get(
            path, name="GET /s/[token]/ after a POST", catch_response=True
        ) as after:
            if ERROR_FLASH in after.text:
                after.failure(
                    "error message on the status page: " + after.text.split(ERROR_FLASH, 1)[1][:200]
                )
