"""The inbox's filter form is kept per process for what it shows (#23): the next
request still shows a new team, a renamed person, and its own words and choices."""

from django.urls import reverse

from tests.factories import TeamFactory, UserFactory


def filters_of(page: str) -> str:
    start = page.index('<form class="filters"')
    return page[start : page.index("</form>", start)]


def test_a_new_team_and_a_renamed_person_show_on_the_next_request(as_user, owner):
    client = as_user(owner)
    person = UserFactory(first_name="Ada", last_name="Lovelace")
    before = filters_of(client.get(reverse("inbox")).content.decode())

    team = TeamFactory(name="Heat pumps")
    person.first_name = "Augusta"
    person.save()
    after = filters_of(client.get(reverse("inbox")).content.decode())

    assert "Heat pumps" not in before
    assert f'<option value="{team.pk}">Heat pumps</option>' in after
    assert "Augusta Lovelace" in after
    assert "Ada Lovelace" not in after


def test_each_request_shows_its_own_search_words_and_choices(as_user, owner):
    client = as_user(owner)
    team = TeamFactory(name="Billing")
    client.get(reverse("inbox"))

    page = client.get(reverse("inbox"), {"q": "boiler <leak>", "team": team.pk}).content
    form = filters_of(page.decode())
    plain = filters_of(client.get(reverse("inbox")).content.decode())

    assert 'value="boiler &lt;leak&gt;"' in form
    assert f'<option value="{team.pk}" selected>Billing</option>' in form
    assert 'name="q" value=""' in plain
    assert f'<option value="{team.pk}">Billing</option>' in plain


def test_a_technician_gets_no_team_or_assignee_filter_after_an_owner(as_user, owner, technician):
    TeamFactory(name="Field")
    as_user(owner).get(reverse("inbox"))

    form = filters_of(as_user(technician).get(reverse("inbox")).content.decode())

    assert 'name="team"' not in form
    assert 'name="assignee"' not in form
