"""A frequency cap rule in words (channels_app/cap_wording.py), in both languages."""
import pytest
from django.utils import translation

from channels_app.cap_wording import rule_in_words, window_in_words, window_split


@pytest.mark.parametrize("seconds,words", [
    (86400, "24 h"), (2 * 86400, "2 days"), (3600, "1 h"), (1800, "30 min"), (90, "90 s"), (7 * 86400, "7 days")])
def test_a_window_reads_in_the_largest_unit_that_divides_it(seconds, words):
    with translation.override("en"):
        assert window_in_words(seconds) == words


@pytest.mark.parametrize("seconds,split", [(86400, (1, "days")), (5400, (90, "minutes")), (61, (61, "seconds"))])
def test_the_edit_form_gets_the_window_back_as_amount_and_unit(seconds, split):
    assert window_split(seconds) == split


def test_a_rule_reads_as_a_sentence_in_english_and_chinese():
    with translation.override("en"):
        assert rule_in_words("sms", 2, 86400) == "At most 2 SMS per contact per 24 h, across all journeys."
        assert rule_in_words("email", 1, 3600, "Welcome") == (
            "At most 1 email per contact per 1 h, within the journey “Welcome”.")
        assert rule_in_words("all", 5, 7 * 86400) == (
            "At most 5 messages on any channel per contact per 7 days, across all journeys.")
    with translation.override("zh-hans"):
        assert rule_in_words("sms", 2, 86400) == "每位联系人每 24 小时最多 2 条短信（所有旅程合计）。"
        assert rule_in_words("email", 3, 7 * 86400, "欢迎") == "每位联系人每 7 天最多 3 封邮件（仅限旅程“欢迎”）。"
