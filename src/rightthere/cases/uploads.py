"""Files attached on a web form, as new attachments, or a clear error naming the
file that was too large (it was measured while streaming: `core.uploads`)."""

from django.http import HttpRequest
from django.utils.translation import gettext

from rightthere.cases.actions import NewAttachment
from rightthere.core.errors import InvalidInput
from rightthere.core.uploads import refused_uploads


def attachments_from(request: HttpRequest, field: str = "attachments") -> list[NewAttachment]:
    refused = refused_uploads(request)
    if refused:
        raise InvalidInput(
            gettext("Not sent: %(files)s. Attach a smaller file, or send it by e-mail.")
            % {"files": "; ".join(refused)}
        )
    return [
        NewAttachment(
            filename=f.name or "attachment",
            content=f.read(),  # at most MAX_ATTACHMENT_BYTES: larger ones were refused
            content_type=f.content_type or "application/octet-stream",
        )
        for f in request.FILES.getlist(field)
    ]
