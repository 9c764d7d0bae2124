from django.conf import settings
from django.http import HttpRequest


def business(request: HttpRequest) -> dict[str, str]:
    return {"business_name": settings.RIGHTTHERE["BUSINESS_NAME"]}
