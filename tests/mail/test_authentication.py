"""Reading the receiving server's Authentication-Results (RFC 8601): which header is
believed, and what it says about the sender's domain. Headers as real servers write them."""

from rightthere.mail.authentication import (
    Verdict,
    parse_authentication_results,
    sender_check,
    trusted_results,
    warning_text,
)

OURS = "mx.rightthere.test"

PASS = (
    f"{OURS}; spf=pass (sender IP is 203.0.113.7) smtp.mailfrom=example.com "
    "smtp.helo=mail.example.com; dkim=pass (signature was verified) header.d=example.com "
    "header.s=s1 header.b=abc123; dmarc=pass action=none header.from=example.com"
)
SPF_FAIL = (
    f"{OURS}; spf=fail (domain of example.com does not designate 198.51.100.9 as "
    "permitted sender) smtp.mailfrom=example.com; dkim=none (message not signed) "
    "header.d=none; dmarc=none header.from=example.com"
)
GOOGLE_DMARC_FAIL = (
    "mx.google.com;\r\n       dkim=fail header.i=@example.com header.s=s1 header.b=Xy1z;\r\n"
    "       spf=softfail (google.com: domain of transitioning jo@example.com does not "
    "designate 198.51.100.9 as permitted sender) smtp.mailfrom=jo@example.com;\r\n"
    "       dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=example.com"
)
SOFTFAIL = (
    f"{OURS}; spf=softfail (transitioning) smtp.mailfrom=jo@example.com; "
    "dkim=none; dmarc=none header.from=example.com"
)
FORGED_PASS = f"{OURS}; spf=pass smtp.mailfrom=example.com; dmarc=pass header.from=example.com"


def test_a_header_with_comments_versions_and_quoted_values_is_read():
    parsed = parse_authentication_results(
        'mx.example.net 1; (a comment (nested)) dkim/1=pass header.d="example.com" '
        'header.s=s1; spf=fail reason="no; really" smtp.mailfrom=bob@example.com'
    )

    assert parsed.authserv_id == "mx.example.net"
    assert [(r.method, r.result, r.domain()) for r in parsed.results] == [
        ("dkim", "pass", "example.com"),
        ("spf", "fail", "example.com"),
    ]


def test_a_header_saying_nothing_was_checked_has_no_results():
    assert parse_authentication_results("mx.example.net; none").results == ()
    assert parse_authentication_results("   ") is None


def test_spf_dkim_and_dmarc_passing_confirms_the_sender():
    check = sender_check([PASS], "jo@example.com", OURS)

    assert check.verdict == Verdict.CONFIRMED
    assert not check.warns


def test_spf_failing_for_the_senders_domain_is_a_failure():
    check = sender_check([SPF_FAIL], "jo@example.com", OURS)

    assert (check.verdict, check.detail) == (Verdict.FAILED, "SPF failed")
    assert warning_text(check.verdict, check.detail, "jo@example.com") == (
        "The receiving mail server could not confirm this mail came from example.com "
        "(SPF failed): be careful before acting on it, e.g. changing bank details."
    )


def test_dmarc_failing_names_every_method_that_failed():
    check = sender_check([GOOGLE_DMARC_FAIL], "jo@example.com", "mx.google.com")

    assert (check.verdict, check.detail) == (Verdict.FAILED, "DKIM and DMARC failed")


def test_spf_softfail_alone_is_a_weaker_warning():
    check = sender_check([SOFTFAIL], "jo@example.com", OURS)

    assert (check.verdict, check.detail) == (Verdict.DOUBTFUL, "SPF soft-failed")
    assert "had doubts that this mail came from example.com (SPF soft-failed)" in (
        warning_text(check.verdict, check.detail, "jo@example.com")
    )


def test_a_forwarded_mail_whose_dkim_still_holds_is_confirmed_though_spf_failed():
    forwarded = (
        f"{OURS}; spf=fail smtp.mailfrom=example.com; dkim=pass header.d=example.com; "
        "dmarc=pass header.from=example.com"
    )

    assert sender_check([forwarded], "jo@example.com", OURS).verdict == Verdict.CONFIRMED


def test_a_failure_for_a_mailing_services_bounce_domain_says_nothing_about_the_sender():
    header = f"{OURS}; spf=fail smtp.mailfrom=bounces.mailer.example; dkim=none"

    assert sender_check([header], "jo@example.com", OURS).verdict == Verdict.NOT_CHECKED


def test_a_subdomain_of_the_sender_counts_as_the_sender():
    header = f"{OURS}; spf=fail smtp.mailfrom=bounce.example.com"

    assert sender_check([header], "jo@example.com", OURS).verdict == Verdict.FAILED


def test_mail_without_any_authentication_results_is_not_checked():
    check = sender_check([], "jo@example.com", OURS)

    assert check.verdict == Verdict.NOT_CHECKED
    assert warning_text(check.verdict, check.detail, "jo@example.com") == ""


def test_a_forged_pass_below_our_servers_fail_is_ignored():
    # Our server prepends its header; the sender's own forged one is further down.
    check = sender_check([SPF_FAIL, FORGED_PASS], "jo@example.com", OURS)

    assert check.verdict == Verdict.FAILED


def test_with_our_authserv_id_set_another_servers_header_on_top_is_ignored():
    forged_on_top = "mx.forger.example; spf=pass smtp.mailfrom=example.com"

    assert trusted_results([forged_on_top, SPF_FAIL], OURS).authserv_id == OURS
    assert sender_check([forged_on_top, SPF_FAIL], "jo@example.com", OURS).verdict == (
        Verdict.FAILED
    )


def test_with_our_authserv_id_set_mail_with_only_other_servers_headers_is_not_checked():
    forged = "mx.forger.example; spf=fail smtp.mailfrom=example.com"

    assert sender_check([forged], "jo@example.com", OURS).verdict == Verdict.NOT_CHECKED


def test_without_an_authserv_id_the_topmost_header_is_believed():
    assert sender_check([SPF_FAIL, FORGED_PASS], "jo@example.com").verdict == Verdict.FAILED
    assert sender_check([PASS, SPF_FAIL], "jo@example.com").verdict == Verdict.CONFIRMED


def test_the_authserv_id_is_compared_without_regard_to_case():
    check = sender_check([SPF_FAIL.replace(OURS, "MX.RightThere.Test")], "jo@example.com", OURS)

    assert check.verdict == Verdict.FAILED
