"""Templates whose content is fields of a provider-side template: WeChat's template messages and Aliyun's SMS.

A WeChat template is `template_id` (registered with the Official Account), `data` (the template's field
names -> text with variables) and `url` (where a tap leads, http(s) only). An SMS template with an
`aliyun_template_code` sends through Aliyun with its `data` as the TemplateParam. Each `data` value is
rendered like any other field and reported as `data.<name>`.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from channels_app.models import Channel, MessageTemplate
from channels_app.templating.links import link_problem

MAX_DATA_FIELDS = 50
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,63}")


def data_of(template: MessageTemplate) -> dict:
    data = template.data
    return data if isinstance(data, dict) else {}


def has_structured_content(template: MessageTemplate) -> bool:
    return template.channel == Channel.WECHAT or bool(template.channel == Channel.SMS and template.aliyun_template_code)


def data_sources(template: MessageTemplate) -> list[tuple[str, str]]:
    """(field for errors, source) of each `data` value."""
    return [(f"data.{name}", str(value)) for name, value in data_of(template).items()]


def render_structured(template: MessageTemplate, render: Callable[[str, str], str]) -> dict:
    """The provider-side template's part of the content; `render(field, source)` renders one value."""
    values = {name: render(f"data.{name}", str(source)) for name, source in data_of(template).items()}
    if template.channel == Channel.WECHAT:
        return {"template_id": template.template_id, "data": values}
    return {"aliyun_template_code": template.aliyun_template_code, "template_param": values}


def structure_problem(channel: str, values: dict) -> tuple[str, str] | None:
    """(field, what is wrong) with `template_id`, `data` or `url` as saved, before anything renders."""
    data = values.get("data")
    if data in (None, ""):
        data = {}
    if not isinstance(data, dict):
        return "data", "data must be an object of field name -> text"
    if len(data) > MAX_DATA_FIELDS:
        return "data", f"data has more than {MAX_DATA_FIELDS} fields"
    for name, value in data.items():
        if not _FIELD_NAME.fullmatch(str(name)):
            return f"data.{name}", "a field name is letters, digits, _ . - (at most 64)"
        if not isinstance(value, str):
            return f"data.{name}", "must be text (template variables allowed)"
    if channel == Channel.WECHAT:
        if not str(values.get("template_id") or "").strip():
            return "template_id", "a wechat template needs template_id"
        if (problem := link_problem(values.get("url") or "")) is not None:
            return "url", problem.replace("link", "url")
    return None
