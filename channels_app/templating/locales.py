"""Template language variants (design section 10): which variant a contact gets, and what a variant may hold.

A template's `locales` maps a language code to some of its channel's content fields, e.g.
`{"zh-hans": {"subject": "…", "body": "…"}}`. A variant's fields replace the default content's, field by
field; a field the variant leaves out (or leaves empty) keeps the default. The contact's `locale` trait picks
the variant: matched case-insensitively, with the usual spellings of a language folded onto our codes
("zh-Hans", "zh-CN", "zh_CN", "zh" all mean "zh-hans"); no match, no trait: the default content.
"""
from __future__ import annotations

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from channels_app.models import Channel, MessageTemplate
from channels_app.templating.links import link_problem

# What a variant may replace, per channel: the fields a contact reads (and the provider-side template a
# language may need registered separately: a WeChat template id, an Aliyun template code).
LOCALE_FIELDS_BY_CHANNEL: dict[str, tuple[str, ...]] = {
    Channel.SMS: ("body", "aliyun_template_code", "data"),
    Channel.EMAIL: ("subject", "body", "html"),
    Channel.WEBHOOK: ("url", "body"),
    Channel.INAPP: ("title", "body", "link"),
    Channel.WECHAT: ("template_id", "data", "url"),
}
# Regions and scripts written in Traditional Chinese: never folded onto zh-hans.
_TRADITIONAL = {"hant", "tw", "hk", "mo"}


def locale_codes() -> list[str]:
    """The language codes a variant may carry: the workspace's own languages (settings.LANGUAGES)."""
    return [code.lower() for code, _ in settings.LANGUAGES]


def canonical_locale(raw) -> str:
    """A language tag as our code: "zh-Hans-CN", "zh_CN", "ZH" -> "zh-hans"; "en-GB" -> "en"; "" when none."""
    if not isinstance(raw, str) or not raw.strip():
        return ""
    tag = raw.strip().lower().replace("_", "-")
    if tag in locale_codes():
        return tag
    parts = tag.split("-")
    if parts[0] == "zh":
        return "zh-hant" if _TRADITIONAL & set(parts[1:]) else "zh-hans"
    return parts[0]


def variant_code(template: MessageTemplate, locale) -> str | None:
    """The key of `template.locales` that `locale` (a contact's trait, or a code the editor asks for) picks."""
    variants = template.locales if isinstance(template.locales, dict) else {}
    if not variants or not isinstance(locale, str):
        return None
    by_code = {str(code).lower(): code for code in variants}
    tag = locale.strip().lower().replace("_", "-")
    return by_code.get(tag) or by_code.get(canonical_locale(tag))


def contact_locale(context: dict) -> str:
    """The `locale` trait of the contact a render context is for ("" when it has none)."""
    traits = context.get("traits") if isinstance(context, dict) else None
    value = traits.get("locale") if isinstance(traits, dict) else None
    return value if isinstance(value, str) else ""


def localized(template: MessageTemplate, code: str | None) -> MessageTemplate:
    """`template` with variant `code`'s fields over its default content: an unsaved copy (or itself, with none)."""
    variant = (template.locales or {}).get(code) if code else None
    if not isinstance(variant, dict) or not variant:
        return template
    copied = copy.copy(template)
    for name in LOCALE_FIELDS_BY_CHANNEL.get(template.channel, ()):
        if variant.get(name):  # an empty field is one not translated yet: the default's stays
            setattr(copied, name, copy.deepcopy(variant[name]) if name == "data" else variant[name])
    return copied


def without_empty(locales: dict) -> dict:
    """The variants as stored: empty fields and variants left out (they would change nothing)."""
    kept = {code: {name: value for name, value in variant.items() if value} for code, variant in locales.items()}
    return {code: variant for code, variant in kept.items() if variant}


def locales_problem(channel: str, locales) -> tuple[str, str] | None:
    """(field, what is wrong) for a `locales` value that is not an object of known codes to known fields."""
    if not isinstance(locales, dict):
        return "locales", _("must be an object of language code -> content fields")
    allowed = LOCALE_FIELDS_BY_CHANNEL.get(channel, ())
    for code, variant in locales.items():
        path = f"locales.{code}"
        if code not in locale_codes():
            return path, _("unknown language; one of %(codes)s") % {"codes": ", ".join(locale_codes())}
        if not isinstance(variant, dict):
            return path, _("must be an object of content fields")
        for name, value in variant.items():
            if name not in allowed:
                return f"{path}.{name}", _("not a content field of a %(channel)s template; one of %(fields)s") % {
                    "channel": channel, "fields": ", ".join(allowed)}
            if name == "data":
                if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                    return f"{path}.{name}", _("must be an object of field -> text")
            elif not isinstance(value, str):
                return f"{path}.{name}", _("must be text")
            elif (wrong := _link_problem(channel, name, value)) is not None:
                return f"{path}.{name}", wrong
    return None


def _link_problem(channel: str, name: str, value: str) -> str | None:
    """A variant's links are held to the default content's rules: a webhook URL, a safe in-app link."""
    if channel == Channel.WEBHOOK and name == "url" and value:
        try:
            URLValidator()(value)
        except ValidationError:
            return _("Enter a valid URL.")
    if channel == Channel.INAPP and name == "link":
        return link_problem(value) or None
    return None
