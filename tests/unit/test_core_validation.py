"""core.validation: the edge's pure checks, each failure an InputError naming the field path."""
from datetime import datetime, timezone

import pytest

from core.addresses import check_traits, matching_address, normalise_email, normalise_phone
from core.validation import (
    INT64_MAX, MAX_JSON_DEPTH, TEN_YEARS_SECONDS, InputError, check_int, check_json, check_moment, check_number,
    check_text, check_timezone, loads, parse_int, parse_moment,
)


def nested(depth: int, leaf=1) -> dict:
    """{"a": {"a": … leaf}} with `depth` objects, built without recursion."""
    value = leaf
    for _ in range(depth):
        value = {"a": value}
    return value


def field_of(call) -> str:
    with pytest.raises(InputError) as raised:
        call()
    return raised.value.field


@pytest.mark.parametrize("value, field", [
    ({"name": "a\x00b"}, "properties.name"),
    ({"a\x00b": 1}, "properties.a\\u0000b"),
    ({"list": [1, "ok", "\ud800"]}, "properties.list[2]"),
    ({"deep": {"er": ["x", {"key\udfff": 1}]}}, "properties.deep.er[1].key\\udfff"),
    ({"n": 2**63}, "properties.n"),
    ({"n": -(2**63) - 1}, "properties.n"),
    ({"x": float("inf")}, "properties.x"),
    ({"x": float("nan")}, "properties.x"),
])
def test_a_bad_string_or_number_at_any_depth_names_its_path(value, field):
    # when the value is walked
    # then the error names the exact spot, with bad characters escaped so the answer is valid JSON
    assert field_of(lambda: check_json(value, "properties")) == field


def test_the_first_problem_in_document_order_is_reported():
    # given two bad values
    value = {"first": "\x00", "second": "\x00"}
    # then the first one is named
    assert field_of(lambda: check_json(value, "p")) == "p.first"


def test_nesting_is_bounded_at_32_levels_and_names_the_field_itself():
    # given a value exactly at the limit, and one deeper
    check_json(nested(MAX_JSON_DEPTH), "traits")
    # then the deeper one is refused as a whole
    assert field_of(lambda: check_json(nested(MAX_JSON_DEPTH + 1), "traits")) == "traits"


def test_a_value_deeper_than_the_interpreter_could_recurse_is_walked_without_recursion():
    # given 100,000 levels (Python's recursion limit is 1,000)
    value = nested(100_000)
    # then the walk refuses it rather than crashing
    assert field_of(lambda: check_json(value, "")) == "body"


def test_loads_answers_an_input_error_for_a_document_that_breaks_the_decoder():
    # given 5,000 "[" (json.loads recurses and raises RecursionError)
    assert field_of(lambda: loads("[" * 5000 + "]" * 5000)) == "body"
    assert field_of(lambda: loads("{not json")) == "body"
    assert loads('[{"event": "open"}]') == [{"event": "open"}]


@pytest.mark.parametrize("text, field", [
    ('{"batch": [{"event": "ok"}, {"event": "a\\u0000"}]}', "batch[1].event"),
    ('{"name": "\\ud83d"}', "name"),
    ('{"name": "\\ude00 alone"}', "name"),
    ('{"n": 9223372036854775808}', "n"),
    ('{"n": -9223372036854775809}', "n"),
    ('{"n": ' + "9" * 5000 + "}", "n"),
    ('{"x": 1e400}', "x"),
    ('{"x": NaN}', "x"),
])
def test_loads_names_the_spot_of_a_bad_string_or_number(text, field):
    # when a body is decoded on the lean path
    # then a problem is still found, and named as the full walk names it
    assert field_of(lambda: loads(text, "")) == field


def test_loads_lets_escaped_emoji_and_escaped_backslashes_through():
    # given a surrogate pair (an emoji, as ensure_ascii writes it) and a literal backslash-u0000 text
    text = '{"title": "\\ud83d\\ude00", "note": "\\\\u0000", "n": 9223372036854775807}'
    # then both are ordinary text
    assert loads(text, "") == {"title": "\U0001f600", "note": "\\u0000", "n": 2**63 - 1}


def test_clean_json_passes_unchanged():
    value = {"plan": "pro", "tags": ["a", "b"], "n": INT64_MAX, "ratio": 0.5, "ok": True, "none": None, "ü": "日本"}
    assert check_json(value, "traits") is value


@pytest.mark.parametrize("text", ["a\x00", "\ud800", "x\udc00y"])
def test_text_with_nul_or_a_lone_surrogate_is_refused(text):
    assert field_of(lambda: check_text(text, "event")) == "event"


def test_numbers_are_bounded():
    assert check_int(5, "limit", minimum=1, maximum=10) == 5
    assert field_of(lambda: check_int(True, "limit")) == "limit"
    assert field_of(lambda: check_int(11, "limit", minimum=1, maximum=10)) == "limit"
    assert check_number(1.5, "after_seconds", minimum=0, maximum=TEN_YEARS_SECONDS) == 1.5
    too_far = lambda: check_number(1e300, "after_seconds", minimum=0, maximum=TEN_YEARS_SECONDS)  # noqa: E731
    assert field_of(too_far) == "after_seconds"


