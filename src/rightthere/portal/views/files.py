"""What the customer downloads from their status page: the visit's calendar invite and
the files of their conversation. Scoped to the status link's case; anything else is 404."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from rightthere.cases.models import Case
from rightthere.field.invites import ICS_TYPE, invite_filename, visit_invite
from rightthere.field.models import ACTIVE_STATUSES
from rightthere.merging.aliases import surviving_case
from rightthere.portal.links import link_for_token
from rightthere.portal.status import customer_files


def _case_or_404(token: str) -> Case:
    link = link_for_token(token)
    if link is None:
        raise Http404("This link is not valid any more.")
    return surviving_case(link.case) or link.case


@require_safe
def visit_invite_download(request: HttpRequest, token: str, visit_id: int) -> HttpResponse:
    case = _case_or_404(token)
    visit = case.visits.filter(pk=visit_id, status__in=ACTIVE_STATUSES).first()
    if visit is None:
        raise Http404("No such visit.")
    response = HttpResponse(visit_invite(visit), content_type=f"{ICS_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{invite_filename(visit)}"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def attachment_download(request: HttpRequest, token: str, attachment_id: int) -> FileResponse:
    attachment = customer_files(_case_or_404(token)).filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("No such file.")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",  # never rendered inline by the browser
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
