"""Which saved views a person sees, and the inbox query string a view keeps."""

from django.db.models import Q, QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.saved_views.models import SavedView

# The inbox's parameters a saved view keeps (not the page: a view starts at page 1).
QUERY_KEYS = ("view", "q", "status", "priority", "kind", "team", "assignee", "audience", "sort")


def clean_query(query: str) -> str:
    """The inbox parameters of `query` ("?view=mine&sort=due&page=2" -> "view=mine&sort=due"),
    in a fixed order, empty values left out."""
    given = QueryDict(query.lstrip("?")[:2000])
    kept = QueryDict(mutable=True)
    for key in QUERY_KEYS:
        value = given.get(key, "").replace("\x00", "").strip()[:200]
        if value:
            kept[key] = value
    return kept.urlencode()


def visible_views(user: User) -> QuerySet[SavedView]:
    """The person's own views and those others shared."""
    if not user.is_authenticated or not user.is_active:
        return SavedView.objects.none()
    return SavedView.objects.filter(Q(owner=user) | Q(shared=True)).select_related("owner")


def access_view(user: User, view_id: int) -> SavedView:
    """A view the person may see (their own or a shared one), else 404."""
    view = visible_views(user).filter(pk=view_id).first()
    if view is None:
        raise Http404(gettext("No such saved view"))
    return view
