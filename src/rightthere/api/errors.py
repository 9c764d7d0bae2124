"""Every error the API gives is JSON: {"detail": "...", "code": "..."} (plus field errors).

Action errors keep their own status (400, 403, 409); bad requests are 400
(unreadable JSON) or 422 (wrong fields), each naming the field at fault.

`detail` and the field errors' `message` are for people, in the language of the request
(the business's language, set by the accounts middleware); `code` and `field` are for
programs and never translated. The action errors arrive translated already (their message is
made when raised); pydantic's own messages are replaced by ours where we have a translation.
"""

import json
import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import RequestDataTooBig
from django.db import DataError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language, gettext, gettext_noop, ngettext_lazy
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
        detail = str(exc) or gettext("Not found")
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
                gettext("Log in, or send an API token as 'Authorization: Bearer <key>'."),
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
        return respond(request, 413, gettext("The request body is too large."), "too_large")

    _handle(api, CaseError, case_error)
    _handle(api, Http404, not_found)
    _handle(api, ValidationError, validation_error)
    _handle(api, HttpError, http_error)

    def out_of_range(request: HttpRequest, exc: DataError) -> HttpResponse:
        # e.g. a UTC offset PostgreSQL cannot store: the value is the problem, not us.
        return respond(
            request, 400, gettext("A value is out of the range the database can store."), "invalid"
        )

    def database_down(request: HttpRequest, exc: OperationalError) -> HttpResponse:
        return respond(
            request, 503, gettext("The database is not reachable right now; try again shortly."),
            "unavailable",
        )  # fmt: skip

    def number_out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # e.g. an id of 20 digits in the path: SQLite cannot even compare it.
        return respond(request, 400, gettext("A number in the request is out of range."), "invalid")

    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Any other exception is our bug: logged with its traceback (as Django logs a
        # page's 500), answered as JSON in every mode, never as Django's HTML page.
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return respond(
            request, 500,
            gettext("Something went wrong on our side. It has been logged; please try again, "
                    "and tell the desk's administrator if it keeps happening."),
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
    return {"field": _field_name(error.get("loc", ())), "message": _field_message(error)}


# pydantic's messages by error type, in its own English wording (so that English answers
# stay exactly pydantic's) with its {placeholders} as %(placeholders)s, to translate.
PYDANTIC_MESSAGES = {
    "missing": gettext_noop("Field required"),
    "extra_forbidden": gettext_noop("Extra inputs are not permitted"),
    "int_type": gettext_noop("Input should be a valid integer"),
    "int_parsing": gettext_noop(
        "Input should be a valid integer, unable to parse string as an integer"
    ),
    "int_from_float": gettext_noop("Input should be a valid integer, got a number with a "
                                   "fractional part"),
    "float_parsing": gettext_noop(
        "Input should be a valid number, unable to parse string as a number"
    ),
    "string_type": gettext_noop("Input should be a valid string"),
    "bool_type": gettext_noop("Input should be a valid boolean"),
    "bool_parsing": gettext_noop("Input should be a valid boolean, unable to interpret input"),
    "list_type": gettext_noop("Input should be a valid list"),
    "model_attributes_type": gettext_noop(
        "Input should be a valid dictionary or object to extract fields from"
    ),
    "greater_than_equal": gettext_noop("Input should be greater than or equal to %(ge)s"),
    "less_than_equal": gettext_noop("Input should be less than or equal to %(le)s"),
    "greater_than": gettext_noop("Input should be greater than %(gt)s"),
    "less_than": gettext_noop("Input should be less than %(lt)s"),
    "literal_error": gettext_noop("Input should be %(expected)s"),
    "enum": gettext_noop("Input should be %(expected)s"),
    "date_from_datetime_parsing": gettext_noop("Input should be a valid date or datetime, "
                                               "%(error)s"),
    "datetime_from_date_parsing": gettext_noop("Input should be a valid datetime or date, "
                                               "%(error)s"),
    "datetime_parsing": gettext_noop("Input should be a valid datetime, %(error)s"),
    "date_parsing": gettext_noop("Input should be a valid date in the format YYYY-MM-DD, "
                                 "%(error)s"),
    "uuid_parsing": gettext_noop("Input should be a valid UUID, %(error)s"),
}  # fmt: skip

# The ones pydantic words by count (the language's own plural, by the count named).
PYDANTIC_PLURALS = {
    "string_too_short": ngettext_lazy(
        "String should have at least %(min_length)s character",
        "String should have at least %(min_length)s characters",
        "min_length",
    ),
    "string_too_long": ngettext_lazy(
        "String should have at most %(max_length)s character",
        "String should have at most %(max_length)s characters",
        "max_length",
    ),
    "too_short": ngettext_lazy(
        "List should have at least %(min_length)s item after validation, not %(actual_length)s",
        "List should have at least %(min_length)s items after validation, not %(actual_length)s",
        "min_length",
    ),
    "too_long": ngettext_lazy(
        "List should have at most %(max_length)s item after validation, not %(actual_length)s",
        "List should have at most %(max_length)s items after validation, not %(actual_length)s",
        "max_length",
    ),
}


def _field_message(error: dict[str, Any]) -> str:
    """What is wrong with the field, for a person. Our own validators' messages (a
    ValueError's) are translated when raised; pydantic's (always English) are replaced by
    their translation here, and kept exactly as pydantic worded them in English or for a
    type not listed."""
    original = str(error.get("msg", ""))
    kind = str(error.get("type", ""))
    message: Any
    if kind in PYDANTIC_PLURALS:
        message = PYDANTIC_PLURALS[kind]
    elif kind in PYDANTIC_MESSAGES:
        message = gettext(PYDANTIC_MESSAGES[kind])
    else:
        return original.removeprefix("Value error, ")
    if (get_language() or "en").split("-")[0] == "en":
        return original
    context = {key: _context_value(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        return str(message % context)
    except (KeyError, TypeError, ValueError):
        return original


def _context_value(value: object) -> object:
    """The `or` pydantic writes between choices ('a', 'b' or 'c') in the active language."""
    if isinstance(value, str) and "' or '" in value:
        return value.replace("' or '", "' " + gettext("or") + " '")
    return value


def _field_name(loc: Sequence[object]) -> str:
    """('body', 'payload', 'tags', 2) -> 'tags.2'; ('query', 'limit') -> 'limit'."""
    parts = list(loc)
    source = parts.pop(0) if parts else "body"
    if source == "body" and parts:
        parts.pop(0)  # the name of the route's body argument, not a field of the request
    return ".".join(str(part) for part in parts) or str(source)


def _unreadable_body(cause: BaseException | None) -> str:
    if isinstance(cause, json.JSONDecodeError):
        return gettext(
            "The request body is not valid JSON: %(error)s (line %(line)s, column %(column)s)."
        ) % {"error": cause.msg, "line": cause.lineno, "column": cause.colno}
    return gettext("The request body is not valid JSON (it must be UTF-8 encoded).")