@pytest.mark.parametrize("text", ["99999999999999999999", "0", "-1", "abc", "1" * 5000, "²"])
def test_an_id_parameter_must_be_a_positive_64_bit_number(text):
    assert field_of(lambda: parse_int(text, "journey")) == "journey"


def test_an_id_parameter_in_range_is_read():
    assert parse_int(str(INT64_MAX), "journey") == INT64_MAX


@pytest.mark.parametrize("text", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "1969-12-31T23:59:59Z",
                                  "2200-01-01T00:00:01Z", "yesterday", "1" * 1000])
def test_timestamps_out_of_range_or_unreadable_are_refused(text):
    assert field_of(lambda: parse_moment(text, "timestamp")) == "timestamp"


def test_timestamps_are_normalised_to_utc():
    # given a timestamp with an offset, and one without
    # then both come back in UTC
    assert parse_moment("2026-03-01T10:00:00+05:30", "t") == datetime(2026, 3, 1, 4, 30, tzinfo=timezone.utc)
    assert parse_moment("2026-03-01T10:00:00", "t").tzinfo == timezone.utc
    assert check_moment(datetime(1970, 1, 1), "t") == datetime(1970, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "localtime", "europe/paris", 3, None])
def test_a_timezone_must_be_an_iana_name(name):
    assert field_of(lambda: check_timezone(name, "traits.timezone")) == "traits.timezone"


def test_iana_timezones_pass():
    assert check_timezone("Europe/Paris", "tz") == "Europe/Paris"
    assert check_timezone("UTC", "tz") == "UTC"


@pytest.mark.parametrize("value", ["not-an-email", "a@b", "a b@example.com", "@example.com", "a@@example.com",
                                   {"a": 1}, 42, "x" * 250 + "@example.com"])
def test_an_email_must_look_like_one(value):
    assert field_of(lambda: normalise_email(value, "traits.email")) == "traits.email"


def test_an_email_is_trimmed_and_lower_cased():
    assert normalise_email("  Ada.Lovelace@Example.COM ", "email") == "ada.lovelace@example.com"


def test_a_phone_is_normalised_to_e164():
    assert normalise_phone("+1 (555) 555-0100", "phone") == "+15555550100"
    assert normalise_phone("+33 6 12 34 56 78", "phone") == "+33612345678"


@pytest.mark.parametrize("value", ["call me", "+1", "+1555", "0612345678", {"n": 1}, True])
def test_a_phone_that_is_no_number_or_lacks_a_country_code_is_refused(value, monkeypatch):
    # given no default region
    monkeypatch.delenv("JOURNEYS_DEFAULT_PHONE_REGION", raising=False)
    assert field_of(lambda: normalise_phone(value, "traits.phone")) == "traits.phone"


def test_a_local_phone_is_read_in_the_default_region(monkeypatch):
    # given a default region from the environment
    monkeypatch.setenv("JOURNEYS_DEFAULT_PHONE_REGION", "fr")
    # then a number without a country code is read as French
    assert normalise_phone("06 12 34 56 78", "phone") == "+33612345678"


def test_traits_come_back_with_their_addresses_normalised_and_the_rest_untouched():
    traits = {"email": "Ada@Example.com", "phone": "+1 555 555 0100", "timezone": "Europe/Paris", "plan": "Pro"}
    assert check_traits(traits, "traits") == {"email": "ada@example.com", "phone": "+15555550100",
                                              "timezone": "Europe/Paris", "plan": "Pro"}
    assert traits["email"] == "Ada@Example.com"  # the caller's dict is not changed
    assert check_traits({"email": None, "phone": ""}, "traits") == {"email": None, "phone": ""}  # clearing stays


@pytest.mark.parametrize("traits, field", [
    ({"timezone": "Mars/Olympus"}, "batch[3].traits.timezone"),
    ({"email": "not-an-email"}, "batch[3].traits.email"),
    ({"phone": "call me"}, "batch[3].traits.phone"),
    ({"nested": nested(MAX_JSON_DEPTH)}, "batch[3].traits"),
])
def test_bad_traits_name_the_trait_under_the_given_prefix(traits, field):
    assert field_of(lambda: check_traits(traits, "batch[3].traits")) == field


@pytest.mark.parametrize("address, channel, expected", [
    ("Ada@Example.com ", "email", "ada@example.com"),
    ("Ada@Example.com", None, "ada@example.com"),
    ("+1 (555) 555-0100", "sms", "+15555550100"),
    ("+1 (555) 555-0100", "all", "+15555550100"),
    ("+1555", "sms", "+1555"),  # not a number libphonenumber accepts: kept, trimmed
    ("https://Example.com/Hook", "webhook", "https://Example.com/Hook"),
    ("Ada", "inapp", "Ada"),
    ("", "email", ""),
])
def test_matching_address_never_raises_and_gives_the_stored_form(address, channel, expected):
    assert matching_address(address, channel) == expected
