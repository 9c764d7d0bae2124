"""The provider's callbacks (delivery reports, customers' texts: signed, no session) and
the owners' SMS set-up screen (/settings/sms/)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from rightthere.accounts.changes import recent_changes
from rightthere.accounts.models import User
from rightthere.accounts.roles import is_owner
from rightthere.core.errors import InvalidInput
from rightthere.core.public_links import base_url
from rightthere.sms import backends, sending, signatures
from rightthere.sms.setup import set_from_number, sms_setup

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _check_signed(request: HttpRequest) -> None:
    """Refuse a callback the provider did not sign (or when SMS is off)."""
    if not backends.configured():
        raise Http404("SMS is not set up.")
    token = backends.get_backend().auth_token()
    urls = [
        base_url() + request.get_full_path(),
        request.build_absolute_uri(),
    ]
    params = [(name, value) for name in request.POST for value in request.POST.getlist(name)]
    signature = request.headers.get(signatures.HEADER, "")
    if not signatures.verify(urls, params, token, signature):
        raise PermissionDenied("Bad or missing signature.")


@csrf_exempt
@require_POST
def status_callback(request: HttpRequest) -> HttpResponse:
    """The provider's delivery report on one of our texts (MessageSid, MessageStatus)."""
    _check_signed(request)
    sid = request.POST.get("MessageSid") or request.POST.get("SmsSid") or ""
    status = request.POST.get("MessageStatus") or request.POST.get("SmsStatus") or ""
    if not sid or not status:
        return HttpResponse("MessageSid and MessageStatus are required.", status=400)
    sending.record_status(sending.StatusReport(
        provider_id=sid, status=status, error_code=request.POST.get("ErrorCode", ""),
        error_message=request.POST.get("ErrorMessage", ""),
    ))  # fmt: skip
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def inbound(request: HttpRequest) -> HttpResponse:
    """A customer's text to our number: STOP opts out, START opts back in."""
    _check_signed(request)
    sending.receive_text(from_raw=request.POST.get("From", ""), body=request.POST.get("Body", ""))
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")


class FromNumberForm(forms.Form):
    from_number = forms.CharField(
        label=gettext_lazy("From number"), max_length=50, required=False,
        help_text=gettext_lazy("The number your texts come from, as your SMS provider gave it "
                               "to you. Empty: SMS_FROM_NUMBER from the environment."),
    )  # fmt: skip


def _owner(request: HttpRequest) -> User:
    user = request.user
    if not is_owner(user):
        raise PermissionDenied(gettext("Only owners change the desk's set-up."))
    assert isinstance(user, User)
    return user


@login_required
@require_http_methods(["GET", "POST"])
def sms_settings(request: HttpRequest) -> HttpResponse:
    """What SMS needs, the From number, and where the provider calls back."""
    owner = _owner(request)
    state = sms_setup()
    status = 200
    if request.method == "POST":
        form = FromNumberForm(request.POST)
        if form.is_valid():
            try:
                set_from_number(owner, form.cleaned_data["from_number"])
            except InvalidInput as error:
                prefix = gettext("From number: %(error)s") % {"error": ""}
                form.add_error("from_number", error.message.removeprefix(prefix))
            else:
                messages.success(request, gettext("From number saved."))
                return redirect("settings_sms")
        status = 422
    else:
        form = FromNumberForm(initial={"from_number": state.from_number
                                       if state.from_number_source == "screen" else ""})  # fmt: skip
    return render(request, "sms/settings.html", {
        "sms": state, "form": form, "changes": recent_changes("sms", limit=15),
    }, status=status)  # fmt: skip
