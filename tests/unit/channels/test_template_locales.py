"""Language variants of a template: which one a locale picks, how it lays over the default, what is refused."""
import pytest

from channels_app.models import MessageTemplate
from channels_app.templating.locales import canonical_locale, locales_problem, localized, variant_code
from channels_app.templating.sms import sms_stats


@pytest.mark.parametrize("raw, code", [
    ("zh-hans", "zh-hans"), ("zh-Hans", "zh-hans"), ("ZH-HANS-CN", "zh-hans"), ("zh-CN", "zh-hans"),
    ("zh_CN", "zh-hans"), ("zh", "zh-hans"), ("zh-SG", "zh-hans"), ("zh-TW", "zh-hant"), ("zh-Hant", "zh-hant"),
    ("en", "en"), ("en-GB", "en"), ("  ", ""), (None, ""), (3, ""),
])
def test_a_language_tag_folds_onto_our_codes(raw, code):
    assert canonical_locale(raw) == code


def _email(**locales) -> MessageTemplate:
    return MessageTemplate(slug="t", channel="email", subject="Hi", body="Hello", html="<p>Hello</p>",
                           locales=locales)


def test_the_variant_replaces_only_the_fields_it_holds():
    template = _email(**{"zh-hans": {"subject": "您好", "body": ""}})
    chinese = localized(template, variant_code(template, "zh-CN"))
    assert (chinese.subject, chinese.body, chinese.html) == ("您好", "Hello", "<p>Hello</p>")
    assert template.subject == "Hi"  # the template itself is left as it was


@pytest.mark.parametrize("locale", ["fr", "zh-TW", "", None, 7])
def test_no_matching_variant_keeps_the_default(locale):
    template = _email(**{"zh-hans": {"subject": "您好"}})
    assert variant_code(template, locale) is None and localized(template, None) is template


@pytest.mark.parametrize("locales, field", [
    ({"zh-hans": {"subjct": "x"}}, "locales.zh-hans.subjct"),
    ({"de": {"subject": "x"}}, "locales.de"),
    ({"zh-hans": ["x"]}, "locales.zh-hans"),
    ({"zh-hans": {"body": 1}}, "locales.zh-hans.body"),
    ("zh-hans", "locales"),
])
def test_bad_variants_name_the_field(locales, field):
    assert locales_problem("email", locales)[0] == field


def test_variant_links_follow_the_channels_rules():
    assert locales_problem("inapp", {"zh-hans": {"link": "javascript:alert(1)"}})[0] == "locales.zh-hans.link"
    assert locales_problem("webhook", {"zh-hans": {"url": "not a url"}})[0] == "locales.zh-hans.url"
    assert locales_problem("inapp", {"zh-hans": {"link": "https://example.com/zh"}}) is None


# Chinese SMS, hand-counted: every Han character and full-width punctuation mark is one UTF-16 unit.
@pytest.mark.parametrize("text, units, segments", [
    ("您好", 2, 1),
    ("您好，欢迎回来！", 8, 1),
    ("会员日" * 23 + "到", 70, 1),  # 69 + 1: the last single-part length
    ("会员日" * 23 + "到了", 71, 2),  # one more: concatenated, 67 per part
    ("优惠券" * 44 + "快用", 134, 2),  # 132 + 2: two full parts of 67
    ("优惠券" * 45, 135, 3),  # one past two parts
    ("Hi 李雷", 5, 1),  # one non-GSM character makes the whole text UCS-2
])
def test_chinese_sms_segments(text, units, segments):
    stats = sms_stats(text)
    assert (stats.encoding, stats.units, stats.segments) == ("UCS-2", units, segments)
    assert stats.per_segment == (70 if segments == 1 else 67)


def test_gsm_boundaries_next_to_the_chinese_ones():
    assert (sms_stats("a" * 160).segments, sms_stats("a" * 161).segments) == (1, 2)
    assert (sms_stats("a" * 306).segments, sms_stats("a" * 307).segments) == (2, 3)
