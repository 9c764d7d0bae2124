"""The case page's reads compiled once (core.compiled, docs/speed-code.md row 19) give
what the ORM gives: the case with its related rows and panel flags, and the timeline's
messages and events, for each kind of user."""

import pytest
from django.db.models import Model, Prefetch, prefetch_related_objects
from django.http import Http404

from rightthere.cases import actions
from rightthere.cases.access import visible_cases
from rightthere.cases.models import Attachment, CaseEvent, EventKind, Message
from rightthere.cases.timeline import _has, case_timeline
from rightthere.cases.views.case_page import _case_for_page
from rightthere.cases.views.panels import PANEL_ROWS, with_panel_flags
from rightthere.core.compiled import forget_compiled
from rightthere.desk import messages as desk_messages
from rightthere.mail.access import sender_warning, with_sender_checks, with_sender_checks_of_case
from tests.factories import PartnerCompanyFactory, UserFactory, make_case
from tests.web.test_case_timeline_html import case_with_everything  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def compiled_afresh():
    forget_compiled()
    yield
    forget_compiled()


def same_row(found: Model | None, expected: Model | None) -> None:
    assert (found is None) == (expected is None)
    if found is None or expected is None:
        return
    assert type(found) is type(expected)
    for field in type(expected)._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert found._state.db == expected._state.db and not found._state.adding


def the_orms_case(user, pk, manager: bool, panels: bool):
    """`_case_for_page`'s query as it was written with the ORM."""
    if manager:
        cases = visible_cases(user).select_related("customer", "contact").prefetch_related("tags")
    else:
        cases = visible_cases(user).select_related("customer", "contact", "assignee", "partner")
    if panels:
        cases = with_panel_flags(cases)
    return cases.filter(pk=pk).first()


def same_case(user, pk, manager: bool, panels: bool, django_assert_num_queries) -> None:
    expected = the_orms_case(user, pk, manager, panels)
    with django_assert_num_queries(2 if manager else 1):
        found = _case_for_page(user, pk, panels=panels)
        related = ["customer", "contact"] if manager else ["customer", "contact", "assignee"]
        for name in related:  # already read: no query
            getattr(found, name)
        if not manager:
            assert found.partner == expected.partner
        tags = [t.name for t in found.tags.all()] if manager else []
    same_row(found, expected)
    for name in related:
        same_row(getattr(found, name), getattr(expected, name))
    if manager:
        assert tags == [t.name for t in expected.tags.all()]
    for flag in PANEL_ROWS if panels else ():
        assert getattr(found, flag) is getattr(expected, flag), flag
    if not panels:
        assert not any(hasattr(found, flag) for flag in PANEL_ROWS)


@pytest.mark.parametrize("panels", [True, False])
def test_the_case_is_what_the_orm_gives_to_each_kind_of_user(
    panels, owner, agent, technician, subcontractor, django_assert_num_queries
):
    partner = subcontractor.partner
    theirs = make_case(subject="Theirs", assignee=technician)
    actions.set_tags(theirs, actor=owner, tags=["boiler", "attic"])
    handed = make_case(subject="Handed over")
    actions.hand_to_partner(handed, actor=owner, partner=partner)
    plain = make_case(subject="Nobody's")
    for case in (theirs, handed, plain):
        for user, manager in ((owner, True), (agent, True)):
            same_case(user, case.pk, manager, panels, django_assert_num_queries)
    same_case(technician, theirs.pk, False, panels, django_assert_num_queries)
    same_case(subcontractor, handed.pk, False, panels, django_assert_num_queries)
    for user, case in ((technician, handed), (technician, plain), (subcontractor, theirs)):
        assert the_orms_case(user, case.pk, False, panels) is None
        with pytest.raises(Http404):
            _case_for_page(user, case.pk, panels=panels)
    other_partner = UserFactory(role="subcontractor", partner=PartnerCompanyFactory())
    with pytest.raises(Http404):
        _case_for_page(other_partner, handed.pk, panels=panels)


def test_an_unknown_or_impossible_case_is_not_found(agent, technician):
    case = make_case(assignee=technician)
    for user in (agent, technician):
        for pk in (case.pk + 1000, 0, -1, 2**63, 10**30):
            with pytest.raises(Http404):
                _case_for_page(user, pk, panels=True)


def test_a_person_who_sees_no_case_is_not_shown_one(db):
    case = make_case()
    for nobody in (UserFactory(role="subcontractor", partner=None), UserFactory(is_active=False)):
        with pytest.raises(Http404):
            _case_for_page(nobody, case.pk, panels=True)


