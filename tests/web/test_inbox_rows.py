"""The inbox's rows (written by the `case_row` tag, #23) show what the template did."""

from django.urls import reverse, set_script_prefix

from rightthere.accounts.profile import update_business_profile
from tests.factories import CustomerFactory, UserFactory, make_case


def test_an_unread_unassigned_case_of_an_internal_customer_reads_as_such(as_user, owner, agent):
    case = make_case(subject="Printer <jammed>", customer=CustomerFactory(internal=True))
    make_case(subject="Assigned & new", assignee=agent)

    page = as_user(owner).get(reverse("inbox")).content.decode()

    assert (
        f'<input type="checkbox" class="select-case" name="case" value="{case.pk}" '
        f'form="bulk-form" aria-label="Select {case.reference}"> '
        f'<a href="/cases/{case.pk}/"><span class="ref">{case.reference}</span> '
        "Printer &lt;jammed&gt;</a>"
    ) in page
    assert '<span class="badge badge-internal" title="Internal customer">internal</span>' in page
    assert '<span class="muted">unassigned</span>' in page
    assert '<tr class="unread">' in page  # the assignee has not opened it
    assert '<strong class="badge badge-unread">New</strong>' in page
    assert "Assigned &amp; new" in page


def test_a_german_business_reads_the_rows_words_in_german(as_user, owner, agent):
    update_business_profile(owner, language="de")
    case = make_case(subject="Heizung", customer=CustomerFactory(internal=True))
    make_case(subject="Neu und zugewiesen", assignee=agent)

    page = as_user(owner).get(reverse("inbox")).content.decode()

    assert f'aria-label="{case.reference} auswählen"' in page
    assert '<span class="badge badge-internal" title="Interner Kunde">intern</span>' in page
    assert '<span class="muted">nicht zugewiesen</span>' in page
    assert '<strong class="badge badge-unread">Neu</strong>' in page


def test_a_rows_link_and_the_views_links_follow_the_sites_url_prefix(as_user, owner):
    case = make_case(subject="Behind a proxy")
    client = as_user(owner)
    client.get(reverse("inbox"))  # the links remembered without a prefix first

    set_script_prefix("/desk/")  # as the server sets it from SCRIPT_NAME
    try:
        page = client.get("/").content.decode()
        counts = client.get("/inbox/counts/").content.decode()
    finally:
        set_script_prefix("/")

    assert f'<a href="/desk/cases/{case.pk}/"><span class="ref">' in page
    assert 'href="/desk/?view=mine"' in page
    assert 'href="/desk/?view=mine"' in counts


def test_every_name_in_a_row_is_escaped(as_user, owner):
    person = UserFactory(first_name='<Zed> & "Co"', last_name="O'Neil")
    make_case(
        subject="Leak <b>bold</b> & 'quoted'",
        customer=CustomerFactory(name='A&B <x> "q"'),
        assignee=person,
    )

    page = as_user(owner).get(reverse("inbox")).content.decode()

    assert "Leak &lt;b&gt;bold&lt;/b&gt; &amp; &#x27;quoted&#x27;</a>" in page
    assert "<td>A&amp;B &lt;x&gt; &quot;q&quot;</td>" in page
    assert "<td>&lt;Zed&gt; &amp; &quot;Co&quot; O&#x27;Neil</td>" in page
