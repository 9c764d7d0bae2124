"""The owner or agent offering recovery options is told the truth about the mail: "sent"
only while a mail server is set, else that it waits to go out."""

import json

import pytest
from django.urls import reverse

from tests.world import open_case_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("send_mail", [True, False])
def test_offering_options_says_sent_only_when_mail_goes_out(
    send_mail, settings, agent, technician, subcontractor, as_user
):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SEND_MAIL": send_mail}
    case = open_case_for("managers", {"technician": technician, "subcontractor": subcontractor},
                         kind="complaint")  # fmt: skip
    staff = as_user(agent)
    staff.post(f"/api/cases/{case.pk}/messages", json.dumps({"direction": "outbound",
               "body_text": "I am so sorry we let you down. That was our mistake."}),
               content_type="application/json")  # fmt: skip

    page = staff.post(reverse("recovery_step", args=[case.pk, "options"]),
                      {"option": ["Visit tomorrow 8:00, no charge"]}, follow=True)  # fmt: skip

    html = page.content.decode()
    assert ("Options sent to the customer." in html) is send_mail
    assert ("Options saved; the mail to the customer goes out once outgoing mail is set "
            "up" in html) is not send_mail  # fmt: skip
