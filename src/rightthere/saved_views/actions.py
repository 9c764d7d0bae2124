"""Saving, renaming, sharing and deleting inbox views. Only a view's owner changes it."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.saved_views.models import SavedView
from rightthere.saved_views.queries import clean_query

MAX_VIEWS = 50


def _clean_name(name: str) -> str:
    name = " ".join(name.replace("\x00", "").split())
    if not name:
        raise InvalidInput(gettext("Give the view a name."))
    if len(name) > 80:
        raise InvalidInput(gettext("The name is too long (at most 80 characters)."))
    return name


def _check_owner(actor: User, view: SavedView) -> None:
    if view.owner_id != actor.pk:
        raise NotAllowed(
            gettext("Only %(owner)s can change “%(name)s”.")
            % {"owner": view.owner.display_name, "name": view.name}
        )


def _save(view: SavedView, fields: list[str] | None = None) -> SavedView:
    try:
        with transaction.atomic():
            view.save(update_fields=fields)
    except IntegrityError as error:
        raise InvalidInput(
            gettext("You already have a view named “%(name)s”: choose another name.")
            % {"name": view.name}
        ) from error
    return view


def save_view(owner: User, *, name: str, query: str, shared: bool = False) -> SavedView:
    """Save the inbox's current filters and sort under a name."""
    if not owner.is_authenticated or not owner.is_active:
        raise NotAllowed(gettext("Log in to save a view."))
    if SavedView.objects.filter(owner=owner).count() >= MAX_VIEWS:
        raise InvalidInput(
            gettext("You have %(count)s saved views: delete one first.") % {"count": MAX_VIEWS}
        )
    view = SavedView(
        owner=owner,
        name=_clean_name(name),
        query=clean_query(query),
        shared=shared,
        created_at=timezone.now(),
    )
    return _save(view)


def update_view(
    actor: User,
    view: SavedView,
    *,
    name: str | None = None,
    query: str | None = None,
    shared: bool | None = None,
) -> SavedView:
    """Rename, re-share or change the filters of one's own view."""
    _check_owner(actor, view)
    if name is not None:
        view.name = _clean_name(name)
    if query is not None:
        view.query = clean_query(query)
    if shared is not None:
        view.shared = shared
    return _save(view, ["name", "query", "shared"])


def delete_view(actor: User, view: SavedView) -> None:
    _check_owner(actor, view)
    view.delete()
