"""The work set-up screens (#20): checklists, root causes, canned replies, relationship
rules and review sources. Owners only; each change through the same function as the API,
in the settings change log; bad input shown next to its field, nothing saved."""

import html
import re

import pytest
from django.urls import reverse

from rightthere.accounts.models import Integration, IntegrationKind, SettingsChange
from rightthere.canned.models import CannedReply
from rightthere.cases.models import Kind
from rightthere.checklists.models import ChecklistTemplate
from rightthere.coach.models import CoachPhrase
from rightthere.insights.models import RelationshipRules
from rightthere.recovery.models import Improvement, RootCause
from tests.factories import TeamFactory, make_case

pytestmark = pytest.mark.django_db

SCREENS = ["settings_checklists", "settings_root_causes", "settings_canned",
           "settings_relationship_rules", "settings_review_sources"]  # fmt: skip
REPAIRS = {"name": "Boiler repair", "case_kind": "repair", "apply_automatically": "on",
           "steps": "Check the pressure\n\nBleed the radiators\nTest the flue"}  # fmt: skip
RULES = {"lost_after_days": "365", "bad_unresolved_complaints": "2",
         "complaint_window_days": "365", "call_every_days_good": "90",
         "call_every_days_lost": "30", "call_every_days_none": "180",
         "call_every_days_bad": "60"}  # fmt: skip


def error_next_to(page: str, field: str) -> str:
    """The error in the field's own block (the `_field.html` include)."""
    block = re.search(rf'<div class="formfield has-error">\s*<label for="id_{field}".*?</div>',
                      page, re.S)  # fmt: skip
    assert block, f"no error next to {field}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", block.group(0))).split())


def changes(screen: str) -> list[str]:
    return list(SettingsChange.objects.filter(screen=screen).values_list("summary", flat=True))


# -- who may open and change them ----------------------------------------------------


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("agent", 403), ("technician", 403), ("subcontractor", 403)],
)
def test_each_role_opening_each_work_screen(request, as_user, screen, who, status):
    client = as_user(request.getfixturevalue(who))
    assert client.get(reverse(screen)).status_code == status


@pytest.mark.parametrize("screen", SCREENS)
def test_visitor_is_sent_to_log_in(client, owner, screen):
    response = client.get(reverse(screen))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["agent", "technician", "subcontractor"])
def test_other_roles_change_nothing_on_the_work_screens(request, as_user, who):
    client = as_user(request.getfixturevalue(who))
    posts = [
        client.post(reverse("settings_checklists"), REPAIRS),
        client.post(reverse("settings_root_causes"), {"name": "Weather"}),
        client.post(
            reverse("settings_canned"), {"title": "Hi", "body": "Hello", "scope": "everyone"}
        ),  # fmt: skip
        client.post(reverse("settings_relationship_rules"), {**RULES, "lost_after_days": "9"}),
        client.post(reverse("settings_review_sources"), {"name": "Google"}),
    ]

    assert [p.status_code for p in posts] == [403] * 5
    assert not ChecklistTemplate.objects.exists()
    assert not RootCause.objects.filter(name="Weather").exists()
    assert not CannedReply.objects.exists()
    assert RelationshipRules.current().lost_after_days == 365
    assert not Integration.objects.exists()
    assert not SettingsChange.objects.exists()


def test_other_roles_cannot_change_or_remove_existing_ones(as_user, owner, agent):
    client = as_user(owner)
    client.post(reverse("settings_checklists"), REPAIRS)
    client.post(reverse("settings_review_sources"), {"name": "Google"})
    template, source = ChecklistTemplate.objects.get(), Integration.objects.get()
    cause = RootCause.objects.create(name="Weather", position=9)
    before = SettingsChange.objects.count()

    client = as_user(agent)
    posts = [
        client.post(reverse("settings_checklist", args=[template.pk]), {**REPAIRS, "name": "X"}),
        client.post(reverse("settings_checklist_remove", args=[template.pk])),
        client.post(reverse("settings_root_cause", args=[cause.pk]), {f"c{cause.pk}-name": "X"}),
        client.post(reverse("settings_root_cause_remove", args=[cause.pk])),
        client.post(reverse("settings_review_source_rotate", args=[source.pk])),
        client.post(reverse("settings_review_source_remove", args=[source.pk])),
    ]

    assert [p.status_code for p in posts] == [403] * 6
    assert ChecklistTemplate.objects.get().name == "Boiler repair"
    assert RootCause.objects.get(pk=cause.pk).name == "Weather"
    assert Integration.objects.get().secret == source.secret
    assert SettingsChange.objects.count() == before


