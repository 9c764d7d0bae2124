import pytest
from django.core.management import call_command
from django.db import connection

from rightthere.cases.search import search_case_ids
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_rebuild_search_restores_a_lost_index(capsys):
    case = make_case(subject="Garage door", body="the remote stopped working")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM case_search")
    assert search_case_ids("remote") == []

    call_command("rebuild_search")

    assert search_case_ids("remote") == [case.pk]
    assert "Indexed 1 cases" in capsys.readouterr().out
