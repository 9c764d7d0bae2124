"""Asking for a rating: once per case, after the delay, by e-mail with two one-click links."""

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection
from django.test import Client

from rightthere.cases.models import Direction, Message, Status
from rightthere.desk import messages as desk_messages
from rightthere.jobs.periodic import JOBS
from rightthere.satisfaction.actions import answer_case
from rightthere.satisfaction.models import SatisfactionRequest
from rightthere.satisfaction.sending import ask_customer, due_cases, send_due_requests
from tests.factories import ContactFactory, make_case
from tests.satisfaction.conftest import AFTER_THE_DELAY, email_link, solve

pytestmark = pytest.mark.django_db


def asked_messages(case):
    return Message.objects.filter(case=case, direction=Direction.OUTBOUND, automatic=True)


def test_customer_is_asked_after_the_delay_and_not_before(solved_case, now):
    case = solved_case()

    too_early = send_due_requests(now + timedelta(hours=23))
    on_time = send_due_requests(now + AFTER_THE_DELAY)

    request = SatisfactionRequest.objects.get(case=case)
    assert (too_early, on_time) == (0, 1)
    assert request.sent_at == now + AFTER_THE_DELAY
    assert request.message == asked_messages(case).get()


def test_customer_is_asked_once_however_often_the_job_runs(solved_case, now):
    case = solved_case()

    first = send_due_requests(now + AFTER_THE_DELAY)
    second = send_due_requests(now + AFTER_THE_DELAY)
    a_day_later = send_due_requests(now + AFTER_THE_DELAY + timedelta(days=1))

    assert (first, second, a_day_later) == (1, 0, 0)
    assert asked_messages(case).count() == 1


def test_a_case_picked_by_two_runs_of_the_job_is_asked_once(solved_case, now):
    case = solved_case()
    later = now + AFTER_THE_DELAY
    picked_by_the_slow_run = list(due_cases(later))

    send_due_requests(later)
    again = ask_customer(picked_by_the_slow_run[0], now=later)

    assert again is None
    assert asked_messages(case).count() == 1


def test_the_database_refuses_a_second_request_for_a_case(solved_case, now):
    case = solved_case()
    send_due_requests(now + AFTER_THE_DELAY)

    with pytest.raises(IntegrityError):
        SatisfactionRequest.objects.create(case=case, sent_at=now)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_job_at_the_same_moment_ask_once():
    case = solve(make_case())
    later = case.solved_at + AFTER_THE_DELAY
    start = threading.Barrier(2)
    results = []

    def worker():
        start.wait()
        results.append(send_due_requests(later))
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [0, 1]
    assert asked_messages(case).count() == 1


def test_the_question_is_mailed_with_a_good_and_a_not_good_link(solved_case, now, run_tasks):
    case = solved_case(subject="Fridge warm")
    send_due_requests(now + AFTER_THE_DELAY)

    run_tasks()

    sent = mail.outbox[-1]
    html = sent.alternatives[0][0]
    assert sent.to == [case.contact.email]
    assert f"Good: http://127.0.0.1:8000{email_link(case, 'good')}" in sent.body
    assert f"Not good: http://127.0.0.1:8000{email_link(case, 'bad')}" in sent.body
    assert f'href="http://127.0.0.1:8000{email_link(case, "good")}"' in html
    assert f'href="http://127.0.0.1:8000{email_link(case, "bad")}"' in html
    assert "change your answer for 7 days" in sent.body


def test_the_link_in_the_mail_works_with_one_click(solved_case, now, run_tasks):
    case = solved_case()
    send_due_requests(now + AFTER_THE_DELAY)
    run_tasks()
    link = re.search(r"Not good: http://127\.0\.0\.1:8000(\S+)", mail.outbox[-1].body)[1]

    response = Client().get(link)

    assert response.status_code == 200
    assert case.satisfaction_answer.rating == "bad"


def test_a_closed_case_is_asked_too(now):
    case = solve(make_case(), Status.CLOSED)

    assert send_due_requests(now + AFTER_THE_DELAY) == 1
    assert SatisfactionRequest.objects.filter(case=case).exists()


def test_a_case_reopened_before_the_delay_is_not_asked(solved_case, now):
    case = solved_case()
    desk_messages.add_message(
        case, actor=None, direction=Direction.INBOUND, body_text="Broken again."
    )

    assert send_due_requests(now + AFTER_THE_DELAY) == 0
    assert not SatisfactionRequest.objects.filter(case=case).exists()


def test_a_case_without_an_email_address_is_not_asked(now):
    case = solve(make_case(contact=ContactFactory(email="")))

    assert send_due_requests(now + AFTER_THE_DELAY) == 0
    assert not SatisfactionRequest.objects.filter(case=case).exists()


def test_a_case_rated_on_the_status_page_before_the_delay_is_not_asked(solved_case, now):
    case = solved_case()
    answer_case(case, actor=None, via="status_page", rating="good", now=now)

    assert send_due_requests(now + AFTER_THE_DELAY) == 0
    assert asked_messages(case).count() == 0


def test_cases_solved_long_before_the_feature_was_switched_on_are_not_asked(solved_case, now):
    solved_case()

    assert send_due_requests(now + AFTER_THE_DELAY + timedelta(days=15)) == 0


def test_the_delay_is_a_setting(solved_case, now, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "CSAT_DELAY_HOURS": 2}
    solved_case()

    assert send_due_requests(now + timedelta(hours=1)) == 0
    assert send_due_requests(now + timedelta(hours=3)) == 1


def test_asking_does_not_reopen_or_stop_the_case(solved_case, now):
    case = solved_case()

    send_due_requests(now + AFTER_THE_DELAY)

    case.refresh_from_db()
    assert case.status == Status.SOLVED


def test_the_worker_asks_every_few_minutes():
    job = JOBS["satisfaction-requests"]

    assert job.every <= timedelta(minutes=10)
    assert job.run() == 0
