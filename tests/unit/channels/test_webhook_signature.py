"""The webhook channel's signature, as a receiver verifies it."""
import hashlib
import hmac

from channels_app.providers.webhook import sign, verify_signature

SECRET = "whsec_test"
BODY = b'{"userId":"ada"}'


def test_the_header_is_hmac_sha256_over_timestamp_and_body():
    header = sign(SECRET, BODY, 1_780_000_000)
    expected = hmac.new(SECRET.encode(), b"1780000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1780000000,v1={expected}"


def test_verification_needs_the_right_secret_body_and_a_fresh_timestamp():
    header = sign(SECRET, BODY, 1_780_000_000)
    assert verify_signature(SECRET, header, BODY, now=1_780_000_010)
    assert not verify_signature("whsec_other", header, BODY, now=1_780_000_010)
    assert not verify_signature(SECRET, header, BODY + b" ", now=1_780_000_010)
    assert not verify_signature(SECRET, header, BODY, now=1_780_000_000 + 3600)  # replayed an hour later
    assert not verify_signature(SECRET, "garbage", BODY, now=1_780_000_010)
    assert not verify_signature(SECRET, header.replace("t=1780000000", "t=1780000005"), BODY, now=1_780_000_010)
