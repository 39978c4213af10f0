"""Segment-style auth: HTTP Basic with the API key as username and an empty password."""
import base64
import binascii

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, TokenAuthentication


class WriteKeyBasicAuthentication(BaseAuthentication):
    keyword = "Basic"

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic" or not encoded:
            return None
        try:
            username, _, _password = base64.b64decode(encoded.strip()).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise exceptions.AuthenticationFailed("Invalid basic header: not base64 of 'key:'.") from None
        if not username:
            raise exceptions.AuthenticationFailed("Invalid basic header: the API key goes in the username.")
        # Same keys as `Authorization: Token <key>`, from `manage.py drf_create_token`.
        return TokenAuthentication().authenticate_credentials(username)

    def authenticate_header(self, request):
        return 'Basic realm="api"'
