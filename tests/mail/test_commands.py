import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rightthere.cases.models import Case
from tests.mail.mails import FIXTURES

pytestmark = pytest.mark.django_db


def test_import_eml_prints_a_case_reference_per_file(capsys):
    call_command("import_eml", str(FIXTURES / "plain_request.eml"), str(FIXTURES / "html_only.eml"))

    out = capsys.readouterr().out
    references = sorted(case.reference for case in Case.objects.all())
    assert f"plain_request.eml: {references[0]} (new case)" in out
    assert f"html_only.eml: {references[1]} (new case)" in out


def test_import_eml_reports_duplicates_replies_and_failures(capsys):
    call_command("import_eml", str(FIXTURES / "plain_request.eml"))
    case = Case.objects.get()

    with pytest.raises(CommandError, match="2 of 4 files were not imported"):
        call_command(
            "import_eml",
            str(FIXTURES / "plain_request.eml"),
            str(FIXTURES / "quoted_reply_signature.eml"),
            str(FIXTURES / "no_sender.eml"),
            str(FIXTURES / "missing-file.eml"),
        )

    out = capsys.readouterr().out
    assert "plain_request.eml: duplicate of mail #" in out
    assert f"quoted_reply_signature.eml: {case.reference} (added to case)" in out
    assert "no_sender.eml: failed: The mail has no sender address" in out
    assert "missing-file.eml: cannot read: No such file or directory" in out