def test_the_hub_lists_the_work_screens(as_user, owner):
    page = as_user(owner).get(reverse("settings_setup")).content.decode()
    for screen in SCREENS:
        assert f'href="{reverse(screen)}"' in page


# -- checklists --------------------------------------------------------------------


def test_owner_adds_a_repairs_checklist_and_a_new_repair_case_starts_with_it(as_user, owner):
    response = as_user(owner).post(reverse("settings_checklists"), REPAIRS)

    assert response.status_code == 302
    template = ChecklistTemplate.objects.get()
    assert (template.case_kind, template.apply_automatically) == (Kind.REPAIR, True)
    assert [s.text for s in template.steps.all()] == ["Check the pressure",
                                                      "Bleed the radiators", "Test the flue"]  # fmt: skip
    assert changes("checklists") == ["Added the checklist Boiler repair: for repair cases, put "
                                     "on every new one; 3 steps: Check the pressure; Bleed the "
                                     "radiators; Test the flue."]  # fmt: skip
    repair = make_case(kind=Kind.REPAIR)
    question = make_case(kind=Kind.QUESTION)
    assert [i.text for i in repair.checklist_items.all()][0] == "Check the pressure"
    assert not question.checklist_items.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": ""}, "name", "Give the checklist a name"),
        ({"steps": "\n  \n"}, "steps", "Write at least one step"),
        ({"steps": "x" * 251}, "steps", "A step is at most 250 characters"),
        ({"case_kind": "party"}, "case_kind", "Select a valid choice"),
    ],
)
def test_bad_checklist_is_shown_next_to_its_field(as_user, owner, change, field, message):
    response = as_user(owner).post(reverse("settings_checklists"), {**REPAIRS, **change})

    assert response.status_code == 422
    assert message in error_next_to(response.content.decode(), field)
    assert not ChecklistTemplate.objects.exists()
    assert not SettingsChange.objects.exists()


def test_a_second_checklist_with_the_same_name_is_refused_next_to_the_name(as_user, owner):
    client = as_user(owner)
    client.post(reverse("settings_checklists"), REPAIRS)
    response = client.post(reverse("settings_checklists"), {**REPAIRS, "name": "boiler REPAIR"})

    assert "There is already a checklist called" in error_next_to(response.content.decode(),
                                                                  "name")  # fmt: skip
    assert ChecklistTemplate.objects.count() == 1


def test_owner_changes_then_removes_a_checklist_and_cases_keep_their_steps(as_user, owner):
    client = as_user(owner)
    client.post(reverse("settings_checklists"), REPAIRS)
    template = ChecklistTemplate.objects.get()
    case = make_case(kind=Kind.REPAIR)

    page = client.get(reverse("settings_checklist", args=[template.pk])).content.decode()
    assert "Bleed the radiators" in page
    client.post(reverse("settings_checklist", args=[template.pk]),
                {**REPAIRS, "steps": "Check the pressure\nFit the part", "apply_automatically": ""})  # fmt: skip
    assert [s.text for s in template.steps.all()] == ["Check the pressure", "Fit the part"]
    assert not ChecklistTemplate.objects.get().apply_automatically
    client.post(reverse("settings_checklist_remove", args=[template.pk]))

    assert not ChecklistTemplate.objects.exists()
    assert case.checklist_items.count() == 3
    assert [c.split(":")[0] for c in changes("checklists")] == [
        "Removed the checklist Boiler repair.", "Changed the checklist Boiler repair",
        "Added the checklist Boiler repair"]  # fmt: skip


# -- root causes ---------------------------------------------------------------------


def test_owner_sees_the_default_root_causes_and_adds_one(as_user, owner):
    client = as_user(owner)
    page = client.get(reverse("settings_root_causes")).content.decode()
    assert RootCause.objects.exists()
    assert RootCause.objects.first().name in page

    response = client.post(reverse("settings_root_causes"), {"name": "Weather"})

    assert response.status_code == 302
    assert RootCause.objects.order_by("-position").first().name == "Weather"
    assert changes("root_causes") == ["Added the root cause Weather."]


