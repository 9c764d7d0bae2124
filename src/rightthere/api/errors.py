"""Every error the API gives is JSON: {"detail": "...", "code": "..."} (plus field errors).

Action errors keep their own status (400, 403, 409); bad requests are 400
(unreadable JSON) or 422 (wrong fields), each naming the field at fault.
"""

import json
import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import RequestDataTooBig
from django.db import DataError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from rightthere.accounts.api_auth import CsrfRefused
from rightthere.core.errors import CaseError

E = TypeVar("E", bound=Exception)

logger = logging.getLogger("rightthere.api")

CODES_BY_STATUS = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    429: "throttled",
}


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(
        request: HttpRequest, status: int, detail: str, code: str, **extra: Any
    ) -> HttpResponse:
        return api.create_response(
            request, {"detail": detail, "code": code, **extra}, status=status
        )

    def case_error(request: HttpRequest, exc: CaseError) -> HttpResponse:
        return respond(request, exc.http_status, exc.message, exc.code)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        detail = str(exc) or "Not found"
        return respond(request, 404, detail.rstrip(".") + ".", "not_found")

    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [_field_error(error) for error in exc.errors]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return respond(request, 422, detail, "invalid", errors=errors)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError):
            response = respond(
                request,
                401,
                "Log in, or send an API token as 'Authorization: Bearer <key>'.",
                "unauthenticated",
            )
            response["WWW-Authenticate"] = 'Bearer realm="api"'
            return response
        if isinstance(exc, CsrfRefused):
            return respond(request, 403, exc.message, "csrf")
        if exc.status_code == 400 and exc.message.startswith("Cannot parse request body"):
            return respond(request, 400, _unreadable_body(exc.__cause__), "invalid_json")
        code = CODES_BY_STATUS.get(exc.status_code, "error")
        return respond(request, exc.status_code, exc.message, code)

    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, "The request body is too large.", "too_large")

    _handle(api, CaseError, case_error)
    _handle(api, Http404, not_found)
    _handle(api, ValidationError, validation_error)
    _handle(api, HttpError, http_error)

    def out_of_range(request: HttpRequest, exc: DataError) -> HttpResponse:
        # e.g. a UTC offset PostgreSQL cannot store: the value is the problem, not us.
        return respond(
            request, 400, "A value is out of the range the database can store.", "invalid"
        )

    def database_down(request: HttpRequest, exc: OperationalError) -> HttpResponse:
        return respond(
            request, 503, "The database is not reachable right now; try again shortly.",
            "unavailable",
        )  # fmt: skip

    def number_out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # e.g. an id of 20 digits in the path: SQLite cannot even compare it.
        return respond(request, 400, "A number in the request is out of range.", "invalid")

    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Any other exception is our bug: logged with its traceback (as Django logs a
        # page's 500), answered as JSON in every mode, never as Django's HTML page.
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return respond(
            request, 500,
            "Something went wrong on our side. It has been logged; please try again, "
            "and tell the desk's administrator if it keeps happening.",
            "server_error",
        )  # fmt: skip

    _handle(api, RequestDataTooBig, too_large)
    _handle(api, DataError, out_of_range)
    _handle(api, OperationalError, database_down)
    _handle(api, OverflowError, number_out_of_range)
    _handle(api, Exception, server_error)


def _handle(
    api: NinjaAPI, exc_class: type[E], handler: Callable[[HttpRequest, E], HttpResponse]
) -> None:
    # ninja types handlers as also taking the exception class; they only get instances.
    api.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]


def _field_error(error: dict[str, Any]) -> dict[str, str]:
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    return {"field": _field_name(error.get("loc", ())), "message": message}


def _field_name(loc: Sequence[object]) -> str:
    """('body', 'payload', 'tags', 2) -> 'tags.2'; ('query', 'limit') -> 'limit'."""
    parts = list(loc)
    source = parts.pop(0) if parts else "body"
    if source == "body" and parts:
        parts.pop(0)  # the name of the route's body argument, not a field of the request
    return ".".join(str(part) for part in parts) or str(source)


def _unreadable_body(cause: BaseException | None) -> str:
    if isinstance(cause, json.JSONDecodeError):
        return (
            f"The request body is not valid JSON: {cause.msg} "
            f"(line {cause.lineno}, column {cause.colno})."
        )
    return "The request body is not valid JSON (it must be UTF-8 encoded)."
