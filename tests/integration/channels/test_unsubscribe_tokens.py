"""Unsubscribe tokens are opaque (a signed random key, no address), and the links in mail already sent still work."""
import base64
import binascii
import json
import zlib

import pytest
from django.core import signing
from django.test import Client

from channels_app.models import Message, Suppression
from channels_app.services.unsubscribe import UNSUBSCRIBE_SALT, read_unsubscribe_token, unsubscribe_token
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def email(public_base_url):
    return MessageFactory(channel="email", status="sent", address="p9-unsubscriber@example.com")


def decoded_parts(token: str) -> list[bytes]:
    """Whatever base64 (and zlib) could make of each part of a token."""
    found = []
    for part in token.lstrip(".").split(":"):
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            continue
        found.append(raw)
        try:
            found.append(zlib.decompress(raw))
        except zlib.error:
            pass
    return found


def test_a_new_token_carries_no_address(email):
    # When the link of a message is built
    token = unsubscribe_token(email)

    # Then neither the token nor anything it decodes to holds the address or the message id
    assert "p9-unsubscriber" not in token  # the local part: a random token holds a two-letter one by chance
    assert not any(b"p9-unsubscriber@example.com" in part or b'"m"' in part for part in decoded_parts(token))
    # and it is the message's random key, signed
    email.refresh_from_db()
    assert token.split(":")[0] == email.unsubscribe_key and len(email.unsubscribe_key) >= 32


def test_the_token_of_a_message_is_stable_and_unique_to_it(email):
    other = MessageFactory(channel="email", status="sent", address="q1@example.com")
    first = unsubscribe_token(email)
    assert unsubscribe_token(Message.objects.get(pk=email.pk)) == first
    assert unsubscribe_token(other) != first


def test_the_token_leads_to_the_messages_channel_and_address(email):
    target = read_unsubscribe_token(unsubscribe_token(email))
    assert (target.message_id, target.channel, target.address) == (email.pk, "email", "p9-unsubscriber@example.com")


def test_following_a_new_link_unsubscribes_the_address_it_was_sent_to(email):
    response = Client().post(f"/unsubscribe/{unsubscribe_token(email)}")
    assert response.status_code == 200
    assert Suppression.objects.get().address == "p9-unsubscriber@example.com"


def test_a_legacy_looking_token_that_we_did_not_sign_unsubscribes_nobody(email):
    # Given a token shaped like the old ones: the address, base64, with a made-up signature
    payload = base64.urlsafe_b64encode(json.dumps({"m": email.pk, "c": "email", "a": "p9-unsubscriber@example.com"},
                                                  separators=(",", ":")).encode()).decode().rstrip("=")
    for forged in (payload, f"{payload}:1u2v3w:forgedsignature", f".{payload}:1u2v3w:AAAA"):
        # When anyone posts it
        response = Client().post(f"/unsubscribe/{forged}")
        # Then it is a 404 and nothing is blacklisted
        assert response.status_code == 404
    assert not Suppression.objects.exists()


def test_a_legacy_token_we_signed_keeps_working_for_mail_already_sent(email):
    # Given a link in an email sent before tokens became opaque
    legacy = signing.dumps({"m": email.pk, "c": "email", "a": email.address}, salt=UNSUBSCRIBE_SALT, compress=True)

    # When the recipient follows it
    response = Client().post(f"/unsubscribe/{legacy}")

    # Then it still unsubscribes that address
    assert response.status_code == 200 and Suppression.objects.get().address == "p9-unsubscriber@example.com"


def test_a_signed_key_of_no_message_is_a_404(public_base_url):
    token = signing.Signer(salt="channels_app.unsubscribe.key").sign("no-such-key")
    assert Client().post(f"/unsubscribe/{token}").status_code == 404
    assert not Suppression.objects.exists()


def test_a_link_built_from_a_copy_loaded_earlier_gets_the_key_already_given(email):
    # Given a copy of the message loaded before another worker built its link
    stale = Message.objects.get(pk=email.pk)
    first = unsubscribe_token(email)

    # Then building the link from the stale copy finds that key instead of making a second one
    assert unsubscribe_token(stale) == first
    assert Message.objects.filter(unsubscribe_key__isnull=False).count() == 1
