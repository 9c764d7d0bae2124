"""`insert_row` and `update_row` write what the ORM would, as one plain statement."""

import inspect
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from rightthere.cases.models import Case, CaseEvent, Message
from rightthere.core.rows import insert_row, insert_rows, update_row
from rightthere.customers.models import Contact, Customer
from rightthere.portal.models import StatusLink
from tests.factories import CustomerFactory, make_case

pytestmark = pytest.mark.django_db


def test_update_row_writes_only_the_named_fields_with_their_types(agent):
    case = make_case(subject="Before")
    due = timezone.now() + timedelta(hours=3)
    case.subject = "Not written"
    case.assignee = agent
    case.next_due_at = due
    case.internal = True

    changed = update_row(case, ["assignee", "next_due_at", "internal"])

    stored = Case.objects.get(pk=case.pk)
    assert changed == 1
    assert (stored.assignee, stored.next_due_at, stored.internal) == (agent, due, True)
    assert stored.subject == "Before"


def test_update_row_of_a_deleted_row_changes_nothing():
    case = make_case()
    Case.objects.filter(pk=case.pk).delete()

    assert update_row(case, ["subject"]) == 0


# Every model written with insert_row/update_row: they must have no save() of their
# own and no save signals, which those functions would skip. Case events have one,
# which only refuses to change a saved event: insert_row never does.
WRITTEN_AS_ROWS = [
    "cases.Case", "cases.Message", "cases.CaseEvent", "mail.InboundMail",
    "promises.Promise", "portal.StatusLink", "outbox.OutboundMail", "coach.MessageSentiment",
    "portal.FormSubmission", "customers.Customer", "customers.Contact",
]  # fmt: skip


@pytest.mark.parametrize("label", WRITTEN_AS_ROWS)
def test_models_written_as_rows_have_no_save_of_their_own_and_no_save_signals(label):
    model = apps.get_model(label)

    assert model.save is Model.save or model is CaseEvent
    assert not pre_save.has_listeners(model)
    assert not post_save.has_listeners(model)


def test_the_case_event_save_only_guards_against_changes():
    source = inspect.getsource(CaseEvent.save)

    assert "AppendOnlyError" in source
    assert source.count("\n") <= 5  # the guard and the call to Model.save, nothing else


def test_insert_row_stores_what_create_would():
    case = make_case()
    at = timezone.now()

    inserted = insert_row(Message(case=case, direction="inbound", body_text="Hi", created_at=at))
    created = Message.objects.create(case=case, direction="inbound", body_text="Hi", created_at=at)

    assert inserted.pk is not None and not inserted._state.adding
    field_names = [f.attname for f in Message._meta.concrete_fields if not f.primary_key]
    read_back = Message.objects.filter(pk__in=[inserted.pk, created.pk]).order_by("pk")
    first, second = (tuple(getattr(m, name) for name in field_names) for m in read_back)
    assert first == second
    assert inserted.automatic is False  # the model's default


def test_insert_rows_writes_several_rows_in_one_statement_and_keeps_their_order(
    django_assert_num_queries,
):
    case = make_case()
    at = timezone.now()
    events = [CaseEvent(case=case, kind="tags", after=f"tag {n}", created_at=at) for n in range(3)]

    with django_assert_num_queries(1):
        insert_rows(events)

    stored = dict(
        CaseEvent.objects.filter(pk__in=[e.pk for e in events]).values_list("pk", "after")
    )
    assert [stored[event.pk] for event in events] == ["tag 0", "tag 1", "tag 2"]
    assert not any(event._state.adding for event in events)
    with pytest.raises(ValueError, match="new rows"):
        insert_rows(events)


def test_insert_row_raises_the_database_error_of_a_duplicate():
    case = make_case()
    insert_row(StatusLink(case=case))

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_row(StatusLink(case=case))  # one live link per case


def _columns(row, leave_out=()):
    return {f.attname: getattr(row, f.attname) for f in type(row)._meta.concrete_fields
            if not f.primary_key and f.attname not in leave_out}  # fmt: skip


@pytest.mark.parametrize("model", [Customer, Contact])
def test_a_new_customer_and_contact_are_stored_as_create_stores_them(agent, model):
    """The web form's and mail's new sender (customers.actions: insert_row)."""
    customer = CustomerFactory()
    fields = {
        Customer: {"name": "Priya Shah", "kind": "business", "internal": False,
                   "account_owner": agent, "address": "1 Mill Lane", "language": "de"},
        Contact: {"customer": customer, "name": "Priya", "email": "p@example.org",
                  "phone": "+447700900123", "language": "en"},
    }[model]  # fmt: skip

    inserted = insert_row(model(**fields))
    created = model.objects.create(**fields)

    dates = [f.attname for f in model._meta.concrete_fields if f.attname.endswith("_at")]
    stored_inserted, stored_created = model.objects.filter(
        pk__in=[inserted.pk, created.pk]
    ).order_by("pk")
    assert _columns(stored_inserted, dates) == _columns(stored_created, dates)
    assert _columns(inserted) == _columns(stored_inserted)  # the instance as stored, dates too
    assert (inserted._state.adding, inserted._state.db) == (False, created._state.db)
