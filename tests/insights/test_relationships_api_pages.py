"""`GET /api/relationships` pages through every customer (it answered 500 as soon as
there were more rows than the page: the cursor read `customer__name` off the row)."""

import pytest

from rightthere.insights.relationships import relationship_of
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_relationships_page_through_all_customers_in_name_order(owner, as_user):
    names = ["Cole", "Ahmed", "Baker", "Evans", "Dune"]
    for name in names:
        relationship_of(CustomerFactory(name=name))
    client = as_user(owner)

    seen, url = [], "/api/relationships?limit=2"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert len(body["items"]) <= 2
        seen += [item["name"] for item in body["items"]]
        url = f"/api/relationships?limit=2&cursor={body['next']}" if body["next"] else ""

    assert seen == sorted(names)
