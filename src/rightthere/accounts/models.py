"""Staff people, their roles, teams, partner companies and API tokens."""

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner / manager")
    AGENT = "agent", _("Agent / back office")
    TECHNICIAN = "technician", _("Technician")
    SUBCONTRACTOR = "subcontractor", _("Subcontractor partner")


class PartnerCompany(models.Model):
    """A subcontractor firm that takes overflow work; its users see only its cases."""

    name = models.CharField(max_length=200, unique=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "partner companies"

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    members = models.ManyToManyField("accounts.User", related_name="teams", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AGENT)
    partner = models.ForeignKey(
        PartnerCompany,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text="Required for subcontractor users: the company they work for.",
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    # Kept with the user (read on every page without a query): whether they log in
    # with a second factor; set only by accounts.two_factor.
    two_factor_on = models.BooleanField(default=False, editable=False)
    # The language of their screens (a code of settings.LANGUAGES); empty: their
    # browser's, else the business's (accounts.languages, read with the session).
    language = models.CharField(max_length=10, blank=True, default="")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def sees_all_cases(self) -> bool:
        return self.is_active and self.role in (Role.OWNER, Role.AGENT)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    def __str__(self) -> str:
        return self.display_name


class ApiToken(models.Model):
    """A per-user token for machines. Only a hash is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "rt_" + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class TwoFactorRule(models.TextChoices):
    NOBODY = "nobody", _("Nobody (each person may turn it on)")
    OWNERS = "owners", _("Owners")
    MANAGERS = "managers", _("Owners and agents")


class SecurityPolicy(models.Model):
    """The desk's security choices an owner makes (one row)."""

    require_two_factor = models.CharField(
        max_length=20, choices=TwoFactorRule.choices, default=TwoFactorRule.NOBODY
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Two-factor required for: {self.get_require_two_factor_display()}"


class IntegrationKind(models.TextChoices):
    REVIEWS = "reviews", _("Review platform (POST /api/reviews/webhook)")
    INBOUND_MAIL = "inbound_mail", _("Incoming mail relay (POST /api/inbound-mail)")


class Integration(models.Model):
    """A program that posts to one of the desk's webhooks, signing each request with its
    own secret (HMAC-SHA256 over a timestamp and the body), instead of carrying a
    person's API token and so all of that person's rights."""

    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=IntegrationKind.choices)
    secret = models.CharField(max_length=100)
    # After a rotation the old secret keeps working for a day, so the sender can switch.
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_valid_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class BusinessProfile(models.Model):
    """Who the business is to its customers (one row; accounts.profile reads and writes it).

    Empty fields fall back to the environment (BUSINESS_NAME, TIME_ZONE), so a desk set
    up before this screen existed keeps its name."""

    name = models.CharField(max_length=120, blank=True)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    # PNG, JPEG or WebP, at most 512 KB; kept in the row so no media storage is needed.
    logo = models.BinaryField(blank=True, default=b"", editable=False)
    logo_type = models.CharField(max_length=20, blank=True, editable=False)
    signature = models.TextField(blank=True)
    status_page_intro = models.TextField(blank=True)
    brand_colour = models.CharField(max_length=7, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=10, blank=True)
    # The owner chose the contact form as the only way in (no mailbox wanted).
    contact_form_only = models.BooleanField(default=False)
    first_run_finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.name or "Business profile"


class SettingsChange(models.Model):
    """One change an owner made to the desk's set-up: who, when, which screen, what.
    Append-only; shown under each settings screen."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written, so the log still names a person who was later removed.
    actor_name = models.CharField(max_length=150, blank=True)
    screen = models.CharField(max_length=40, db_index=True)
    summary = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or 'the desk'}: {self.summary}"


def _id_column(to: Any, on_delete: Any) -> Any:
    return models.ForeignKey(
        to, null=True, blank=True, on_delete=on_delete, db_constraint=False, related_name="+"
    )


class StaffSession(AbstractBaseSession):
    """A browser's session, in the database as Django's own (revoked by deleting the row:
    log-out, expiry), with the signed-in person and the two-factor device they typed a
    code from as columns of their own, so that every request reads the session, its
    person and device in one statement (accounts.sessions)."""

    # Ids without a database constraint: a session saved in the request that removed its
    # device (or person) keeps the id until its next request; the join then finds nothing
    # and the reading falls back to Django's and django-otp's own. Deleting a person
    # still deletes their sessions (Django's CASCADE).
    user = _id_column(User, models.CASCADE)
    totp_device = _id_column("otp_totp.TOTPDevice", models.DO_NOTHING)
    static_device = _id_column("otp_static.StaticDevice", models.DO_NOTHING)
