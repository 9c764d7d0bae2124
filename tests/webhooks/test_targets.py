"""Webhooks refuse local and private addresses (SSRF), by one check (webhooks.targets)
that every door and the delivery use: the set-up screen shows the refusal next to the
URL field, the API answers 400 with it, `rightthere webhooks add` stops with it, and a
delivery whose host resolves to such an address at send time is not sent, fails at
once and says why in the delivery log.

The outside DNS world cannot run here (this machine resolves no public names), so the
names the tests invent (`*.example.test`) are answered by a stand-in for
`socket.getaddrinfo` (`dns`); literal addresses and `localhost` go to the real
resolver. The receiver is the real HTTP server on 127.0.0.1 from receiver.py."""

import socket
import ssl
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from rightthere.core.errors import InvalidField
from rightthere.webhooks import delivery, targets
from rightthere.webhooks.models import Delivery, DeliveryStatus, Subscription
from tests.api.conftest import api_as  # noqa: F401 - the API client fixture
from tests.factories import make_case, subscribe
from tests.webhooks.receiver import start_receiver

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.215.14"  # a public address (example.com's)
LOCAL = ["http://127.0.0.1/hook", "http://localhost:8000/hook", "https://10.0.0.5/hook",
         "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/hook",
         "https://internal.example.test/hook"]  # fmt: skip


@pytest.fixture
def private_refused(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": False}


@pytest.fixture
def dns(monkeypatch):
    """The outside DNS: `dns["name"] = ["1.2.3.4", ...]`; other names resolve for real."""
    answers: dict[str, list[str]] = {"internal.example.test": ["127.0.0.1"]}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002
        if host not in answers:
            return real(host, port, family, type, proto, flags)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, port, 0, 0)) if ":" in ip
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
            for ip in answers[host]
        ]  # fmt: skip

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.mark.parametrize("url", LOCAL)
def test_each_door_refuses_a_private_address(url, private_refused, dns, as_user, api_as, owner):  # noqa: F811
    form = {"name": "Sneaky", "url": url, "events": ["case.opened"]}

    screen = as_user(owner).post(reverse("webhook_list"), form)
    api = api_as(owner).post("/api/webhooks", form, content_type="application/json")
    with pytest.raises(CommandError) as command:
        call_command("webhooks", "add", "Sneaky", url, "case.opened")

    assert screen.status_code == 400
    page = screen.content.decode()
    # The message sits right after the URL field, which points to it.
    url_field = page.index('id="webhook-url"')
    assert 'aria-describedby="webhook-url-error"' in page[url_field : url_field + 400]
    said = page[page.index('id="webhook-url-error"') :]
    assert "not sent to local or private addresses" in said[:400]
    assert api.status_code == 400
    assert "not sent to local or private addresses" in api.json()["detail"]
    assert "not sent to local or private addresses" in str(command.value)
    assert not Subscription.objects.exists()


def test_the_refusal_names_the_address_and_its_kind(private_refused, dns):
    dns["mixed.example.test"] = [PUBLIC, "10.1.2.3"]  # every address counts, not the first
    expected = {
        "http://127.0.0.1/": "127.0.0.1 is a loopback address",
        "http://localhost/": "localhost (127.0.0.1) is a loopback address",
        "http://10.0.0.5/": "10.0.0.5 is a private address",
        "http://169.254.169.254/": "169.254.169.254 is a link-local address",
        "http://[::1]/": "::1 is a loopback address",
        "http://[::ffff:10.0.0.5]/": "is a private address",
        "http://0.0.0.0/": "0.0.0.0 is an unspecified address",
        "http://100.64.0.1/": "100.64.0.1 is not a public address",
        "http://internal.example.test/": "internal.example.test (127.0.0.1) is a loopback",
        "https://mixed.example.test/": "mixed.example.test (10.1.2.3) is a private address",
    }
    for url, reason in expected.items():
        with pytest.raises(InvalidField) as refused:
            targets.check_url(url)
        assert refused.value.field == "url"
        assert reason in refused.value.message, url


def test_public_names_and_names_not_resolving_yet_are_accepted(private_refused, dns, owner):
    dns["books.example.test"] = [PUBLIC, "2606:4700::6810:84e5"]

    made = subscribe("https://books.example.test/hook", ["case.opened"], owner=owner)
    # Not in DNS yet (a receiver set up before its name): accepted, the delivery checks.
    later = subscribe("https://not-yet.invalid/hook", ["case.opened"], owner=owner)

    assert made.url == "https://books.example.test/hook" and later.pk


def test_allowing_private_addresses_still_refuses_the_metadata_service(settings, dns):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": True}

    targets.check_url("http://10.0.0.5/hook")
    targets.check_url("http://localhost:8000/hook")
    for url in ("http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/", "http://[ff02::1]/"):
        with pytest.raises(InvalidField):
            targets.check_url(url)


def test_editing_the_url_to_a_private_address_is_refused_too(private_refused, dns, as_user, owner):
    dns["books.example.test"] = [PUBLIC]
    hook = subscribe("https://books.example.test/hook", ["case.opened"], owner=owner)

    response = as_user(owner).post(reverse("webhook_detail", args=[hook.pk]), {
        "name": hook.name, "url": "http://169.254.169.254/", "events": ["case.opened"],
    })  # fmt: skip

    assert response.status_code == 400
    assert 'id="webhook-url-error"' in response.content.decode()
    hook.refresh_from_db()
    assert hook.url == "https://books.example.test/hook"