def test_the_timeline_reads_what_the_orm_reads(owner, agent, technician):
    from rightthere.desk import casework

    case = make_case(subject="Cold radiators", assignee=technician)
    other = make_case(subject="Another case")
    desk_messages.add_message(case, actor=agent, direction="outbound", body_text="On our way.")
    desk_messages.add_message(
        case,
        actor=agent,
        direction="note",
        body_text="Part 87161.",
        attachments=[actions.NewAttachment("gauge.jpg", b"jpeg")],
    )
    actions.change_priority(case, actor=owner, priority="high")
    casework.change_status(case, actor=technician, status="waiting_us", waiting_reason="part")
    desk_messages.add_message(other, actor=agent, direction="outbound", body_text="Elsewhere.")

    messages = list(
        Message.objects.filter(case=case)
        .select_related("author", "author_contact")
        .annotate(
            has_files=_has("attachments"),
            has_deliveries=_has("deliveries"),
            has_texts=_has("sms"),
        )
    )
    events = list(
        CaseEvent.objects.filter(case=case).exclude(kind=EventKind.MESSAGE).select_related("actor")
    )
    timeline = case_timeline(case)

    found = [e.message for e in timeline if e.message]
    assert sorted(m.pk for m in found) == sorted(m.pk for m in messages)
    by_id = {m.pk: m for m in found}
    for expected in messages:
        message = by_id[expected.pk]
        same_row(message, expected)
        same_row(message.author, expected.author)
        same_row(message.author_contact, expected.author_contact)
        for flag in ("has_files", "has_deliveries", "has_texts"):
            assert getattr(message, flag) is getattr(expected, flag), flag
    assert any(m.has_files for m in found) and any(m.has_deliveries for m in found)
    shown_events = [e.event for e in timeline if e.event]
    assert [e.pk for e in shown_events] == [e.pk for e in events]
    for event, expected in zip(shown_events, events, strict=True):
        same_row(event, expected)
        same_row(event.actor, expected.actor)
    assert {EventKind.PRIORITY, EventKind.STATUS} <= {e.kind for e in shown_events}


def test_the_timelines_rows_are_stored_as_prefetch_related_objects_stores_them(
    case_with_everything,  # noqa: F811 (the fixture imported above)
    agent,
    django_assert_num_queries,
):
    case, inbound, reply = case_with_everything
    elsewhere = make_case(subject="Another case")
    desk_messages.add_message(elsewhere, actor=agent, direction="outbound", body_text="Else",
                              attachments=[actions.NewAttachment("x.jpg", b"jpeg")])  # fmt: skip
    found = [e.message for e in case_timeline(case) if e.message]
    with_sender_checks_of_case(case.pk, found)
    expected = list(
        Message.objects.filter(case=case).annotate(
            has_files=_has("attachments"), has_deliveries=_has("deliveries"), has_texts=_has("sms")
        )
    )
    files = Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
    prefetch_related_objects(expected, files, "deliveries", "sms")
    with_sender_checks(expected)
    relations = {
        "attachments": "has_files",
        "deliveries": "has_deliveries",
        "sms": "has_texts",
        "inbound_mails": "",
    }

    assert [m.pk for m in found] == [m.pk for m in expected]
    with django_assert_num_queries(0):  # everything the page reads is there
        for message, wanted in zip(found, expected, strict=True):
            for relation, flag in relations.items():
                if flag and not getattr(message, flag):
                    continue
                if not flag and message.direction != "inbound":
                    continue
                rows = list(getattr(message, relation).all())
                wanted_rows = list(getattr(wanted, relation).all())
                assert [r.pk for r in rows] == [r.pk for r in wanted_rows], relation
                key = Message._meta.get_field(relation).field
                for row, wanted_row in zip(rows, wanted_rows, strict=True):
                    assert key.is_cached(row) and getattr(row, key.name) is message
                    loaded = wanted_row.get_deferred_fields()
                    assert row.get_deferred_fields() == loaded
                    for field in type(row)._meta.concrete_fields:
                        if field.attname not in loaded:
                            assert getattr(row, field.attname) == getattr(wanted_row, field.attname)
            assert sender_warning(message) == sender_warning(wanted)
    by_id = {m.pk: m for m in found}
    assert sender_warning(by_id[inbound.pk]) and by_id[inbound.pk].sms.all()
    assert by_id[inbound.pk].attachments.all() and by_id[reply.pk].deliveries.all()
    # A further filter on a stored relation asks the database, as after Django's prefetch.
    assert list(by_id[reply.pk].deliveries.filter(status="failed")) == list(
        reply.deliveries.filter(status="failed")
    )
