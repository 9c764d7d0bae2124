"""Refusals reach people in German (issue #21 item 5): the set-up (checklists, automation
rules, webhooks, canned replies), time tracking, the API's own answers (pydantic's field
errors, the paging cursor) and the sentences of the desk's scripts.

For a business whose language is German, a refused action on a staff page shows the German
message and the same refusal through the API answers German, with its machine parts
(`code`, `field`) unchanged. The scripts are static files: their sentences come from the
page (base.html's `rt-js-strings` block, rendered in the page's language), which is checked
here without a browser: the block is German and holds every key the scripts ask for. The
tests run in English, so each also checks that the English default is unchanged.
"""

import html
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

import rightthere
from rightthere.accounts.profile import update_business_profile
from rightthere.accounts.tokens import create_api_token
from tests.factories import make_case

pytestmark = pytest.mark.django_db

PACKAGE = Path(rightthere.__file__).parent
HTMX = {"HX-Request": "true"}
CHECKLIST = {"name": "Kesselwartung", "case_kind": "repair", "apply_automatically": "on",
             "steps": "Druck prüfen\nHeizkörper entlüften"}  # fmt: skip


@pytest.fixture
def german_business(owner):
    update_business_profile(owner, language="de")


def api(client, user, method, path, body=None):
    _, key = create_api_token(user, "test")
    return client.generic(method.upper(), path, "" if body is None else json.dumps(body),
                          content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {key}")  # fmt: skip


def text_of(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


def an_hour_ago() -> str:
    return timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


# -- set-up: checklists, automation rules, webhooks, canned replies --------------------------


def test_a_second_checklist_of_the_same_name_is_refused_in_german_on_the_page(
    as_user, owner, german_business
):
    client = as_user(owner)
    client.post(reverse("settings_checklists"), CHECKLIST)

    page = client.post(reverse("settings_checklists"), CHECKLIST)

    assert "Es gibt schon eine Checkliste namens „Kesselwartung“." in text_of(page)
    assert "There is already a checklist" not in text_of(page)


def test_a_checklist_is_refused_in_german_through_the_api(client, owner, agent, german_business):
    body = {"name": "Kesselwartung", "case_kind": "repair", "steps": []}

    empty = api(client, owner, "post", "/api/checklist-templates", body)
    by_an_agent = api(client, agent, "post", "/api/checklist-templates",
                      {**body, "steps": ["Druck prüfen"]})  # fmt: skip

    assert empty.status_code == 400
    assert empty.json()["detail"] == "Mindestens einen Schritt eintragen, einen pro Zeile."
    assert (by_an_agent.status_code, by_an_agent.json()["code"]) == (403, "forbidden")
    assert by_an_agent.json()["detail"] == "Nur Inhaber können Checklisten einrichten."


def test_an_automation_rule_is_refused_in_german_on_the_page_and_through_the_api(
    as_user, client, owner, agent, german_business
):
    page = as_user(owner).post(reverse("automation_rule_new"), {
        "name": "Bewertungen", "trigger": "case_opened", "active": "1",
        "condition_1_field": "subject", "condition_1_op": "contains", "condition_1_text": "",
        "action_1_type": "tag", "action_1_text": "bewertung",
    })  # fmt: skip
    answer = api(client, agent, "post", "/api/automation-rules", {
        "name": "Bewertungen", "trigger": "case_opened", "conditions": [],
        "actions": [{"type": "tag", "value": "bewertung"}],
    })  # fmt: skip

    assert page.status_code == 400
    assert "„Betreff“" in text_of(page) and "Say what" not in text_of(page)
    assert answer.status_code == 403
    assert answer.json()["detail"] == "Nur Inhaber können Automatisierungsregeln einrichten."


def test_a_webhook_and_a_canned_reply_are_refused_in_german_through_the_api(
    client, owner, german_business
):
    hook = api(client, owner, "post", "/api/webhooks", {
        "name": "Buchhaltung", "url": "ftp://buchhaltung.example.com", "events": ["case.opened"],
    })  # fmt: skip
    reply = api(client, owner, "post", "/api/canned-replies", {
        "title": "Grüße", "body": "Hallo {customer.frist_name}", "scope": "personal",
    })  # fmt: skip
    no_events = api(client, owner, "post", "/api/webhooks", {
        "name": "Buchhaltung", "url": "https://buchhaltung.example.com/hook", "events": [],
    })  # fmt: skip

    assert (hook.status_code, hook.json()["code"]) == (400, "invalid")
    assert hook.json()["detail"].startswith("Die URL muss mit https://")
    assert (reply.status_code, reply.json()["code"]) == (422, "unknown_placeholder")
    assert reply.json()["detail"].startswith(
        "Unbekannter Platzhalter: {customer.frist_name} (meinten Sie {customer.first_name}?)."
    )
    # pydantic's own counting message, in German with German plural
    assert no_events.json()["detail"] == "events: Liste muss mindestens 1 Eintrag haben, nicht 0"


# -- time tracking --------------------------------------------------------------------------


def test_too_long_a_time_entry_is_refused_in_german_in_the_widget(as_user, agent, german_business):
    case = make_case(assignee=agent)

    page = as_user(agent).post(reverse("time_add", args=[case.pk]),
                               {"started": an_hour_ago(), "minutes": "1500"},
                               headers=HTMX)  # fmt: skip

    assert "Ein Eintrag umfasst höchstens 24 Stunden (1440 Minuten)" in text_of(page)
    assert "One entry can be at most" not in text_of(page)


def test_a_time_entry_is_refused_in_german_through_the_api(client, agent, german_business):
    case = make_case(assignee=agent)
    path = f"/api/cases/{case.pk}/time-entries"

    too_long = api(client, agent, "post", path, {"started_at": "2026-01-05T09:00:00Z",
                                                 "ended_at": "2026-01-06T09:01:00Z"})  # fmt: skip
    bad_period = api(client, agent, "get", "/api/time/totals?from=2026-01-10&to=2026-01-01")

    assert too_long.status_code == 400
    assert too_long.json()["detail"].startswith("Ein Eintrag umfasst höchstens 24 Stunden")
    assert bad_period.json()["detail"].startswith("Der Zeitraum endet, bevor er beginnt")


# -- the API's own answers --------------------------------------------------------------------


def test_a_validation_error_names_the_field_and_says_in_german_what_is_wrong(
    client, agent, german_business
):
    case = make_case(assignee=agent)
    path = f"/api/cases/{case.pk}/time-entries"
    start = {"started_at": "2026-01-05T09:00:00Z"}

    not_a_number = api(client, agent, "post", path, {**start, "minutes": "viele"})
    unknown_field = api(client, agent, "post", path, {**start, "minutes": 5, "hours": 1})
    nul = api(client, agent, "post", path, {**start, "minutes": 5, "note": "a\x00b"})
    too_small = api(client, agent, "post", path, {**start, "minutes": 0})

    assert not_a_number.status_code == 422
    assert not_a_number.json()["code"] == "invalid"
    assert not_a_number.json()["errors"][0]["field"] == "minutes"
    assert not_a_number.json()["detail"].startswith("minutes: Eingabe muss eine ganze Zahl sein")
    assert unknown_field.json()["detail"] == "hours: Zusätzliche Felder sind nicht erlaubt"
    assert nul.json()["detail"] == "note: darf keine NUL-Zeichen enthalten"
    assert too_small.json()["detail"] == "minutes: Eingabe muss größer oder gleich 1 sein"


def test_the_same_validation_error_stays_pydantics_english_for_an_english_business(client, agent):
    case = make_case(assignee=agent)

    answer = api(client, agent, "post", f"/api/cases/{case.pk}/time-entries",
                 {"started_at": "2026-01-05T09:00:00Z", "minutes": "lots", "hours": 1})  # fmt: skip

    assert [e["message"] for e in answer.json()["errors"]] == [
        "Input should be a valid integer, unable to parse string as an integer",
        "Extra inputs are not permitted",
    ]


def test_a_choice_and_a_bad_cursor_are_answered_in_german(client, agent, german_business):
    grouping = api(client, agent, "get", "/api/time/totals?by=team")
    cursor = api(client, agent, "get", "/api/checklist-templates?cursor=kaputt")

    assert grouping.status_code == 422
    assert "Eingabe muss 'person', 'customer' oder 'case' sein" in grouping.json()["detail"]
    assert cursor.status_code == 400
    assert cursor.json()["detail"].startswith("Der Cursor ist ungültig.")


# -- the scripts' sentences come from the page ------------------------------------------------

SCRIPTS = [
    "static/rightthere/behaviours.js", "static/rightthere/copy.js",
    "static/rightthere/feedback.js", "static/rightthere/inbox.js",
    "static/rightthere/shortcuts.js", "canned/static/canned/composer.js",
    "coach/static/coach/composer.js",
]  # fmt: skip


def js_strings(page: str) -> dict[str, str]:
    found = re.search(r'<script id="rt-js-strings" type="application/json">(.*?)</script>',
                      page, re.S)  # fmt: skip
    assert found, "the page has no rt-js-strings block"
    return json.loads(found.group(1))


def keys_the_scripts_ask_for() -> set[str]:
    keys: set[str] = set()
    for script in SCRIPTS:
        code = (PACKAGE / script).read_text()
        keys |= set(re.findall(r'(?:phrase|coachPhrase)\(\s*"(\w+)"', code))
        keys |= set(re.findall(r"TEXT\.(\w+)", code))
        keys |= set(re.findall(r'"(selected_(?:one|other))"', code))
    return keys


def test_the_scripts_sentences_on_a_german_page_are_german(as_user, agent, german_business):
    case = make_case(assignee=agent)

    inbox = js_strings(as_user(agent).get(reverse("inbox")).content.decode())
    case_page = js_strings(as_user(agent).get(reverse("case_detail", args=[case.pk]))
                           .content.decode())  # fmt: skip

    assert inbox == case_page
    assert keys_the_scripts_ask_for() <= set(inbox)
    assert inbox["selected_other"] == "%(count)s ausgewählt"
    assert inbox["shortcuts_title"] == "Tastenkürzel"
    assert inbox["shortcut_next"] == "Nächster Fall in der Liste"
    assert inbox["failed"].startswith("Das hat nicht geklappt (Fehler %(status)s).")
    assert inbox["gaps_other"] == ("Vor dem Senden %(names)s ausfüllen: "
                                   "Dieser Fall hat dafür keine Werte.")  # fmt: skip
    assert inbox["copied"] == "Kopiert."
    assert inbox["promise_get_back"] == "uns bei Ihnen melden"


def test_every_script_sentence_is_read_from_the_page_not_written_in_the_script():
    """Each English sentence a script shows is only the fallback of a key it reads."""
    for script in SCRIPTS:
        code = (PACKAGE / script).read_text()
        for line in code.splitlines():
            if line.lstrip().startswith("//"):
                continue
            shown = re.search(r'(?:textContent|value|say\()\s*=?\s*"([A-Z][^"]*[a-z][^"]*)"', line)
            assert not shown, f"{script}: {line.strip()}"


def test_the_scripts_sentences_on_an_english_page_stay_english(as_user, agent):
    strings = js_strings(as_user(agent).get(reverse("inbox")).content.decode())

    assert strings["selected_one"] == "%(count)s selected"
    assert strings["shortcuts_title"] == "Keyboard shortcuts"
    assert strings["gaps_one"].endswith("this case has no value for it.")
