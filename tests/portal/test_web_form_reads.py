"""The contact form's rate limit counts with a statement compiled once (core.compiled,
docs/speed-code.md row 22): the count is the ORM's for any address and time, and the
form's accepted submission is stored as `create` stored it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.core.compiled import forget_compiled
from rightthere.portal.intake import accepted_since
from rightthere.portal.models import FormSubmission

pytestmark = pytest.mark.django_db

ADDRESSES = ["10.0.0.1", "10.0.0.2", "2001:db8::1", "2001:0db8:0000::0001", "::ffff:10.0.0.1"]


def _orms_count(address, since):
    return FormSubmission.objects.filter(
        ip_address=address, created_at__gte=since, accepted=True
    ).count()


def test_the_rate_limits_count_is_the_orms_for_each_address_and_time(django_assert_num_queries):
    forget_compiled()
    now = timezone.now()
    for minutes, address, accepted in [
        (1, "10.0.0.1", True), (5, "10.0.0.1", True), (20, "10.0.0.1", True),
        (2, "10.0.0.1", False), (3, "10.0.0.2", True), (4, "2001:db8::1", True),
        (6, "2001:db8::1", False), (7, "::ffff:10.0.0.1", True),
    ]:  # fmt: skip
        FormSubmission.objects.create(ip_address=address, accepted=accepted)
        FormSubmission.objects.filter(pk=FormSubmission.objects.latest("pk").pk).update(
            created_at=now - timedelta(minutes=minutes)
        )

    times = [now - timedelta(minutes=m) for m in (0, 1, 4, 5, 15, 60)]
    wanted = [[_orms_count(address, since) for since in times] for address in ADDRESSES]
    with django_assert_num_queries(len(ADDRESSES) * len(times)):
        found = [[accepted_since(address, since) for since in times] for address in ADDRESSES]

    assert found == wanted
    assert wanted[0] == [0, 1, 1, 2, 2, 3]  # the refused one is not counted
    assert wanted[3] == wanted[2] == [0, 0, 1, 1, 1, 1]  # the same address, written otherwise
    forget_compiled()


def test_the_forms_submission_is_stored_as_create_stores_it(client):
    before = timezone.now()
    client.post(reverse("contact"), {
        "name": "Priya Shah", "email": "priya@example.org",
        "subject": "Oven door will not close", "message": "The hinge looks bent.",
    }, REMOTE_ADDR="2001:db8::7")  # fmt: skip

    stored = FormSubmission.objects.get()
    assert (stored.ip_address, stored.accepted) == ("2001:db8::7", True)
    assert before <= stored.created_at <= timezone.now()
