"""How provider failures are classified: which are retried, after how long, and which blacklist."""
import time
from email.utils import formatdate

import pytest

from channels_app.providers import errors


@pytest.mark.parametrize("code, retryable, suppress", [
    (20429, True, False), (30003, True, False), (30008, True, False),
    (21211, False, False), (30005, False, False), (30006, False, False), (30007, False, False),
    (21610, False, True),
])
def test_twilio_codes_decide_before_the_http_status(code, retryable, suppress):
    result = errors.twilio_failure(400, code, "m")
    assert (result.retryable, bool(result.suppress_reason), result.error_code) == (retryable, suppress, str(code))


@pytest.mark.parametrize("status, retryable", [(400, False), (401, False), (404, False), (408, True), (409, False),
                                               (425, True), (429, True), (500, True), (502, True), (503, True)])
def test_http_status_classes(status, retryable):
    assert errors.http_failure(status).retryable is retryable


def test_an_unknown_twilio_code_falls_back_to_the_status():
    assert errors.twilio_failure(503, 99999, "x").retryable
    assert not errors.twilio_failure(400, 99999, "x").retryable
    assert errors.twilio_failure(400, 99999, "x").error_code == "99999"


def test_retry_after_in_seconds_or_as_a_date():
    assert errors.retry_after_seconds({"Retry-After": "120"}) == 120
    now = time.time()
    assert 59 <= errors.retry_after_seconds({"retry-after": formatdate(now + 60, usegmt=True)}, now=now) <= 60


def test_x_ratelimit_reset_as_epoch_or_delta():
    now = 1_780_000_000.0
    assert errors.retry_after_seconds({"X-RateLimit-Reset": str(int(now) + 30)}, now=now) == 30
    assert errors.retry_after_seconds({"X-RateLimit-Reset": "12"}, now=now) == 12
    assert errors.retry_after_seconds({"X-RateLimit-Reset": "soon"}, now=now) is None
    assert errors.retry_after_seconds({}, now=now) is None


def test_retry_after_is_only_read_for_retryable_answers():
    assert errors.http_failure(429, {"Retry-After": "5"}).retry_after == 5
    assert errors.http_failure(400, {"Retry-After": "5"}).retry_after is None


def test_only_ambiguous_transport_errors_need_a_reconcile_before_resending():
    assert errors.TIMEOUT in errors.AMBIGUOUS_ERRORS and errors.CONNECTION_RESET in errors.AMBIGUOUS_ERRORS
    assert errors.CONNECTION_ERROR not in errors.AMBIGUOUS_ERRORS
