"""What a viewer sees of a contact's data: addresses masked by key, by shape, inside text, at any depth."""
import json

import pytest

from core.masking import addresses_in, contact_addresses, is_address_key, mask_data, mask_text


@pytest.mark.parametrize("key", [
    "email", "Email", "EMAIL", "work_email", "workEmail", "Work-Email", "billing.email", "emailAddress",
    "phone", "mobile", "mobile_phone", "telephone", "tel", "to", "From", "msisdn", "whatsapp",
    "openid", "wechat_openid", "unionid", "device_token", "pushToken", "fcm_token", "address", "shipping_address",
])
def test_address_like_key_names_are_recognised_whatever_their_case_and_separators(key):
    assert is_address_key(key)


@pytest.mark.parametrize("key", ["plan", "total", "hotel", "fromage", "cancellation", "tokens_used", "first_name",
                                 "userId", "currency"])
def test_other_keys_are_not_address_keys(key):
    # "to" in "total", "tel" in "hotel", "cell" in "cancellation": whole-name rules, not substrings
    assert not is_address_key(key)


def test_traits_under_several_address_names_are_masked_and_the_rest_kept():
    # Given traits holding addresses under several names
    traits = {"email": "ada@example.com", "work_email": "ada@corp.example", "mobile": "+447700900123",
              "plan": "pro", "age": 37, "vip": True}

    # When they are masked
    masked = mask_data(traits)

    # Then every address is masked, everything else is as it was
    assert masked == {"email": "a***@example.com", "work_email": "a***@corp.example", "mobile": "+4*******0123",
                      "plan": "pro", "age": 37, "vip": True}


def test_nested_dicts_and_lists_are_masked_at_any_depth():
    data = {"billing": {"email": "bill@example.com", "contacts": [{"phone": "+15555550100"}, {"name": "Bo"}]},
            "emails": ["a@example.com", "b@example.com"]}
    assert mask_data(data) == {
        "billing": {"email": "b***@example.com", "contacts": [{"phone": "+1******0100"}, {"name": "Bo"}]},
        "emails": ["a***@example.com", "b***@example.com"]}


def test_everything_under_an_address_key_is_masked_even_what_does_not_look_like_one():
    masked = mask_data({"address": {"street": "1 Main St", "city": "Springfield"}, "openid": "oXyZ_abc",
                        "device_token": "f00dfeed", "phone": 15555550100})
    assert masked == {"address": {"street": "***", "city": "***"}, "openid": "***", "device_token": "***",
                      "phone": "15*****0100"}


def test_values_shaped_like_addresses_are_masked_under_any_key():
    masked = mask_data({"contact_no": "13800138000", "note": "ada@example.com", "x": "+44 7700 900123"})
    assert masked == {"contact_no": "13*****8000", "note": "a***@example.com", "x": "+4*********0123"}


@pytest.mark.parametrize("text, expected", [
    ("Hi Ada, we sent it to ada@example.com.", "Hi Ada, we sent it to a***@example.com."),
    ("Call +1 (555) 555-0100 today", "Call +1***********0100 today"),
    ("tel:+15555550100", "tel:+1******0100"),
    ("a link ?email=ada%40example.com&phone=%2B15555550100", "a link ?email=a***%40example.com&phone=%2B15*****0100"),
    ('<a href="https://j.example.com/unsubscribe/eyJtIjoxMn0:1u:sig">bye</a>',
     '<a href="https://j.example.com/unsubscribe/***">bye</a>'),
])
def test_addresses_and_unsubscribe_links_inside_free_text_are_masked(text, expected):
    assert mask_text(text) == expected


@pytest.mark.parametrize("text", [
    "2026-06-01", "2026-06-01T12:00:00+00:00", "2026-06-01 12:00:00", "01/06/2026", "price 1234567.89",
    "code 123456", "id 123e4567-e89b-12d3-a456-426614174000", "order AB10023456", "Hi Ada, 20% off today",
])
def test_dates_decimals_short_codes_and_ids_are_not_taken_for_phone_numbers(text):
    assert mask_text(text) == text


def test_a_json_document_inside_a_string_is_masked_as_a_document():
    # Given a webhook body: JSON as text, with an openid that no regex could recognise
    body = json.dumps({"user": {"openid": "oAbCdEfGhIjKlMn", "mail": "ada@example.com"}, "n": 1})

    # Then it is masked by key and by shape, and still JSON
    assert json.loads(mask_text(body)) == {"user": {"openid": "***", "mail": "a***@example.com"}, "n": 1}


def test_known_addresses_are_masked_wherever_they_appear():
    # Given a contact whose push token appears in a rendered body
    known = contact_addresses("ada@example.com", "", {"push": {"device_token": "tok_9f8e7d6c5b4a3f2e1d"}})

    # When text carrying it is masked with the contact's addresses known
    masked = mask_text("sent to tok_9f8e7d6c5b4a3f2e1d via push", known)

    # Then the token is masked although nothing about its shape says address
    assert "tok_9f8e7d6c5b4a3f2e1d" not in masked and masked.startswith("sent to ")


def test_words_under_address_keys_are_not_masked_everywhere_as_known_addresses():
    known = addresses_in({"email_status": "bounced", "email": "ada@example.com"})
    assert mask_text("it bounced", known) == "it bounced"


def test_masking_twice_changes_nothing_more():
    once = mask_data({"text": "ada@example.com +15555550100", "email": "ada@example.com"})
    assert mask_data(once) == once


def test_lists_of_rows_are_masked_row_by_row_and_the_input_is_left_alone():
    rows = [{"to": "ada@example.com"}, {"to": "+15555550100"}]
    assert mask_data(rows) == [{"to": "a***@example.com"}, {"to": "+1******0100"}]
    assert rows[0]["to"] == "ada@example.com"
