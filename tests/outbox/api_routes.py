"""This app's routes for the project-wide permission matrix
(tests/api/test_permissions.py): owners and agents see all outgoing mail; owners alone
see how the mail server is set up and send a test mail through it."""

from tests.api.matrix import MANAGERS_CHANGE as MANAGERS
from tests.api.matrix import OWNERS, route

ROUTES = [
    route("get", "/api/outbox", MANAGERS, query="status=queued"),
    route("get", "/api/outbox/{mail_id}", MANAGERS, mail_id="outbound_mail"),
    route("get", "/api/outgoing-mail", OWNERS),
    # The test mail goes through the test suite's own mail backend (Django's locmem,
    # pytest-django's), never out: the owner's answer is the server's "sent" (200).
    route("post", "/api/outgoing-mail/test", OWNERS, body=lambda w: {"to": "owner@example.com"}),
]


def extend_world(world, owner, agent, technician, subcontractor):
    """A reply queued in the outbox, on a case of its own (a reply on the shared case would
    keep the first-answer promise other routes keep)."""
    from rightthere.desk.messages import send_reply
    from tests.factories import make_case

    message = send_reply(make_case(), actor=owner, body_text="Dan comes on Tuesday at 10:00.")
    return {"outbound_mail": message.deliveries.get().pk}
