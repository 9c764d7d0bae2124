"""Create, revoke and check per-user API tokens."""

from django.utils import timezone

from rightthere.accounts.models import ApiToken, User


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its plain key, which is never stored."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "API token",
        prefix=key[3:11],
        key_hash=ApiToken.hash_key(key),
    )
    return token, key


def revoke_api_token(user: User, token_id: int) -> bool:
    """Revoke one of the user's own tokens; returns False when there is no such active token."""
    updated = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return bool(updated)


def user_for_api_key(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
