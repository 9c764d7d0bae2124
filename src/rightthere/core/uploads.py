"""Uploads are measured while they stream in, never read whole first.

`LimitedUploadHandler` runs before Django's own handlers: a file that grows past
MAX_ATTACHMENT_BYTES is dropped at that point (the rest of it is read and thrown
away in chunks), and a request whose files together pass MAX_UPLOAD_BYTES stops
being read. Either way the names are kept on the request (`refused_uploads`), so
the page can say which file was too large and keep what the person wrote.
"""

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext


def file_limit() -> int:
    return int(settings.RIGHTTHERE["MAX_ATTACHMENT_BYTES"])


def request_limit() -> int:
    return int(settings.RIGHTTHERE["MAX_UPLOAD_BYTES"])


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.total = 0
        if request is not None and not hasattr(request, "refused_uploads"):
            request.refused_uploads = []

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.size = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.size += len(raw_data)
        self.total += len(raw_data)
        if self.size > file_limit():
            self._refuse(
                gettext("%(name)s is larger than %(limit)s")
                % {"name": repr(self.file_name), "limit": filesizeformat(file_limit())}
            )
            raise SkipFile()
        if self.total > request_limit():
            self._refuse(
                gettext("the files together are larger than %(limit)s")
                % {"limit": filesizeformat(request_limit())}
            )
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file

    def _refuse(self, reason: str) -> None:
        if self.request is not None:
            self.request.refused_uploads.append(reason)  # type: ignore[attr-defined]


def refused_uploads(request: Any) -> list[str]:
    """Why files of this request were not taken (empty when all arrived)."""
    return list(getattr(request, "refused_uploads", []))
