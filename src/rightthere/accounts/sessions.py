"""Each request's session, signed-in person and two-factor device, read in one statement.

Django's database sessions read the session's row, then its authentication middleware
reads the person the session names (`ModelBackend.get_user`): two statements and about
2,100 Python calls before any view runs, on every staff request (#23). Here the session's
row also holds the person's id as a column (`StaffSession.user`, written whenever the
session is saved), and the session is read with its person joined (`SessionStore`).

That person is then given to Django's own `auth.get_user` (`StaffAuthentication`,
`StaffBackend.get_user`), which still checks all it checked: the backend is one of
AUTHENTICATION_BACKENDS, the person may log in (`is_active`, read in the same
statement), and the session's hash of the password matches (a changed password ends the
person's other sessions). Sessions stay rows in the database, shared by every server
process: log-out deletes the row, an expired row is not read, and deleting a person
deletes their sessions. Nothing is kept between requests.
"""

from contextvars import ContextVar
from typing import Any

from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db.models import CharField, DateTimeField
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from rightthere.accounts.models import StaffSession, User
from rightthere.core.compiled import CompiledModels, Param, compile_once

# The backend that logs staff in with a password; the session names it.
BACKEND = "rightthere.accounts.sessions.StaffBackend"
TOTP, STATIC = "otp_totp.totpdevice", "otp_static.staticdevice"  # django-otp's model labels


def person_id(data: dict[str, Any]) -> int | None:
    """The id of the staff person a session's data is signed in as (by this backend)."""
    if data.get(auth.BACKEND_SESSION_KEY) != BACKEND:
        return None
    try:
        return int(data[auth.SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None


def devices(data: dict[str, Any]) -> tuple[int | None, int | None]:
    """The ids of the authenticator app and of the recovery codes the session's person
    typed a code from (django-otp's persistent id), as (totp, static)."""
    model, _, number = str(data.get(DEVICE_ID_SESSION_KEY, "")).rpartition("/")
    if not number.isdecimal() or len(number) > 18:
        return None, None
    if model == TOTP:
        return int(number), None
    if model == STATIC:
        return None, int(number)
    return None, None


def _session_with_person() -> CompiledModels[StaffSession]:
    return CompiledModels(
        StaffSession.objects.select_related("user", "totp_device", "static_device")
        .filter(
            session_key=Param("key", CharField()), expire_date__gt=Param("now", DateTimeField())
        )
        .order_by()
    )


class SessionStore(DatabaseSessionStore):
    """Django's database sessions, with the person read and written with the session."""

    # The signed-in person's row and two-factor device, read with the session by the last
    # `load()`.
    person: User | None = None
    device: Device | None = None

    @classmethod
    def get_model_class(cls) -> type[StaffSession]:
        return StaffSession

    def _get_session_from_db(self) -> StaffSession | None:
        # Django's own, with the person joined, compiled once (core.compiled).
        found = compile_once("session with its person", _session_with_person).fetch(
            {"key": self.session_key, "now": timezone.now()}
        )
        if not found:
            self._session_key, self.person, self.device = None, None, None
            return None
        self.person = found[0].user
        self.device = found[0].totp_device or found[0].static_device
        return found[0]

    def create_model_instance(self, data: dict[str, Any]) -> StaffSession:
        session = super().create_model_instance(data)
        assert isinstance(session, StaffSession)
        session.user_id = person_id(data)
        session.totp_device_id, session.static_device_id = devices(data)
        return session


# The session of the request whose person `auth.get_user` is reading (set only meanwhile).
_reading: ContextVar[Any] = ContextVar("rightthere_session_being_read", default=None)


class StaffBackend(ModelBackend):
    """Django's ModelBackend; the person read with the request's session is not read
    again."""

    def get_user(self, user_id: Any) -> Any:
        person = getattr(_reading.get(), "person", None)
        if person is not None and person.pk == user_id:
            return person if self.user_can_authenticate(person) else None
        return super().get_user(user_id)


def _user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        reading = _reading.set(request.session)
        try:
            request._cached_user = auth.get_user(request)  # type: ignore[attr-defined]
        finally:
            _reading.reset(reading)
    return request._cached_user  # type: ignore[attr-defined]


class StaffAuthentication(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, reading the person through `_user`."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))  # type: ignore[assignment]


class StaffOTPMiddleware(OTPMiddleware):
    """django-otp's middleware; the device read with the request's session is not read
    again (the override of a private method: if django-otp renames it, the device is
    read as before)."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        reading = _reading.set(request.session)
        try:
            return super()._verify_user_sync(request, user)
        finally:
            _reading.reset(reading)

    def _device_from_persistent_id(self, persistent_id: str) -> Any:
        device = getattr(_reading.get(), "device", None)
        if device is not None and device.persistent_id == persistent_id:
            return device
        return super()._device_from_persistent_id(persistent_id)


def clear_expired_sessions() -> int:
    """Delete the sessions past their expiry date (what Django's `clearsessions` does, as a
    periodic job: an expired row is never read, but without this the table only grows).
    Returns how many were deleted."""
    deleted, _ = StaffSession.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
