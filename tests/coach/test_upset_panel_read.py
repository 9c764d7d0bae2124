"""The "looks upset" panel's read, compiled once (core.compiled, docs/speed-code.md row
19), gives what the ORM's `MessageSentiment.objects.filter(case=case).order_by("-created_at",
"-id").only(...).first()` gives."""

from rightthere.coach.models import MessageSentiment
from rightthere.coach.panels import upset_panel
from rightthere.core.compiled import forget_compiled
from rightthere.desk import messages as desk_messages
from tests.factories import make_case

CROSS = "Third time I am writing. Still nobody came. If it is not fixed by Friday I want a refund."
FURIOUS = "This is absolutely disgraceful and I am furious. Terrible, awful service!!"


def _orm_latest(case):
    return (
        MessageSentiment.objects.filter(case=case)
        .order_by("-created_at", "-id")
        .only("level", "upset_score", "reasons", "message_id")
        .first()
    )


def test_the_panels_assessment_is_the_orms(agent, django_assert_num_queries):
    forget_compiled()
    calm = make_case(kind="repair", body="The kitchen tap drips a little.")
    upset = make_case(kind="repair")
    for body in ("The boiler is broken.", CROSS, FURIOUS):
        desk_messages.add_message(upset, actor=None, direction="inbound", body_text=body)
    empty = make_case(kind="repair")
    MessageSentiment.objects.filter(case=empty).delete()  # none assessed (older cases)

    with django_assert_num_queries(1):
        panel = upset_panel(agent, upset)
    wanted = _orm_latest(upset)
    assert panel is not None and wanted is not None and wanted.level in ("suggest", "flag")
    shown = panel.context["sentiment"]
    assert (shown.pk, shown.level, shown.upset_score, shown.reasons, shown.message_id) == (
        wanted.pk, wanted.level, wanted.upset_score, wanted.reasons, wanted.message_id,
    )  # fmt: skip
    assert shown.get_deferred_fields() == wanted.get_deferred_fields()
    assert _orm_latest(calm).level not in ("suggest", "flag") and upset_panel(agent, calm) is None
    assert _orm_latest(empty) is None and upset_panel(agent, empty) is None
    forget_compiled()
