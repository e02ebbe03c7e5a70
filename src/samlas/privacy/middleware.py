"""Permissions-Policy: the site uses no camera, microphone, location or payment API, and
says so, so that nothing embedded or injected can ask the visitor for them."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", POLICY)
        return response
