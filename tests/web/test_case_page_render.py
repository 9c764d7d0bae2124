"""What keeps the case page's rendering cheap (#23), checked without timing it."""

import pytest
from django.db.models import Model
from django.urls import reverse

from rightthere.cases import actions
from rightthere.desk import messages as desk_messages
from tests.factories import ContactFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_with_timeline(owner, technician):
    case = make_case(assignee=technician)
    contact = ContactFactory(customer=case.customer)
    for i in range(4):
        inbound = i % 2 == 0
        desk_messages.add_message(
            case,
            actor=None if inbound else owner,
            author_contact=contact if inbound else None,
            direction="inbound" if inbound else "outbound",
            body_text=f"Message number {i}",
        )
    actions.change_priority(case, actor=owner, priority="high")
    return case


@pytest.mark.parametrize("role", ["agent", "technician"])
def test_the_timeline_labels_are_read_without_get_foo_display(
    role, request, case_with_timeline, as_user, monkeypatch
):
    """Django's get_FOO_display translates all of a field's choices on every call (a
    third of the page's translation look-ups): the page uses the `label` filter."""
    calls = []
    original = Model._get_FIELD_display
    monkeypatch.setattr(
        Model,
        "_get_FIELD_display",
        lambda self, field: calls.append(field) or original(self, field),
    )
    client = as_user(request.getfixturevalue(role))

    html = client.get(reverse("case_detail", args=[case_with_timeline.pk])).content.decode()

    assert calls == []
    assert html.count('<span class="msg-kind">From the customer</span>') >= 2
    assert html.count('<span class="msg-kind">Reply to the customer</span>') == 2
    assert "changed priority from <b>Normal</b> to <b>High</b>" in html


def timeline(html: str) -> str:
    start = html.index('<section class="timeline"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def label_calls(monkeypatch):
    """The fields whose choice label the page looked up, in order."""
    from rightthere.cases.templatetags import case_tags

    calls = []
    original = case_tags.choice_label
    monkeypatch.setattr(
        case_tags, "choice_label", lambda obj, name: calls.append(name) or original(obj, name)
    )
    return calls


def test_the_timeline_is_rendered_once_then_read_from_the_cache(
    case_with_timeline, agent, as_user, label_calls
):
    """Events and message heads do not change: the second view reads them from the
    "template_fragments" cache (their kind and direction labels are not looked up again)."""
    client = as_user(agent)
    url = reverse("case_detail", args=[case_with_timeline.pk])

    first = client.get(url).content.decode()
    first_labels = [name for name in label_calls if name in ("kind", "direction")]
    label_calls.clear()
    second = client.get(url).content.decode()

    assert "kind" in first_labels and "direction" in first_labels
    assert [name for name in label_calls if name in ("kind", "direction")] == []
    assert timeline(second) == timeline(first)


def test_a_renamed_person_and_another_language_are_not_served_from_the_cache(
    case_with_timeline, owner, agent, as_user
):
    client = as_user(agent)
    url = reverse("case_detail", args=[case_with_timeline.pk])
    client.get(url)

    owner.first_name, owner.last_name = "Olga", "Renamed"
    owner.save()
    renamed = client.get(url).content.decode()
    german = client.get(url, headers={"accept-language": "de"}).content.decode()

    assert "Olga Renamed" in renamed
    assert renamed.count("Olga Renamed") == german.count("Olga Renamed")
    assert "changed priority from <b>Normal</b> to <b>High</b>" in renamed


def test_a_reply_whose_mail_fails_after_the_first_view_shows_the_failure_at_once(
    case_with_timeline, agent, as_user
):
    """A message's whole entry comes from the cache, keyed on what can still change:
    its mail's delivery (and its texts', and its sender check)."""
    from rightthere.outbox.models import DeliveryStatus, OutboundMail

    client = as_user(agent)
    url = reverse("case_detail", args=[case_with_timeline.pk])
    before = timeline(client.get(url).content.decode())
    OutboundMail.objects.filter(case=case_with_timeline).update(
        status=DeliveryStatus.FAILED, last_error="550 mailbox unavailable"
    )

    after = timeline(client.get(url).content.decode())

    assert "550 mailbox unavailable" not in before
    assert after.count("Failed to ") == 2
    assert after.count("— 550 mailbox unavailable") == 2


@pytest.fixture
def fragment_reads(monkeypatch):
    """The names of the "template_fragments" read, in order."""
    from django.core.cache import caches

    fragments = caches["template_fragments"]
    names: list[str] = []
    original = fragments.get
    monkeypatch.setattr(
        fragments,
        "get",
        lambda key, *args, **kwargs: (
            names.append(key.split(".")[2]) or original(key, *args, **kwargs)
        ),
    )
    return names


def test_an_unchanged_timeline_is_one_cache_read(
    case_with_timeline, agent, as_user, fragment_reads
):
    client = as_user(agent)
    url = reverse("case_detail", args=[case_with_timeline.pk])
    first = client.get(url).content.decode()
    fragment_reads.clear()

    second = client.get(url).content.decode()

    assert fragment_reads.count("timeline") == 1
    assert "timeline_message" not in fragment_reads and "timeline_event" not in fragment_reads
    assert timeline(second) == timeline(first)


def test_a_note_and_a_status_change_after_the_first_view_show_at_once(
    case_with_timeline, agent, technician, as_user
):
    from rightthere.desk import casework

    client = as_user(agent)
    url = reverse("case_detail", args=[case_with_timeline.pk])
    before = timeline(client.get(url).content.decode())
    desk_messages.add_note(case_with_timeline, actor=agent, body_text="Valve ordered")
    casework.change_status(case_with_timeline, actor=technician, status="waiting_customer",
                           waiting_reason="information")  # fmt: skip

    after = timeline(client.get(url).content.decode())

    assert "Valve ordered" not in before
    assert "Valve ordered" in after
    assert "to <b>Waiting on customer</b>" in after
    assert after.count('class="msg msg-') == before.count('class="msg msg-') + 1


def test_the_canned_reply_search_is_each_cases_own(case_with_timeline, owner, agent, as_user):
    """The picker around it is kept once per language, for every case."""
    other = make_case()
    client = as_user(agent)

    first = client.get(reverse("case_detail", args=[case_with_timeline.pk])).content.decode()
    second = client.get(reverse("case_detail", args=[other.pk])).content.decode()

    assert f'hx-get="{reverse("canned_picker", args=[case_with_timeline.pk])}"' in first
    assert f'hx-get="{reverse("canned_picker", args=[other.pk])}"' in second
    assert reverse("canned_picker", args=[case_with_timeline.pk]) not in second
    assert second.count('id="canned-picker"') == 1


def test_each_header_field_posts_to_its_own_url(case_with_timeline, owner, as_user):
    """The header's URLs are reversed once and written around the case's id (#23)."""
    page = as_user(owner).get(reverse("case_detail", args=[case_with_timeline.pk])).content
    html = page.decode()

    for field in ["status", "priority", "kind", "assignee", "team", "tags"]:
        url = reverse("case_update_field", args=[case_with_timeline.pk, field])
        assert html.count(f'action="{url}" hx-post="{url}"') == 1, field
