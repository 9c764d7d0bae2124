"""The "Could not process" page: stored mail that did not become a case, with Retry;
and the owner's Mailboxes and outgoing mail settings (/settings/mail/)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rightthere.accounts.changes import recent_changes
from rightthere.accounts.models import User
from rightthere.accounts.roles import is_owner
from rightthere.core.errors import CaseError, InvalidField
from rightthere.mail import ingest
from rightthere.mail import setup as mail_setup
from rightthere.mail.access import access_inbound_mail, access_mailbox, failed_mail
from rightthere.mail.models import InboundStatus, Mailbox, Security
from rightthere.mail.providers import configured as mail_provider
from rightthere.outbox import setup as outbox_setup
from rightthere.outbox.setup import outgoing_mail

PAGE_SIZE = 100


@login_required
@require_GET
def failed_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    mails = failed_mail(user)
    if request.GET.get("nav"):
        # The main navigation's entry, loaded by htmx on every page: nothing when no
        # mail failed, else the link with its count.
        return render(
            request,
            "mail/_nav_link.html",
            {"total": mails.count(), "current": bool(request.GET.get("current"))},
        )
    return render(
        request,
        "mail/failed.html",
        {"mails": mails[:PAGE_SIZE], "total": mails.count(), "page_size": PAGE_SIZE},
    )


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    inbound = ingest.retry(access_inbound_mail(user, pk, with_raw=True))
    if inbound.status == InboundStatus.PROCESSED and inbound.case is not None:
        messages.success(request, gettext("Mail #%(mail)s is now on case %(case)s.")
                         % {"mail": inbound.pk, "case": inbound.case.reference})  # fmt: skip
    elif inbound.status == InboundStatus.FAILED:
        messages.error(request, gettext("Mail #%(mail)s still could not be processed: %(error)s")
                       % {"mail": inbound.pk, "error": inbound.error})  # fmt: skip
    else:
        messages.info(request, gettext("Mail #%(mail)s: %(status)s.")
                      % {"mail": inbound.pk, "status": inbound.get_status_display()})  # fmt: skip
    return redirect("mail_failed")


@login_required
@require_GET
def raw_download(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    inbound = access_inbound_mail(user, pk, with_raw=True)
    response = HttpResponse(bytes(inbound.raw), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="inbound-{inbound.pk}.eml"'
    return response


# -- Set-up (owners): mailboxes and outgoing mail, /settings/mail/ -------------------


class MailboxForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100,
                           help_text=gettext_lazy("e.g. Support; it names the password "
                                                  "variable unless you give one below."))  # fmt: skip
    host = forms.CharField(label=gettext_lazy("IMAP server"), max_length=255,
                           widget=forms.TextInput(attrs={"placeholder": "imap.example.com"}))  # fmt: skip
    port = forms.IntegerField(label=gettext_lazy("Port"), min_value=1, max_value=65535, initial=993)
    security = forms.ChoiceField(label=gettext_lazy("Security"), choices=Security.choices,
                                 initial=Security.SSL)  # fmt: skip
    username = forms.CharField(label=gettext_lazy("User name"), max_length=255)
    password_env = forms.CharField(
        label=gettext_lazy("Password variable"), max_length=100, required=False,
        help_text=gettext_lazy("The environment variable holding the password; empty: "
                               "RIGHTTHERE_MAILBOX_<NAME>_PASSWORD. The password itself is "
                               "never stored here."),
    )  # fmt: skip
    folder = forms.CharField(label=gettext_lazy("Folder"), max_length=255, initial="INBOX")
    processed_folder = forms.CharField(
        label=gettext_lazy("Move fetched mail to"), max_length=255, required=False,
        help_text=gettext_lazy("Empty: leave it in the folder, marked read."),
    )  # fmt: skip
    active = forms.BooleanField(
        required=False, initial=True, label=gettext_lazy("Fetch mail from it")
    )


class MailTestForm(forms.Form):
    to = forms.EmailField(label=gettext_lazy("Send a test mail to"))


def _owner(request: HttpRequest) -> User:
    user = request.user
    if not is_owner(user):
        raise PermissionDenied(gettext("Only owners change the desk's set-up."))
    assert isinstance(user, User)
    return user


def _mail_page(request: HttpRequest, *, form: MailboxForm | None = None,
               test_form: MailTestForm | None = None, status: int = 200) -> HttpResponse:  # fmt: skip
    user = _owner(request)
    boxes = list(Mailbox.objects.all())
    return render(request, "mail/settings.html", {
        "mailboxes": [(box, box.password() is not None) for box in boxes],
        "form": form or MailboxForm(),
        "test_form": test_form or MailTestForm(initial={"to": user.email}),
        "outgoing": outgoing_mail(),
        "provider": mail_provider(),
        "mailbox_test": request.session.pop("mailbox_test", None),
        "mail_test": request.session.pop("mail_test", None),
        "changes": recent_changes("mailboxes", "outgoing_mail", limit=15),
    }, status=status)  # fmt: skip


def _save_mailbox(request: HttpRequest, form: MailboxForm, box: Mailbox | None) -> Mailbox | None:
    owner = _owner(request)
    if not form.is_valid():
        return None
    try:
        if box is None:
            return mail_setup.add_mailbox(owner, **form.cleaned_data)
        return mail_setup.change_mailbox(owner, box, **form.cleaned_data)
    except InvalidField as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
    except CaseError as refused:
        form.add_error(None, refused.message)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def mail_settings(request: HttpRequest) -> HttpResponse:
    """Mailboxes (with Test connection) and outgoing mail (with Send a test mail)."""
    _owner(request)
    if request.method != "POST":
        return _mail_page(request)
    form = MailboxForm(request.POST)
    made = _save_mailbox(request, form, None)
    if made is None:
        return _mail_page(request, form=form, status=422)
    messages.success(request, gettext("Mailbox %(name)s added. Test its connection now.")
                     % {"name": made.name})  # fmt: skip
    return redirect("settings_mail")


@login_required
@require_http_methods(["GET", "POST"])
def mailbox_edit(request: HttpRequest, pk: int) -> HttpResponse:
    box = access_mailbox(_owner(request), pk)
    if request.method == "POST":
        form = MailboxForm(request.POST)
        if _save_mailbox(request, form, box) is not None:
            messages.success(request, gettext("Mailbox %(name)s saved.") % {"name": box.name})
            return redirect("settings_mail")
        status = 422
    else:
        form = MailboxForm(initial={name: getattr(box, name) for name in mail_setup.MAILBOX_FIELDS})
        status = 200
    return render(request, "mail/settings_mailbox.html", {"form": form, "mailbox": box},
                  status=status)  # fmt: skip


@login_required
@require_POST
def mailbox_delete(request: HttpRequest, pk: int) -> HttpResponse:
    owner = _owner(request)
    box = access_mailbox(owner, pk)
    mail_setup.delete_mailbox(owner, box)
    messages.success(request, gettext("Mailbox %(name)s removed; mail already taken in stays.")
                     % {"name": box.name})  # fmt: skip
    return redirect("settings_mail")


@login_required
@require_POST
def mailbox_test(request: HttpRequest, pk: int) -> HttpResponse:
    """Test connection: log in, list the folders, count the mail; or say what failed."""
    owner = _owner(request)
    report = mail_setup.check_connection(owner, access_mailbox(owner, pk))
    request.session["mailbox_test"] = {
        "pk": pk, "mailbox": report.mailbox, "ok": report.ok, "error": report.error,
        "folders": report.folders, "messages": report.messages, "unseen": report.unseen,
    }  # fmt: skip
    return redirect(reverse("settings_mail") + f"#mailbox-{pk}")


@login_required
@require_POST
def send_test_mail(request: HttpRequest) -> HttpResponse:
    """Send a test mail now through the configured server, and say what it answered."""
    owner = _owner(request)
    form = MailTestForm(request.POST)
    if not form.is_valid():
        return _mail_page(request, test_form=form, status=422)
    try:
        report = outbox_setup.send_test_mail(owner, to=form.cleaned_data["to"])
    except CaseError as refused:
        form.add_error("to", refused.message)
        return _mail_page(request, test_form=form, status=422)
    request.session["mail_test"] = {"ok": report.ok, "detail": report.detail}
    return redirect(reverse("settings_mail") + "#outgoing")
