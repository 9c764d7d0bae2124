from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, lazy

from rightthere.accounts.profile import business_name, business_profile

# Made once: `lazy` builds a new proxy class on each call (~0.15 ms on every page).
_lazy_business_name = lazy(business_name, str)


def business(request: HttpRequest) -> dict[str, object]:
    """The business as customers see it (Business profile); read only by pages that show
    it, so staff pages cost no query for it."""
    return {"business_name": _lazy_business_name(),
            "business": SimpleLazyObject(business_profile)}  # fmt: skip
