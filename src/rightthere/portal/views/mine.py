"""All my requests (/my/): the customer asks for a sign-in link by mail, opens it, and sees
every request of theirs. No password, no staff account: the signed-in address is kept in
the session (`portal.sign_in`)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rightthere.accounts.client_ip import client_ip
from rightthere.core.errors import CaseError
from rightthere.core.tasks import enqueue_on_commit
from rightthere.customers.language import page_language
from rightthere.portal import sign_in as signing
from rightthere.portal.my_requests import my_requests as requests_of
from rightthere.portal.my_requests import speaking_to_address
from rightthere.portal.sign_in_forms import SignInForm
from rightthere.portal.tasks import send_sign_in_link


def _visitor_language(request: HttpRequest) -> str:
    """The sign-in pages' language: the page the customer came from says it (`lang`),
    else their browser; never the address they ask for (`customers.language`)."""
    return page_language(request.GET.get("lang", ""), request.headers.get("Accept-Language", ""))


def _sign_in_url(language: str) -> str:
    """The sign-in page, in this language when given (else it goes by the browser)."""
    return f"{reverse('my_sign_in')}?lang={language}" if language else reverse("my_sign_in")


def my_requests(request: HttpRequest) -> HttpResponse:
    email = signing.signed_in_email(request.session)
    if email is None:  # the page they came from said its language: keep it
        return redirect(_sign_in_url(_visitor_language(request) if "lang" in request.GET else ""))
    with speaking_to_address(email):  # their language, words and dates
        return render(request, "portal/my_requests.html", {"page": requests_of(email)})


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Ask for a link. The answer is the same whether we know the address or not: it is
    in the language of the page the customer came from or of their browser (else the
    business's), never in the one of the address asked for."""
    with translation.override(_visitor_language(request)):
        return _sign_in(request)


def _sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = signing.request_link(form.cleaned_data["email"], ip_address=client_ip(request))
        except CaseError as refused:
            form.add_error(None, refused.message)
            return render(request, "portal/sign_in.html", {"form": form},
                          status=refused.http_status)  # fmt: skip
        if link is not None:
            enqueue_on_commit(send_sign_in_link, link.pk)
        return render(request, "portal/sign_in_sent.html", {
            "email": form.cleaned_data["email"].strip(), "minutes": signing.link_minutes(),
        })  # fmt: skip
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/sign_in.html", {"form": form}, status=status)


def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the mail. Opening it shows a button; pressing it signs in and spends
    the link (so a mail program that opens links to check them does not use it up)."""
    if request.method == "POST":
        email = signing.use_link(token)
        if email is not None:
            signing.sign_in(request.session, email)
            return redirect("my_requests")
    elif (link := signing.link_for_token(token)) is not None:
        with speaking_to_address(link.email):
            return render(request, "portal/sign_in_open.html", {"token": token})
    with translation.override(_visitor_language(request)):
        return render(request, "portal/sign_in.html", {
            "form": SignInForm(), "link_refused": True, "minutes": signing.link_minutes(),
        }, status=410)  # fmt: skip


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    email = signing.signed_in_email(request.session)
    signing.sign_out(request.session)
    if email is None:
        return redirect(_sign_in_url(""))
    with speaking_to_address(email) as language:  # theirs: they were signed in
        messages.success(request, _("You are signed out. Your requests stay as they are."))
    return redirect(_sign_in_url(language))
