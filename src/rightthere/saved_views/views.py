"""Saved views on the inbox: save the current filters under a name, open, rename,
share and delete them."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from rightthere.accounts.models import User
from rightthere.core.errors import CaseError
from rightthere.saved_views.actions import delete_view, save_view, update_view
from rightthere.saved_views.models import SavedView
from rightthere.saved_views.queries import access_view, clean_query, visible_views


def inbox_context(request: HttpRequest) -> dict[str, Any]:
    """The inbox's saved views (the person's own, then shared ones), the one open, and
    the current query that "Save this view" keeps."""
    user: User = request.user  # type: ignore[assignment]
    save_query = clean_query(request.GET.urlencode())
    if request.headers.get("HX-Request"):
        return {"save_query": save_query}  # the list alone: the view list stays as it is
    views = list(visible_views(user))
    current = next((v for v in views if str(v.pk) == request.GET.get("saved")), None)
    return {
        "saved_views": sorted(views, key=lambda v: (v.owner_id != user.pk, v.name.lower())),
        "current_saved": current.pk if current else None,
        "current_saved_view": current,
        "save_query": save_query,
    }


def _inbox_url(view: SavedView) -> str:
    return reverse("inbox") + f"?{view.query}{'&' if view.query else ''}saved={view.pk}"


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    query = request.POST.get("query", "")
    try:
        view = save_view(
            user,
            name=request.POST.get("name", ""),
            query=query,
            shared=request.POST.get("shared") == "1",
        )
    except CaseError as error:
        messages.error(
            request, gettext("The view was not saved: %(problem)s") % {"problem": error.message}
        )
        return redirect(reverse("inbox") + f"?{clean_query(query)}")
    messages.success(request, gettext("Saved the view “%(name)s”.") % {"name": view.name})
    return redirect(_inbox_url(view))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    view = access_view(user, pk)
    error = ""
    if view.owner_id != user.pk:
        raise PermissionDenied(
            gettext("Only %(owner)s can change “%(name)s”.")
            % {"owner": view.owner.display_name, "name": view.name}
        )
    if request.method == "POST":
        try:
            update_view(
                user,
                view,
                name=request.POST.get("name", ""),
                shared=request.POST.get("shared") == "1",
            )
        except CaseError as error_:
            error = error_.message
            view.refresh_from_db()
        else:
            messages.success(request, gettext("Saved the view “%(name)s”.") % {"name": view.name})
            return redirect(_inbox_url(view))
    status = 400 if error else 200
    return render(
        request,
        "saved_views/edit.html",
        {"view": view, "error": error, "name": request.POST.get("name", view.name)},
        status=status,
    )


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    view = access_view(user, pk)
    if view.owner_id != user.pk:
        raise PermissionDenied(
            gettext("Only %(owner)s can delete “%(name)s”.")
            % {"owner": view.owner.display_name, "name": view.name}
        )
    delete_view(user, view)
    messages.success(request, gettext("Deleted the view “%(name)s”.") % {"name": view.name})
    return redirect("inbox")