def test_a_duplicate_or_empty_root_cause_is_shown_next_to_the_name(as_user, owner):
    client = as_user(owner)
    client.get(reverse("settings_root_causes"))
    taken = RootCause.objects.first().name

    empty = client.post(reverse("settings_root_causes"), {"name": " "})
    twice = client.post(reverse("settings_root_causes"), {"name": taken.upper()})

    assert "Give the root cause a name" in error_next_to(empty.content.decode(), "name")
    assert "There is already a root cause" in error_next_to(twice.content.decode(), "name")
    assert not SettingsChange.objects.exists()


def test_owner_renames_and_hides_a_root_cause_in_its_row(as_user, owner):
    cause = RootCause.objects.create(name="Wether", position=1)
    other = RootCause.objects.create(name="Supplier late", position=2)
    client = as_user(owner)

    client.post(reverse("settings_root_cause", args=[cause.pk]), {f"c{cause.pk}-name": "Weather"})
    refused = client.post(reverse("settings_root_cause", args=[other.pk]),
                          {f"c{other.pk}-name": "weather", f"c{other.pk}-active": "on"})  # fmt: skip

    cause.refresh_from_db()
    assert (cause.name, cause.active) == ("Weather", False)
    assert refused.status_code == 422
    assert "There is already a root cause" in error_next_to(refused.content.decode(),
                                                            f"c{other.pk}-name")  # fmt: skip
    assert changes("root_causes") == ["Changed the root cause Weather: renamed from 'Wether', "
                                      "hidden from the list."]  # fmt: skip


def test_a_root_cause_in_use_cannot_be_removed_only_hidden(as_user, owner):
    cause = RootCause.objects.create(name="Supplier late", position=1)
    Improvement.objects.create(title="Second supplier", root_cause=cause)
    unused = RootCause.objects.create(name="Weather", position=2)
    client = as_user(owner)

    page = client.post(reverse("settings_root_cause_remove", args=[cause.pk]), follow=True)
    client.post(reverse("settings_root_cause_remove", args=[unused.pk]))

    assert "hide it instead" in html.unescape(page.content.decode())
    assert RootCause.objects.filter(pk=cause.pk).exists()
    assert not RootCause.objects.filter(pk=unused.pk).exists()
    assert changes("root_causes") == ["Removed the root cause Weather."]


# -- canned replies ------------------------------------------------------------------


def test_owner_adds_a_desk_wide_canned_reply_and_agents_find_it(as_user, owner, agent):
    body = (
        "Hello {customer.first_name},\n\nThe part for {case.reference} has arrived. Reply "
        "to this mail with two times that suit you and we book the first one."
    )
    response = as_user(owner).post(reverse("settings_canned"),
                                   {"title": "Part arrived", "body": body, "scope": "everyone"})  # fmt: skip

    assert response.status_code == 302
    reply = CannedReply.objects.get()
    assert (reply.owner, reply.team) == (None, None)
    assert changes("canned") == ["Added the desk-wide canned reply “Part arrived”."]
    assert "Part arrived" in as_user(agent).get(reverse("canned_list")).content.decode()


def test_wording_the_reply_check_flags_is_shown_next_to_the_text_until_kept(as_user, owner):
    vague = {"title": "Booked", "body": "Hello, we will keep you posted.", "scope": "everyone"}
    client = as_user(owner)

    refused = client.post(reverse("settings_canned"), vague)
    assert refused.status_code == 422
    assert "The reply check found 1 thing" in error_next_to(refused.content.decode(), "body")
    assert not CannedReply.objects.exists()

    client.post(reverse("settings_canned"), {**vague, "save_anyway": "on"})
    assert CannedReply.objects.get().reply_check_findings == 1
    assert "kept despite 1 reply-check finding" in changes("canned")[0]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"scope": "team"}, "team", "Choose the team this reply is for."),
        ({"title": " "}, "title", "This field is required."),
        ({"body": "Hello {customer.frist_name}"}, "body", "Unknown placeholder"),
    ],
)
def test_bad_canned_reply_is_shown_next_to_its_field(as_user, owner, change, field, message):
    data = {"title": "Part arrived", "body": "Hello {customer.first_name}", "scope": "everyone"}
    response = as_user(owner).post(reverse("settings_canned"), {**data, **change})

    assert response.status_code == 422
    assert message in error_next_to(response.content.decode(), field)
    assert not CannedReply.objects.exists()


