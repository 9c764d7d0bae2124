"""A Content-Security-Policy that lets only the desk's own scripts run (#19): every
page carries it, no template has inline script or event handlers for it to block,
and the pages of each role work in Chromium with no policy violation."""

import re
from pathlib import Path

import pytest

from tests.factories import PASSWORD, make_case

ROOT = Path(__file__).resolve().parents[2] / "src" / "rightthere"
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"  # inline script
    r"|\son[a-z]+\s*=\s*[\"']"  # onclick=, onsubmit=, ...
    r"|\bhx-on[:-]"  # htmx's inline handlers (they need eval)
    r"|javascript:",
    re.IGNORECASE,
)


def test_no_template_has_inline_script_or_handlers():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()[:90]}"
        for path in sorted(ROOT.rglob("*.html"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if INLINE.search(line)
    ]
    assert found == [], "Use data attributes (static/rightthere/behaviours.js):\n" + "\n".join(
        found
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/contact"])
def test_pages_carry_the_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-eval" not in policy


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_roles_pages_run_with_no_policy_violation(owner, agent, technician, page, log_in):
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text else None)  # fmt: skip
    case = make_case(subject="Radiator cold upstairs", assignee=agent)

    log_in(owner.username, PASSWORD)
    links = page.get_by_role("navigation", name="Main").get_by_role("link").all()
    hrefs = [link.get_attribute("href") for link in links]
    for href in [*hrefs, f"/cases/{case.pk}/", "/account/two-factor/", "/settings/tokens/",
                 "/api/docs", "/admin/"]:  # fmt: skip
        page.goto(href)
        page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    log_in(technician.username, PASSWORD)
    page.goto("/my-day/")
    page.wait_for_load_state("networkidle")
    page.goto("/contact")

    assert violations == []