def test_a_name_that_turns_private_after_subscribing_is_not_sent_to(
    settings, dns, receiver, owner, as_user
):
    """DNS rebinding: public when the owner saved it, 127.0.0.1 (where a real server
    listens) when the worker sends. The delivery checks the address it connects to."""
    # The receiver fixture allows private addresses; this test needs the default.
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": False}
    port = receiver.url.split(":")[2].split("/")[0]
    dns["hooks.example.test"] = [PUBLIC]
    hook = subscribe(f"http://hooks.example.test:{port}/hook", ["case.opened"], owner=owner)
    dns["hooks.example.test"] = ["127.0.0.1"]
    make_case(subject="Boiler")

    result = delivery.run_subscription(hook.pk, on_pause=lambda s: None)

    assert receiver.received == []  # nothing reached the server on 127.0.0.1
    sent = Delivery.objects.get(subscription=hook)
    assert sent.status == DeliveryStatus.FAILED and sent.attempts == 1  # not retried
    assert sent.error == "not sent: hooks.example.test (127.0.0.1) is a loopback address"
    assert result.failed == 1 and result.next_attempt_at is None
    log = as_user(owner).get(reverse("webhook_detail", args=[hook.pk])).content.decode()
    assert "hooks.example.test (127.0.0.1) is a loopback address" in log


def test_the_delivery_connects_to_the_address_it_checked(dns, receiver, owner):
    """With private addresses allowed (the receiver fixture), a name only the stand-in
    DNS knows reaches the receiver: the socket goes to the checked address, while the
    URL, and so the Host header, keep the name."""
    port = receiver.url.split(":")[2].split("/")[0]
    dns["lan.example.test"] = ["127.0.0.1"]
    hook = subscribe(f"http://lan.example.test:{port}/hook", ["case.opened"], owner=owner)
    receiver.secret = hook.secret
    make_case(subject="Boiler")

    delivery.run_subscription(hook.pk, on_pause=lambda s: None)

    assert Delivery.objects.get(subscription=hook).status == DeliveryStatus.DELIVERED
    assert [r.payload["case"]["subject"] for r in receiver.acted_on] == ["Boiler"]
    assert receiver.hosts == [f"lan.example.test:{port}"]


@pytest.fixture
def tls_receiver(settings, tmp_path, monkeypatch):
    """The real receiver over HTTPS with a certificate for lan.example.test only, made
    here with openssl, which the sending side trusts for the test."""
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": True}
    cert, key = str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")
    subprocess.run(  # noqa: S603
        ["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", key, "-out", cert, "-subj", "/CN=lan.example.test",
         "-addext", "subjectAltName=DNS:lan.example.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    (handler,) = [
        h for h in delivery._opener.handlers if isinstance(h, delivery._CheckedHTTPSHandler)
    ]
    monkeypatch.setattr(handler, "tls", ssl.create_default_context(cafile=cert))
    found, server = start_receiver(tls=(cert, key))
    yield found
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("name, delivered", [("lan.example.test", True),
                                             ("other.example.test", False)])  # fmt: skip
def test_https_checks_the_certificate_for_the_name_not_the_address(
    name, delivered, dns, tls_receiver, owner
):
    """The socket goes to the checked address, 127.0.0.1; TLS still runs for the URL's
    name (SNI and the certificate check): the certificate names lan.example.test, so
    the same server reached as other.example.test is refused."""
    port = tls_receiver.url.split(":")[2].split("/")[0]
    dns[name] = ["127.0.0.1"]
    hook = subscribe(f"https://{name}:{port}/hook", ["case.opened"], owner=owner)
    tls_receiver.secret = hook.secret
    make_case(subject="Boiler")

    delivery.run_subscription(hook.pk, on_pause=lambda s: None)

    sent = Delivery.objects.get(subscription=hook)
    if delivered:
        assert sent.status == DeliveryStatus.DELIVERED
        assert tls_receiver.hosts == [f"{name}:{port}"]
    else:
        assert sent.status == DeliveryStatus.PENDING and sent.response_status is None
        assert "certificate verify failed" in sent.error and "other.example.test" in sent.error
        assert tls_receiver.received == []


def test_redirects_are_not_followed(receiver, owner):
    """A 3xx is the receiver's answer, recorded; the worker never goes where it points
    (which could be an internal address)."""
    hook = subscribe(receiver.url, ["case.opened"], owner=owner)
    receiver.secret = hook.secret
    receiver.answer(307)  # a redirect that keeps the POST, to the receiver itself
    receiver.redirect_to = receiver.url + "/moved"
    make_case(subject="Boiler")

    delivery.run_subscription(hook.pk, on_pause=lambda s: None)

    sent = Delivery.objects.get(subscription=hook)
    assert sent.status == DeliveryStatus.FAILED and sent.response_status == 307
    assert len(receiver.received) == 1  # followed, the receiver would have seen a second