def test_owner_moves_a_reply_to_a_team_then_removes_it(as_user, owner):
    team = TeamFactory(name="Front desk")
    client = as_user(owner)
    client.post(reverse("settings_canned"), {"title": "Photos", "body": "Send photos please.",
                                             "scope": "everyone"})  # fmt: skip
    reply = CannedReply.objects.get()

    client.post(reverse("settings_canned_reply", args=[reply.pk]),
                {"title": "Photos", "body": "Send photos please.", "scope": "team",
                 "team": team.pk})  # fmt: skip
    assert CannedReply.objects.get().team == team
    client.post(reverse("settings_canned_reply_remove", args=[reply.pk]))

    assert not CannedReply.objects.exists()
    assert changes("canned")[:2] == ["Removed the Front desk team's canned reply “Photos”.",
                                     "Changed the Front desk team's canned reply “Photos”."]  # fmt: skip


def test_personal_replies_are_not_on_the_settings_screen(as_user, owner, agent):
    as_user(agent).post(reverse("canned_new"), {"title": "My own", "body": "Hi there.",
                                                "scope": "personal"})  # fmt: skip
    mine = CannedReply.objects.get()

    client = as_user(owner)
    page = client.get(reverse("settings_canned")).content.decode()
    assert "My own" not in page.split('id="canned-replies"')[1].split("</ul>")[0]
    assert client.get(reverse("settings_canned_reply", args=[mine.pk])).status_code == 404
    assert not SettingsChange.objects.exists()


# -- relationship rules --------------------------------------------------------------


def test_owner_changes_when_a_customer_is_lost(as_user, owner):
    response = as_user(owner).post(reverse("settings_relationship_rules"),
                                   {**RULES, "lost_after_days": "180"})  # fmt: skip

    assert response.status_code == 302
    assert RelationshipRules.current().lost_after_days == 180
    assert changes("relationship_rules") == [
        "Changed the relationship rules: days without completed work before a customer is "
        "lost: 365 -> 180."]  # fmt: skip


def test_saving_the_rules_unchanged_records_nothing(as_user, owner):
    as_user(owner).post(reverse("settings_relationship_rules"), RULES)
    assert not SettingsChange.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("lost_after_days", "0"), ("call_every_days_bad", "99999"),
                         ("bad_unresolved_complaints", "two"), ("complaint_window_days", "")]
)  # fmt: skip
def test_a_bad_number_is_shown_next_to_its_rule(as_user, owner, field, value):
    response = as_user(owner).post(reverse("settings_relationship_rules"),
                                   {**RULES, "lost_after_days": "100", field: value})  # fmt: skip

    assert response.status_code == 422
    assert "A whole number from 1 to" in error_next_to(response.content.decode(), field)
    assert RelationshipRules.current().lost_after_days == 365
    assert not SettingsChange.objects.exists()


# -- review sources ------------------------------------------------------------------


def test_owner_adds_a_review_source_and_sees_its_secret_once(as_user, owner):
    client = as_user(owner)
    response = client.post(reverse("settings_review_sources"), {"name": "Google reviews"},
                           follow=True)  # fmt: skip

    source = Integration.objects.get()
    assert source.kind == IntegrationKind.REVIEWS
    page = response.content.decode()
    assert source.secret in page
    assert "/api/reviews/webhook" in page
    assert source.secret not in client.get(reverse("settings_review_sources")).content.decode()
    assert changes("integrations") == ["Added the review platform “Google reviews” with its "
                                       "own secret."]  # fmt: skip


def test_a_review_source_without_a_name_is_shown_next_to_the_name(as_user, owner):
    response = as_user(owner).post(reverse("settings_review_sources"), {"name": "  "})

    assert response.status_code == 422
    assert "Give the integration a name" in error_next_to(response.content.decode(), "name")
    assert not Integration.objects.exists()


