from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, lazy

from rightthere.accounts.profile import business_name, business_profile


def business(request: HttpRequest) -> dict[str, object]:
    """The business as customers see it (Business profile); read only by pages that show
    it, so staff pages cost no query for it."""
    return {"business_name": lazy(business_name, str)(),
            "business": SimpleLazyObject(business_profile)}  # fmt: skip
