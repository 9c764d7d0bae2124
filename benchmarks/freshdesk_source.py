"""A Freshdesk export as its REST API v2 answers (developers.freshdesk.com/api: View a
Ticket, List All Conversations of a Ticket, Contacts, Agents, Companies, Groups), for
the moving-in tests and benchmark. Freshdesk itself is a hosted service out of reach
here, so the export is written from its documented objects, not from our own models.

The layout is the one docs/moving-in.md describes: a .zip with tickets.json,
contacts.json, agents.json, companies.json, groups.json, conversations/<ticket id>.json
and attachments/<attachment id>/<file name>.
"""

import io
import json
import zipfile
from typing import Any

DOMAIN = "https://acme.freshdesk.com"


def _stamp(n: int, hour: int) -> str:
    return f"2025-{1 + n % 9:02d}-{10 + n % 15:02d}T{hour:02d}:{n % 60:02d}:00Z"


def _attachment(aid: int, name: str, tid: int) -> dict[str, Any]:
    return {"id": aid, "name": name, "content_type": "image/jpeg", "size": 4,
            "created_at": _stamp(tid, 9), "updated_at": _stamp(tid, 9),
            "attachment_url": f"https://s3.amazonaws.com/cdn.freshdesk.com/data/helpdesk/"
                              f"attachments/production/{aid}/original/{name}"}  # fmt: skip


def freshdesk_export(tickets: int = 3, with_files: bool = True) -> bytes:
    """`tickets` tickets, each with a description (its first message, a photo on every
    second ticket), the customer's reply, an agent's reply and a private note, and one
    conversation without words; two agents, contacts under a company and on their own,
    two groups. Returns the .zip's bytes."""
    agents = [
        {"id": 19000000001, "available": True, "occasional": False, "ticket_scope": 1,
         "contact": {"name": "Ada Agent", "email": "ada.agent@acme.example", "active": True}},
        {"id": 19000000002, "available": True, "occasional": False, "ticket_scope": 1,
         "contact": {"name": "Bo Backline", "email": "bo@acme.example", "active": True}},
    ]  # fmt: skip
    companies = [{"id": 8000000001, "name": "Hopper Heating Ltd", "domains": ["hopper.example"],
                  "created_at": _stamp(0, 8), "updated_at": _stamp(0, 8)}]  # fmt: skip
    contacts = [
        {"id": 7000000000 + n, "name": f"Customer {n}", "email": f"customer{n}@people.example",
         "phone": None, "mobile": f"+44 7700 900{n % 1000:03d}" if n % 3 == 0 else None,
         "company_id": 8000000001 if n % 4 == 0 else None, "active": True,
         "created_at": _stamp(n, 8), "updated_at": _stamp(n, 8)}
        for n in range(max(1, tickets // 2))
    ]  # fmt: skip
    groups = [{"id": 5000000001, "name": "Boilers"}, {"id": 5000000002, "name": "Billing"}]
    data, conversations, files = [], {}, {}
    for n in range(tickets):
        tid = 1000 + n
        requester = contacts[n % len(contacts)]
        agent = agents[n % 2]["id"]
        photo = [_attachment(600000 + n, "gauge.jpg", n)] if n % 2 == 0 else []
        if photo and with_files:
            files[f"attachments/{600000 + n}/gauge.jpg"] = b"\xff\xd8\xff\xe0"
        data.append({
            "id": tid, "subject": f"Boiler {n} loses pressure", "type": "Incident",
            "description": "<div>It drops to <b>0.5 bar</b> overnight.</div>",
            "description_text": "It drops to 0.5 bar overnight.",
            "status": [2, 4, 3, 5][n % 4], "priority": [3, 2, 1, 4][n % 4],
            "source": [1, 2, 3][n % 3], "requester_id": requester["id"],
            "responder_id": agent, "group_id": groups[n % 2]["id"],
            "company_id": requester["company_id"], "tags": ["boiler", "vip customer"]
            if n == 0 else ["boiler"], "cc_emails": [], "fwd_emails": [], "reply_cc_emails": [],
            "fr_escalated": False, "spam": False, "is_escalated": False,
            "created_at": _stamp(n, 9), "updated_at": _stamp(n, 15),
            "due_by": _stamp(n, 17), "fr_due_by": _stamp(n, 13), "attachments": photo,
        })  # fmt: skip
        conversations[tid] = [
            {"id": tid * 10 + 1, "body": "<div>Still low this morning.</div>",
             "body_text": "Still low this morning.", "incoming": True, "private": False,
             "user_id": requester["id"], "support_email": "support@acme.example",
             "source": 0, "ticket_id": tid, "from_email": requester["email"],
             "to_emails": ["support@acme.example"], "cc_emails": [], "bcc_emails": [],
             "created_at": _stamp(n, 10), "updated_at": _stamp(n, 10), "attachments": []},
            {"id": tid * 10 + 2, "body": "<div>An engineer will call on Friday.</div>",
             "body_text": "An engineer will call on Friday.", "incoming": False,
             "private": False, "user_id": agent, "support_email": "support@acme.example",
             "source": 0, "ticket_id": tid, "from_email": "support@acme.example",
             "to_emails": [requester["email"]], "cc_emails": [], "bcc_emails": [],
             "created_at": _stamp(n, 11), "updated_at": _stamp(n, 11), "attachments": []},
            {"id": tid * 10 + 3, "body": "<div>Check the expansion vessel.</div>",
             "body_text": "Check the expansion vessel.", "incoming": False, "private": True,
             "user_id": agent, "source": 2, "ticket_id": tid, "to_emails": [],
             "created_at": _stamp(n, 12), "updated_at": _stamp(n, 12), "attachments": []},
            {"id": tid * 10 + 4, "body": "", "body_text": "", "incoming": False,
             "private": True, "user_id": agent, "source": 2, "ticket_id": tid,
             "created_at": _stamp(n, 13), "updated_at": _stamp(n, 13), "attachments": []},
        ]  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("tickets.json", json.dumps(data))
        archive.writestr("contacts.json", json.dumps(contacts))
        archive.writestr("agents.json", json.dumps(agents))
        archive.writestr("companies.json", json.dumps(companies))
        archive.writestr("groups.json", json.dumps(groups))
        for tid, items in conversations.items():
            archive.writestr(f"conversations/{tid}.json", json.dumps(items))
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def expected_counts(tickets: int) -> dict[str, int]:
    """What an import of `freshdesk_export(tickets)` adds: 4 messages a ticket (the
    description and three conversations; the empty one is skipped), a photo on every
    second ticket."""
    return {"cases": tickets, "messages": tickets * 4, "attachments": (tickets + 1) // 2}
