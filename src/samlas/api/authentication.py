"""Token authentication: `Authorization: Bearer samlas_<prefix>_<secret>`."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from samlas.api import services


class TokenAuthentication(BaseAuthentication):
    """The request acts as the token's service account (request.user) — a member of the
    token's organisation with the token's role — and request.auth is the ApiToken."""

    def authenticate(self, request):
        header = get_authorization_header(request)
        if not header:
            return None
        scheme, _sep, raw = header.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise AuthenticationFailed(_("Send the token as: Authorization: Bearer <token>."))
        token = services.authenticate(raw.strip())
        if token is None:
            raise AuthenticationFailed(_("The token is not valid, has expired or was revoked."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="samlas"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "samlas.api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An organisation's API token (python -m samlas create_api_token).",
        }
