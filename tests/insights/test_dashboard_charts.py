"""Every chart on the dashboard can be read: a value axis, the numbers as text for a
screen reader, the value of each bar on hover and focus, and, when it has nothing to
show, what would fill it. Owners and agents see it (technicians and subcontractors are
refused: tests/insights/test_dashboard.py)."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from rightthere.cases.models import Case
from rightthere.insights.dashboard_charts import FIGURE_EMPTY, SIGN_EMPTY
from rightthere.insights.kpis.dashboard import FIGURES
from rightthere.insights.models import Target
from rightthere.insights.signs import SIGNS
from tests.factories import CustomerFactory, make_case

# Data hours and a day from now stays in this week whatever day and hour the suite runs.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("wednesday_eleven")]
ROLES = ["owner", "agent"]


def cards(html: str, kind: str) -> dict[str, str]:
    """The HTML of each figure's (or sign's) card, by its key."""
    found = re.findall(rf'<article class="card [^"]*" data-{kind}="(\w+)"[^>]*>(.*?)</article>',
                       html, re.S)  # fmt: skip
    return dict(found)


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def dashboard(request, role: str, client) -> str:
    client.force_login(request.getfixturevalue(role))
    response = client.get("/insights/?weeks=4")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def answered_cases():
    """Two cases opened yesterday, answered after 1 and 3 hours, and three complaints."""
    now = timezone.now()
    for hours in (1, 3):
        made = make_case(customer=CustomerFactory(), opened_at=now - timedelta(days=1))
        Case.objects.filter(pk=made.pk).update(
            first_responded_at=made.created_at + timedelta(hours=hours)
        )
    for _ in range(3):
        make_case(kind="complaint")


@pytest.mark.parametrize("role", ROLES)
def test_every_chart_without_data_says_what_would_fill_it(role, request, client):
    html = dashboard(request, role, client)

    figures, signs = cards(html, "figure"), cards(html, "sign")
    assert set(figures) == set(FIGURES) and set(signs) == set(SIGNS)
    for key, card in figures.items():
        assert "data-chart-empty" in card and "<svg" not in card, key
        assert FIGURE_EMPTY[key] in text(card), key
    for key, card in signs.items():
        assert SIGN_EMPTY[key] in text(card), key
    assert "They arrive when customers rate a solved case" in text(figures["csat"])


@pytest.mark.parametrize("role", ROLES)
def test_every_chart_with_data_has_an_axis_and_its_numbers_as_text(
    role, answered_cases, request, client
):
    html = dashboard(request, role, client)

    drawn = {k: c for k, c in cards(html, "figure").items() if "data-chart-empty" not in c}
    assert {"first_response", "backlog", "backlog_age", "complaints"} <= set(drawn)
    for key, card in drawn.items():
        axis = re.search(r"<g class=\"axis\"[^>]*data-axis>(.*?)</g>", card, re.S)
        assert axis, key
        assert len(re.findall(r'class="grid"', axis.group(1))) >= 1, key  # gridlines
        assert '<figcaption class="visually-hidden">' in card, key
        assert '<div class="visually-hidden"><table>' in card, key
        assert re.search(r'<g class="bar" tabindex="0" role="img" aria-label="[^"]+: ', card), key

    response = drawn["first_response"]
    assert text(re.search(r"data-axis>(.*?)</g>", response, re.S).group(1)).startswith(
        "0 h 0.5 h 1 h"
    )
    assert re.search(r"<th scope=\"row\">[^<]+</th><td>2 hours</td><td>2</td>", response)
    assert "First-response time by week: 2 hours in the week of" in text(response)


@pytest.mark.parametrize("role", ROLES)
def test_a_sign_with_data_keeps_its_thresholds_in_words(role, answered_cases, request, client):
    html = dashboard(request, role, client)

    complaints = cards(html, "sign")["complaints"]
    overwhelm = cards(html, "sign")["overwhelm"]
    assert "data-axis" in complaints and 'data-line="red"' not in complaints  # weekly counts
    assert 'data-line="amber"' in overwhelm and 'data-line="red"' in overwhelm  # % of capacity
    assert re.search(r"Now \d+ % rise \(red; amber from 25, red from 50\)\.", text(complaints))
    assert re.search(r'aria-label="\d\d \w\w\w: 3 complaints"', complaints)


def test_an_owners_target_is_a_labelled_line_on_its_chart(owner, answered_cases, client):
    Target.objects.create(figure="first_response", value=4)
    Target.objects.create(figure="load", value=50)  # a share of people: not on its bars
    client.force_login(owner)

    figures = cards(client.get("/insights/?weeks=4").content.decode(), "figure")

    assert "target 4 h" in text(figures["first_response"])
    assert "Target: 4 hours." in text(figures["first_response"])
    assert 'data-line="target"' not in figures["load"]
