"""The API object: django-ninja's, with its OpenAPI document built once per process.

The document describes routes fixed at import time, yet ninja rebuilds it (every schema
of every route, some 400 kB) on each GET /api/openapi.json - seconds on a busy machine,
so the docs page sat waiting for it. It is kept per path prefix; callers read it and
must not change it.
"""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema


class RightthereAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._documents: dict[tuple[str | None, tuple[tuple[str, Any], ...]], OpenAPISchema] = {}

    def get_openapi_schema(
        self,
        *,
        path_prefix: str | None = None,
        path_params: dict[str, Any] | None = None,
    ) -> OpenAPISchema:
        key = (path_prefix, tuple(sorted((path_params or {}).items())))
        document = self._documents.get(key)
        if document is None:
            document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            self._documents[key] = document
        return document
