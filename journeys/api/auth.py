"""API credentials (design section 8): write keys for SDKs, user tokens for people and scripts.

- `WriteKeyAuthentication`: a write key (`wk_…`, workspace.WriteKey) as `Authorization: Token wk_…` or,
  Segment style, `Authorization: Basic base64("wk_…:")`. It is tried on every endpoint, so that a write
  key anywhere but ingest is a known caller refused by core.permissions (403), not an unknown one (401).
- DRF's `TokenAuthentication` (keys from `manage.py drf_create_token`) acts as the token's user, with
  that user's roles.
- `UserTokenBasicAuthentication`: a user token as the Basic username, on the ingest endpoints only (SDKs
  set up before write keys existed keep working; the user's roles still apply).
"""
from __future__ import annotations

import base64
import binascii

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, TokenAuthentication, get_authorization_header

from workspace import selectors as workspace_selectors
from workspace.models import WRITE_KEY_PREFIX


class WriteKeyCaller:
    """`request.user` for a write key: authenticated, no user behind it, in no role."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    is_write_key = True
    pk = id = None

    def __init__(self, write_key):
        self.write_key = write_key
        self.username = f"write key {write_key.name} ({write_key.prefix}…)"

    def get_username(self) -> str:
        return self.username

    def __str__(self) -> str:
        return self.username


def _basic_username(header: str) -> str | None:
    """The username of `Basic base64(username:password)`; None when the header is not Basic."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        username, _, _password = base64.b64decode(encoded.strip()).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise exceptions.AuthenticationFailed("Invalid basic header: not base64 of 'key:'.") from None
    return username


def _presented_write_key(header: str) -> str | None:
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "token":
        value = value.strip()
        return value if value.startswith(WRITE_KEY_PREFIX) else None
    if scheme.lower() == "basic":
        try:
            username = _basic_username(header)
        except exceptions.AuthenticationFailed:
            return None  # not ours to judge: another authenticator may take it, or none does (401)
        return username if username and username.startswith(WRITE_KEY_PREFIX) else None
    return None


class WriteKeyAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = get_authorization_header(request).decode("latin-1")
        secret = _presented_write_key(header)
        if secret is None:
            return None
        key = workspace_selectors.write_key_by_secret(secret)
        if key is None:
            raise exceptions.AuthenticationFailed("Unknown write key.")
        if key.is_revoked:
            raise exceptions.AuthenticationFailed("This write key was revoked.")
        return WriteKeyCaller(key), key

    def authenticate_header(self, request):
        return self.keyword


class UserTokenBasicAuthentication(BaseAuthentication):
    """A user token (not a write key) as the Basic username with an empty password."""

    def authenticate(self, request):
        username = _basic_username(get_authorization_header(request).decode("latin-1"))
        if username is None or username.startswith(WRITE_KEY_PREFIX):
            return None
        if not username:
            raise exceptions.AuthenticationFailed("Invalid basic header: the API key goes in the username.")
        return TokenAuthentication().authenticate_credentials(username)

    def authenticate_header(self, request):
        return 'Basic realm="api"'
