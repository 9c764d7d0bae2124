"""Preferences decide what reaches a person: in the app, mail at once, a daily digest, or
nothing; the digest job and the mail task are idempotent."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from rightthere.desk import messages
from rightthere.jobs.periodic import JOBS
from rightthere.notifications.digest import send_digests
from rightthere.notifications.models import DigestSent, Notification, NotificationPreference
from rightthere.notifications.tasks import mail_notifications
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def choose(user, **kinds):
    for kind, delivery in kinds.items():
        NotificationPreference.objects.create(user=user, kind=kind, delivery=delivery)


def at(hour, days=0):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def test_by_default_a_customer_reply_comes_by_mail_at_once_after_the_commit(
    agent, run_tasks, mailoutbox
):
    case = make_case(assignee=agent)

    messages.add_customer_message(case, actor=None, body_text="Friday works.")
    assert mailoutbox == []  # not before the commit
    run_tasks()

    [mail] = mailoutbox
    assert mail.to == [agent.email]
    assert mail.subject == f"{case.customer.name} replied on {case.reference} {case.subject}"
    assert f"/cases/{case.pk}/" in mail.body
    assert "/notifications/settings/" in mail.body
    assert Notification.objects.get(recipient=agent).mailed_at is not None


def test_in_the_app_only_sends_no_mail(agent, run_tasks, mailoutbox):
    choose(agent, customer_replied="app")
    case = make_case(assignee=agent)

    messages.add_customer_message(case, actor=None, body_text="Friday works.")
    run_tasks()

    assert mailoutbox == []
    assert Notification.objects.filter(recipient=agent).count() == 1


def test_off_makes_no_notification_at_all(agent, run_tasks, mailoutbox):
    choose(agent, customer_replied="off")
    case = make_case(assignee=agent)

    messages.add_customer_message(case, actor=None, body_text="Friday works.")
    run_tasks()

    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_one_read_in_the_app_before_the_mail_went_is_not_mailed(agent, run_tasks, mailoutbox):
    case = make_case(assignee=agent)
    messages.add_customer_message(case, actor=None, body_text="Friday works.")
    Notification.objects.update(read_at=timezone.now())

    run_tasks()

    assert mailoutbox == []


def test_the_mail_task_run_twice_mails_once(agent, tell, mailoutbox):
    row = tell(agent)

    mail_notifications.call([row.pk])
    mail_notifications.call([row.pk])

    assert len(mailoutbox) == 1


def test_the_digest_mails_the_days_unread_digest_kinds_once(
    agent, owner, tell, run_tasks, mailoutbox
):  # noqa: E501
    choose(agent, customer_replied="digest", mentioned="digest")
    first, second = (
        tell(agent, "Mrs Cole replied"),
        tell(agent, "Adam mentioned you", kind="mentioned"),
    )
    seen = tell(agent, "Mr Jones replied")
    Notification.objects.filter(pk=seen.pk).update(read_at=timezone.now())
    tell(agent, "A visit moved", kind="visit_moved")  # in the app only
    tell(owner, "Not in anyone's digest")
    run_tasks()
    mailoutbox.clear()  # the owner's reply by mail at once

    assert send_digests(at(6)) == {"digests": 0}  # before the digest hour
    assert send_digests(at(8)) == {"digests": 1}
    assert send_digests(at(9)) == {"digests": 0}  # the job runs again that day
    run_tasks()

    [mail] = mailoutbox
    assert mail.to == [agent.email]
    assert mail.subject.startswith("Rightthere: 2 unread notifications")
    assert "Mrs Cole replied" in mail.body and "Adam mentioned you" in mail.body
    assert "Mr Jones" not in mail.body and "A visit moved" not in mail.body
    digest = DigestSent.objects.get(user=agent)
    assert (digest.day, digest.count) == (timezone.localdate(), 2)
    assert set(digest.notifications.values_list("pk", flat=True)) == {first.pk, second.pk}


def test_the_next_days_digest_has_only_what_came_since(agent, tell, run_tasks, mailoutbox):
    choose(agent, customer_replied="digest")
    tell(agent, "Day one")
    send_digests(at(8))
    tell(agent, "Day two")

    assert send_digests(at(8, days=1)) == {"digests": 1}
    run_tasks()

    assert ["Day one" in m.body and "Day two" not in m.body for m in mailoutbox] == [True, False]
    assert "Day two" in mailoutbox[1].body and "Day one" not in mailoutbox[1].body


def test_no_digest_is_recorded_for_a_day_with_nothing_unread(agent, tell):
    choose(agent, customer_replied="digest")
    Notification.objects.filter(pk=tell(agent).pk).update(read_at=timezone.now())

    assert send_digests(at(8)) == {"digests": 0}
    assert DigestSent.objects.count() == 0


def test_the_digest_is_a_periodic_job(agent, tell, run_tasks, mailoutbox, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "NOTIFICATION_DIGEST_HOUR": 0}
    choose(agent, customer_replied="digest")
    tell(agent)

    first, again = JOBS["notification-digests"].run(), JOBS["notification-digests"].run()
    run_tasks()

    assert (first, again) == ({"digests": 1}, {"digests": 0})
    assert len(mailoutbox) == 1


def test_the_command_sends_digests_now_whatever_the_hour(
    agent, tell, run_tasks, mailoutbox, settings
):  # noqa: E501
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "NOTIFICATION_DIGEST_HOUR": 24}
    choose(agent, customer_replied="digest")
    tell(agent)
    out = StringIO()

    call_command("notifications", "--digest", stdout=out)
    call_command("notifications", "--digest", stdout=out)
    run_tasks()

    assert out.getvalue() == "Digests queued: 1.\nDigests queued: 0.\n"
    assert len(mailoutbox) == 1


def test_the_command_lists_a_persons_unread_and_marks_them_read(agent, tell):
    tell(agent, "Mrs Cole replied")
    out = StringIO()

    call_command("notifications", "--user", agent.username, "--mark-read", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == f"{agent.display_name}: 1 unread."
    assert lines[1].startswith("* ") and "Mrs Cole replied" in lines[1]
    assert lines[2] == "Marked 1 read."
    assert Notification.objects.filter(read_at=None).count() == 0


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ([], "Say what to do"),
        (["--user", "nobody"], "No user called 'nobody'"),
        (["--user", "adam", "--limit", "0"], "--limit must be at least 1"),
    ],
)
def test_the_command_says_what_is_wrong(agent, args, error):
    with pytest.raises(CommandError, match=error):
        call_command("notifications", *args)