def test_owner_makes_a_new_secret_then_removes_the_source(as_user, owner):
    client = as_user(owner)
    client.post(reverse("settings_review_sources"), {"name": "Google reviews"})
    source = Integration.objects.get()

    page = client.post(reverse("settings_review_source_rotate", args=[source.pk]), follow=True)
    rotated = Integration.objects.get()
    assert rotated.previous_secret == source.secret
    assert rotated.secret in page.content.decode()
    client.post(reverse("settings_review_source_remove", args=[source.pk]))

    assert not Integration.objects.exists()
    assert [c.split(";")[0].split(":")[0] for c in changes("integrations")] == [
        "Removed the review platform “Google reviews”",
        "Made a new secret for the review platform “Google reviews”",
        "Added the review platform “Google reviews” with its own secret."]  # fmt: skip


def test_a_mail_relay_is_not_a_review_source(as_user, owner):
    relay = Integration.objects.create(name="Relay", kind=IntegrationKind.INBOUND_MAIL, secret="s")
    client = as_user(owner)

    assert "Relay" not in client.get(reverse("settings_review_sources")).content.decode()
    assert client.post(reverse("settings_review_source_remove", args=[relay.pk])).status_code == 404


# -- reply check (#18's screen, in the hub) ---------------------------------------------


def test_each_reply_check_change_is_in_the_settings_change_log(as_user, owner):
    client = as_user(owner)
    client.post(reverse("coach_rule_settings"), {"action": "save", "category": "harsh_tone",
                                                 "pattern": "it is what it is"})  # fmt: skip
    rule = CoachPhrase.objects.get()
    client.post(reverse("coach_rule_settings"), {"action": "toggle", "rule": rule.pk,
                                                 "active": "0"})  # fmt: skip
    page = client.get(reverse("coach_rule_settings")).content.decode()

    assert changes("reply_check") == ["Harsh tone: “it is what it is” no longer flags.",
                                      "Added “it is what it is” to Harsh tone."]  # fmt: skip
    assert "Added “it is what it is” to Harsh tone." in page
    assert 'aria-label="Set-up sections"' in page


def test_save_is_the_only_primary_button_on_the_reply_check_screen(as_user, owner):
    page = as_user(owner).get(reverse("coach_rule_settings")).content.decode()

    buttons = dict(re.findall(r'<button type="submit" name="action" value="(\w+)"([^>]*)>', page))
    assert 'class="' not in buttons["save"]
    assert buttons["try"] == ' class="secondary"'
    assert buttons["turn_off"] == ' class="secondary button-small push-right"'


def test_the_agents_own_canned_page_shows_a_missing_team_next_to_the_team(as_user, agent):
    response = as_user(agent).post(reverse("canned_new"), {"title": "Photos", "body": "Send "
                                                           "photos please.", "scope": "team"})  # fmt: skip

    assert response.status_code == 422
    assert "Choose the team this reply is for." in error_next_to(response.content.decode(), "team")
    assert not CannedReply.objects.exists()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_work_screens_read_the_same_number_of_rows_however_long_their_lists(as_user, owner):
    client = as_user(owner)
    team = TeamFactory(name="Front desk")
    screens = ["settings_checklists", "settings_canned", "settings_root_causes",
               "settings_review_sources"]  # fmt: skip

    def add(n):
        client.post(reverse("settings_checklists"), {**REPAIRS, "name": f"List {n}"})
        client.post(reverse("settings_canned"), {"title": f"Reply {n}", "body": "Send photos.",
                                                 "scope": "team", "team": team.pk})  # fmt: skip
        client.post(reverse("settings_root_causes"), {"name": f"Cause {n}"})
        client.post(reverse("settings_review_sources"), {"name": f"Source {n}"})

    add(0)
    few = [_queries(client, reverse(name)) for name in screens]
    for n in range(1, 6):
        add(n)
    many = [_queries(client, reverse(name)) for name in screens]

    assert many == few


def test_the_integrations_page_sits_in_the_hub_with_its_change_log(as_user, owner):
    client = as_user(owner)
    client.post(reverse("integration_list"), {"name": "Relay", "kind": "inbound_mail"})
    page = client.get(reverse("integration_list")).content.decode()

    assert 'aria-label="Set-up sections"' in page
    assert "Added the incoming mail relay “Relay” with its own secret." in page
