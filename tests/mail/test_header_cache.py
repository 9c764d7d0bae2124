"""The parser's header cache changes nothing: every header of every corpus mail
reads the same, defects included, as with the standard library's policy.default,
however often and in whichever order mails are read."""

from email import message_from_bytes, policy

from rightthere.mail.headers import POLICY
from rightthere.mail.parser import parse_mail
from tests.mail.mails import corpus


def _headers(raw: bytes, mail_policy) -> list[tuple]:
    message = message_from_bytes(raw, policy=mail_policy)
    read = []
    for part in message.walk():
        for name in part:
            try:
                value = part.get(name)
            except Exception as error:  # a header the standard parser cannot read at all
                read.append((name, "error", type(error).__name__))
                continue
            read.append((name, str(value), type(value).__mro__[1].__name__,
                         [type(d).__name__ for d in value.defects],
                         str(getattr(value, "params", ""))))  # fmt: skip
    return read


def test_every_header_of_the_corpus_reads_as_with_policy_default():
    raws = [path.read_bytes() for path in corpus()]

    # Twice, so the second round reads from the cache.
    for _ in range(2):
        for raw in raws:
            assert _headers(raw, POLICY) == _headers(raw, policy.default)


def test_parsing_a_mail_twice_gives_the_same_result():
    for path in corpus():
        raw = path.read_bytes()
        try:
            first = parse_mail(raw)
        except Exception as error:
            first = type(error).__name__
        try:
            second = parse_mail(raw)
        except Exception as error:
            second = type(error).__name__
        assert first == second
