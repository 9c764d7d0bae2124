"""The upset assessment, the case page's panel, and commitments read from replies."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.urls import reverse

from rightthere.coach.commitments import read_commitments
from rightthere.coach.upset import History, assess
from rightthere.desk import messages as desk_messages
from tests.factories import make_case

LONDON = ZoneInfo("Europe/London")
WEEKDAYS_9_TO_5 = {day: [(time(9), time(17))] for day in range(5)}


def test_signals_vader_misses_make_a_message_look_upset():
    chaser = assess("This is the third time I'm asking. Is anyone reading these?")
    threat = assess("Fix it by Friday or I'm going to trading standards.")
    broken = assess("You said the engineer would come on Tuesday. Nobody came.")

    assert {chaser.level, threat.level, broken.level} <= {"suggest", "flag"}
    assert any("third time" in r.text for r in chaser.reasons)
    assert any("trading standards" in r.text for r in threat.reasons)
    assert threat.level == "flag"
    assert any(r.signal == "broken_promise" for r in broken.reasons)


def test_a_calm_description_of_a_fault_is_not_upset():
    calm = assess("The boiler is broken and leaking badly; error F22. Could someone come?")

    assert calm.level == "none"


def test_the_case_history_adds_to_the_words():
    words = "Any news on the part?"

    alone = assess(words)
    chased = assess(words, History(unanswered=3, broken_promises=1))

    assert alone.level == "none"
    assert chased.level == "flag"
    assert "a promise to them was broken on this case" in [r.text for r in chased.reasons]


def test_a_dated_commitment_is_read_with_its_date_and_working_days_skip_the_weekend():
    thursday = datetime(2026, 3, 12, 11, 0, tzinfo=LONDON)

    (friday,) = read_commitments(
        "Thanks. We will send the engineer by Friday.", now=thursday, periods=WEEKDAYS_9_TO_5
    )
    (two_days,) = read_commitments(
        "You'll have the quote within two working days.", now=thursday, periods=WEEKDAYS_9_TO_5
    )
    (ten,) = read_commitments("We'll call you tomorrow at 10.", now=thursday)

    assert (friday.kind, friday.what, friday.due) == (
        "dated", "send the engineer", datetime(2026, 3, 13, 17, 0, tzinfo=LONDON)
    )  # fmt: skip
    assert two_days.due == datetime(2026, 3, 16, 17, 0, tzinfo=LONDON)
    assert ten.due == datetime(2026, 3, 13, 10, 0, tzinfo=LONDON)


def test_a_commitment_without_a_date_is_vague_and_a_request_is_none():
    thursday = datetime(2026, 3, 12, 11, 0, tzinfo=LONDON)

    (vague,) = read_commitments("We'll get back to you soon.", now=thursday)
    found = read_commitments("Could you send us a photo by Friday?", now=thursday)

    assert vague.kind == "vague" and vague.due is None and "by when" in vague.suggestion
    assert found == []


def test_the_case_page_suggests_recovery_for_a_customer_who_looks_upset(agent, client):
    case = make_case(kind="repair", body="The kitchen tap drips.")
    desk_messages.add_message(
        case, actor=None, direction="inbound", body_text="Still no reply to my message."
    )
    client.force_login(agent)

    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()

    assert "Looks upset: start recovery?" in page or "Upset customer" in page
    assert "still no" in page.lower()
    assert reverse("recovery_step", args=[case.pk, "start"]) in page


def test_the_promise_chip_for_each_role(owner, agent, technician, subcontractor, client):
    case = make_case(kind="repair")
    url = reverse("coach_promise_read")
    draft = {"body": "We will send the engineer by Friday.", "case": str(case.pk)}

    assert client.post(url, draft).status_code == 302  # anonymous: to the log-in page
    for person in (owner, agent):
        client.force_login(person)
        response = client.post(url, draft)
        assert response.status_code == 200
        assert "send the engineer" in response.content.decode()
    for person in (technician, subcontractor):  # not their case
        client.force_login(person)
        assert client.post(url, draft).status_code == 404


def test_the_promise_chip_flags_a_vague_commitment_and_ignores_notes(agent, client):
    client.force_login(agent)
    url = reverse("coach_promise_read")

    # A vague commitment the reply check misses gets the chip's Vague box; one the check
    # flags already is named once, by the check (its fix puts in a date).
    vague = client.post(url, {"body": "I will email you the invoice."}).content.decode()
    note = client.post(url, {"body": "I will email you the invoice.", "direction": "note"})
    flagged = client.post(url, {"body": "We'll get back to you soon."}).content.decode()

    assert "has no date" in vague
    assert "has no date" not in note.content.decode()
    assert "has no date" not in flagged
