"""What the uploaded exports (Zendesk's, Freshdesk's) have in common: UTF-8 text, JSON
as one document or one per line, attachment files found in the .zip by their id and
name, and the preview's first rows."""

import json
from typing import Any

from django.utils.translation import gettext

from rightthere.core.errors import InvalidInput
from rightthere.moving_in import records


def text_of(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(gettext("Save the file as UTF-8 text.")) from None


def json_documents(text: str, where: str, upload_hint: str) -> list[Any]:
    """The file as one JSON document, or as one per line; a line that is not JSON is
    refused with its number."""
    text = text.strip()
    if not text:
        return []
    try:
        return [json.loads(text)]
    except json.JSONDecodeError as whole_error:
        documents = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    documents.append(json.loads(line))
                except json.JSONDecodeError:
                    said = {"file": where, "number": number, "error": whole_error.msg,
                            "hint": upload_hint}  # fmt: skip
                    raise InvalidInput(
                        gettext("%(file)s, line %(number)s is not JSON (%(error)s). %(hint)s")
                        % said
                        if where
                        else gettext("Line %(number)s is not JSON (%(error)s). %(hint)s") % said
                    ) from None
        return documents


def attachment(files: dict[str, bytes], a: dict[str, Any], name_field: str,
               url_field: str) -> records.Attachment:  # fmt: skip
    """An attachment whose file is read from the upload's attachments/<id>/<name>; the
    export's own URL to it is never fetched."""
    aid = "" if a.get("id") in (None, "") else str(a["id"])
    name = a.get(name_field) or "attachment"

    def read() -> tuple[bytes | None, str]:
        for key in (f"attachments/{aid}/{name}", f"attachments/{name}"):
            if key in files:
                return files[key], ""
        for key, content in files.items():
            if key.startswith(f"attachments/{aid}/"):
                return content, ""
        return None, (f"its file is not in the upload (put it in the .zip as "
                      f"attachments/{aid}/{name}; the {url_field} is not fetched)")  # fmt: skip

    return records.Attachment(aid, name, a.get("content_type") or "application/octet-stream", read)


def preview_rows(tickets: list[records.Ticket],
                 people: list[records.Person]) -> list[records.PreviewRow]:  # fmt: skip
    by_id = {p.source_id: p for p in people}
    rows = []
    for t in tickets:
        person = by_id.get(t.person_id)
        rows.append(records.PreviewRow(
            t.reference, t.subject, (person.email or person.name) if person else "",
            t.status, len(t.messages), sum(len(m.attachments) for m in t.messages),
            t.created_at.isoformat(timespec="minutes"),
        ))  # fmt: skip
    return rows
