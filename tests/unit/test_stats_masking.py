"""Masking addresses for viewers: enough to tell the kind of address, not whose it is."""
from core.masking import mask_address, mask_mapping


def test_email_keeps_first_letter_and_domain():
    assert mask_address("ada@example.com") == "a***@example.com"


def test_phone_keeps_prefix_and_last_four():
    masked = mask_address("+15555550100")
    assert masked.startswith("+1") and masked.endswith("0100") and "5555" not in masked


def test_urls_keep_only_the_host():
    assert mask_address("https://hooks.example.com/secret/path") == "https://hooks.example.com/***"


def test_empty_and_short_values():
    assert mask_address("") == ""
    assert mask_address("demo-contact") == "***"


def test_mappings_mask_address_keys_only():
    assert mask_mapping({"email": "bob@x.io", "plan": "pro", "to": "+447700900123"}) == {
        "email": "b***@x.io", "plan": "pro", "to": "+4*******0123"}
