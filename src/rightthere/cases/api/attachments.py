"""/api/attachments/{id}: a file on a case's message (a photo, a visit's .ics invite),
for whoever may see the case, as the case page's download link."""

from django.http import FileResponse, HttpRequest
from ninja import Router

from rightthere.accounts.api_auth import current_user
from rightthere.cases.access import access_attachment
from rightthere.core.api.schemas import error_responses

router = Router(tags=["cases"])


@router.get(
    "/attachments/{attachment_id}",
    # The file is the 200 answer (a FileResponse, sent as it is); it is described here
    # alone, with the status as a number like ninja's own, so the document has one 200.
    response=error_responses(404),
    openapi_extra={
        "responses": {
            200: {
                "description": "The file itself, as an attachment with its file name.",
                "content": {"application/octet-stream": {"schema": {"type": "string",
                                                                    "format": "binary"}}},
            }
        }
    },
)  # fmt: skip
def download_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Download an attachment (ids are in each message's `attachments`)."""
    attachment = access_attachment(current_user(request), attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
    )
