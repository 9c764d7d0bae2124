"""A real django-helpdesk database, made by django-helpdesk's own code in its own
virtual environment (benchmarks/helpdesk_source.py), and a Zendesk-shaped export."""

import io
import json
import zipfile

import pytest
from benchmarks.helpdesk_source import make_helpdesk_database


@pytest.fixture(scope="session")
def helpdesk_db(tmp_path_factory):
    """50 tickets with 3 follow-ups each, a status change without words on two thirds,
    an attachment on every tenth follow-up; {"url", "media", "made"}."""
    return make_helpdesk_database(tmp_path_factory.mktemp("helpdesk"), tickets=50)


def zendesk_export(tickets: int = 3, with_files: bool = True) -> bytes:
    """A .zip in the shape of Zendesk's export: tickets with comments (the Ticket
    Comments API's fields), users and organizations side-loaded, and attachment files."""
    users = [
        {"id": 1, "name": "Ada Agent", "email": "ada.agent@acme.example", "role": "agent"},
        {"id": 2, "name": "Grace Customer", "email": "grace@customer.example",
         "role": "end-user", "organization_id": 90},
        {"id": 3, "name": "Linus Customer", "email": "linus@other.example", "role": "end-user"},
    ]  # fmt: skip
    orgs = [{"id": 90, "name": "Hopper Heating Ltd"}]
    data = []
    for n in range(tickets):
        tid = 1234 + n
        requester = 2 if n % 2 == 0 else 3
        data.append({
            "url": f"https://acme.zendesk.com/api/v2/tickets/{tid}.json", "id": tid,
            "subject": f"Boiler {n} loses pressure", "status": ["open", "solved", "pending"][n % 3],
            "priority": ["high", None, "low"][n % 3], "type": "incident",
            "requester_id": requester, "assignee_id": 1, "group_id": 7,
            "tags": ["boiler", "vip customer"] if n == 0 else ["boiler"],
            "created_at": f"2025-0{1 + n % 9}-10T09:00:00Z",
            "updated_at": f"2025-0{1 + n % 9}-12T09:00:00Z", "via": {"channel": "email"},
            "comments": [
                {"id": tid * 10 + 1, "type": "Comment", "author_id": requester,
                 "body": "It drops to 0.5 bar overnight.", "html_body": "<p>It drops to <b>0.5 bar</b> overnight.</p>",
                 "public": True, "created_at": f"2025-0{1 + n % 9}-10T09:00:00Z",
                 "via": {"channel": "email", "source": {"from": {"address": "x@y.example"}}},
                 "metadata": {"system": {"message_id": f"<zd-{tid}@customer.example>"}},
                 "attachments": [{"id": 500 + n, "file_name": "gauge.jpg",
                                  "content_type": "image/jpeg", "size": 4,
                                  "content_url": f"https://acme.zendesk.com/attachments/{500 + n}"}]},
                {"id": tid * 10 + 2, "type": "Comment", "author_id": 1,
                 "body": "An engineer will call on Friday.", "public": True,
                 "created_at": f"2025-0{1 + n % 9}-10T11:00:00Z"},
                {"id": tid * 10 + 3, "type": "Comment", "author_id": 1,
                 "body": "Check the expansion vessel.", "public": False,
                 "created_at": f"2025-0{1 + n % 9}-10T11:05:00Z"},
                {"id": tid * 10 + 4, "type": "Comment", "author_id": 1, "body": "",
                 "public": True, "created_at": f"2025-0{1 + n % 9}-10T11:06:00Z"},
            ],
        })  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("tickets.json", "\n".join(json.dumps(t) for t in data))
        archive.writestr("users.json", json.dumps({"users": users}))
        archive.writestr("organizations.json", json.dumps({"organizations": orgs}))
        archive.writestr("groups.json", json.dumps({"groups": [{"id": 7, "name": "Boilers"}]}))
        if with_files:
            archive.writestr("attachments/500/gauge.jpg", b"\xff\xd8\xff\xe0")
    return buffer.getvalue()
