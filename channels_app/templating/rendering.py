"""Message templates: rendered per channel with Django template syntax, in a sandbox.

A template sees only what `template_context` gives it: the contact's traits, the
triggering event's properties and journey / message context, all plain JSON data
(no model instances, so no ORM and no settings). The data is wrapped so that a
template can read keys but not Python attributes (`{{ traits.clear }}` is not a
method call), and only a harmless set of tags and filters exists
(channels_app/templating/sandbox.py). A variable that is not there renders empty;
`render_with_report` also says which ones were missing, for the preview.
"""
from __future__ import annotations

import contextvars
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.template import Context, Engine, TemplateSyntaxError

from channels_app.models import Channel, MessageTemplate
from channels_app.templating.limits import (MAX_OUTPUT_BYTES, SMS_MAX_CHARS, TemplateLimitError, bound_template,
                                            budget_scope)
from channels_app.templating.links import safe_link
from channels_app.templating.locales import contact_locale, localized, variant_code
from channels_app.templating.structured import data_sources, has_structured_content, render_structured

FIELDS_BY_CHANNEL = {
    Channel.SMS: ("body",),
    Channel.EMAIL: ("subject", "body", "html"),
    Channel.WEBHOOK: ("url", "body"),
    Channel.INAPP: ("title", "body", "link"),
    Channel.WECHAT: ("url",),  # and each `data` value (templating/structured.py)
}


class SandboxEngine(Engine):
    # No default tags (debug, load, include, url, csrf_token…): only the sandbox library.
    default_builtins: list = []


def _engine(autoescape: bool) -> SandboxEngine:
    return SandboxEngine(debug=False, loaders=[], libraries={}, builtins=["channels_app.templating.sandbox"],
                         autoescape=autoescape, string_if_invalid="")


_text_engine = _engine(autoescape=False)
_html_engine = _engine(autoescape=True)  # email HTML: trait values must not inject markup

# Names a template looked up and did not find, for the render in progress (per thread / task).
_missing: contextvars.ContextVar[list | None] = contextvars.ContextVar("template_missing", default=None)


def _note_missing(name: str) -> None:
    seen = _missing.get()
    if seen is not None and name not in seen:
        seen.append(name)


# dict methods a template may call: read-only, and what `{% for k, v in traits.items %}` needs.
_READABLE_DICT_METHODS = frozenset({"items", "keys", "values"})


class SandboxDict(dict):
    """A dict whose keys are readable from a template and whose Python attributes are not."""

    __slots__ = ("_path",)

    def __getattribute__(self, name):
        if name.startswith("__") or name == "_path" or name in _READABLE_DICT_METHODS:
            return super().__getattribute__(name)
        # Django tries an attribute after a failed key lookup: this is where a missing key ends up.
        _note_missing(f"{object.__getattribute__(self, '_path')}.{name}".lstrip("."))
        raise AttributeError(name)

    def __dir__(self):
        # Django re-raises an AttributeError for names in dir(); only keys and readable methods are listed.
        return [*map(str, self.keys()), *_READABLE_DICT_METHODS]


class SandboxList(list):
    __slots__ = ("_path",)

    def __getattribute__(self, name):
        if name.startswith("__") or name == "_path":
            return super().__getattribute__(name)
        # Django tries `items.0` as a key, then an attribute, then an index: only a bad index is missing.
        if not (name.isdigit() and int(name) < len(self)):
            _note_missing(f"{object.__getattribute__(self, '_path')}.{name}".lstrip("."))
        raise AttributeError(name)

    def __dir__(self):
        return []


def sandboxed(value, path: str = ""):
    """Deep copy of JSON-like data into the sandbox wrappers; anything else becomes its string."""
    if isinstance(value, dict):
        wrapped = SandboxDict({str(k): sandboxed(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()})
        object.__setattr__(wrapped, "_path", path)
        return wrapped
    if isinstance(value, (list, tuple)):
        wrapped = SandboxList(sandboxed(v, f"{path}.{i}") for i, v in enumerate(value))
        object.__setattr__(wrapped, "_path", path)
        return wrapped
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class _RecordingContext(Context):
    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            _note_missing(key)
            raise


def template_context(*, traits: dict, user_id: str, event: dict | None = None, journey: dict | None = None,
                     message: dict | None = None, extra: dict | None = None, computed: dict | None = None) -> dict:
    """What a template may see. Traits are also top-level, so `{{ first_name }}` works; computed traits
    (audiences) only as `{{ computed.key }}`."""
    context = {**(traits or {}), "traits": traits or {}, "user_id": user_id, "event": event or {},
               "journey": journey or {}, "message": message or {}, "computed": computed or {}}
    context.update(extra or {})
    return context


@lru_cache(maxsize=1024)
def _compiled(source: str, html: bool):
    template = (_html_engine if html else _text_engine).from_string(source)
    bound_template(template)
    return template


def _compile(name: str, source: str):
    try:
        return _compiled(source, name == "html")
    except TemplateSyntaxError as exc:
        raise TemplateRenderError(name, str(exc)) from None
    except Exception as exc:  # nesting too deep for the parser (RecursionError), and the like
        raise TemplateRenderError(name, f"{type(exc).__name__}: {exc}") from None


def check_syntax(channel: str, values: dict) -> tuple[str, str] | None:
    """(field, message) of the first field that does not compile, else None. For template saves."""
    for name in FIELDS_BY_CHANNEL.get(channel, ()):
        source = values.get(name) or ""
        if not source:
            continue
        try:
            _compile(name, source)
        except TemplateRenderError as exc:
            return name, exc.message
    return None


class TemplateRenderError(Exception):
    """A field that does not compile (kind "syntax"), raises when rendered ("render") or goes past a limit ("limit")."""

    def __init__(self, field_name: str, message: str, kind: str = "syntax"):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message
        self.kind = kind

    def describe(self) -> str:
        """What went wrong, for a 400 or a message's reason: "does not compile: …", "exceeds a limit: …"."""
        return {"render": "fails to render", "limit": "exceeds a limit"}.get(self.kind, "does not compile") + (
            f": {self.message}")


@dataclass
class RenderReport:
    content: dict
    missing: list[str] = field(default_factory=list)  # looked up, not there, rendered empty
    defaulted: list[str] = field(default_factory=list)  # not there, but the template gave a |default
    locale: str | None = None  # the language variant rendered (templating/locales.py); None: the default content


def _output_name(channel: str, name: str) -> str:
    # The email's text part is "text" in the content a provider gets; the template field is "body".
    return "text" if (channel == Channel.EMAIL and name == "body") else name


def render_with_report(template: MessageTemplate, context: dict, *, locale: str | None = None) -> RenderReport:
    """Every field of the template's channel rendered, from the language variant the contact's `locale` trait
    picks (or `locale`, a code the preview asks for; "" forces the default content)."""
    code = variant_code(template, contact_locale(context) if locale is None else locale)
    template = localized(template, code)
    data = sandboxed(context)
    missing: list[str] = []
    token = _missing.set(missing)
    rendered = {}
    try:
        with budget_scope() as budget:  # one time and loop budget for all the fields of this render
            for name in FIELDS_BY_CHANNEL[template.channel]:
                source = getattr(template, name) or ""
                if not source:
                    rendered[_output_name(template.channel, name)] = ""
                    continue
                compiled = _compile(name, source)
                # Escaping is a property of the Context, not of the engine, when rendering a Template directly.
                context_for_field = _RecordingContext(dict(data), autoescape=(name == "html"))
                rendered[_output_name(template.channel, name)] = _render_field(
                    template.channel, name, compiled, context_for_field, budget)
            if has_structured_content(template):
                rendered.update(render_structured(template, lambda name, source: _render_field(
                    template.channel, name, _compile(name, source), _RecordingContext(dict(data)), budget)))
    finally:
        _missing.reset(token)
    if template.channel in (Channel.INAPP, Channel.WECHAT):
        name = "link" if template.channel == Channel.INAPP else "url"
        rendered[name] = safe_link(rendered.get(name, ""))  # a variable may have made it javascript:…
    sources = " ".join([*(getattr(template, name) or "" for name in FIELDS_BY_CHANNEL[template.channel]),
                        *(source for _, source in data_sources(template))])
    defaulted = [name for name in missing if _has_default(sources, name)]
    return RenderReport(content=rendered, missing=[n for n in missing if n not in defaulted], defaulted=defaulted,
                        locale=code)


def _render_field(channel: str, name: str, compiled, context: Context, budget) -> str:
    """One field rendered within the budget; any failure is a TemplateRenderError naming the field."""
    try:
        text = compiled.render(context)
    except TemplateLimitError as exc:
        raise TemplateRenderError(name, str(exc), kind="limit") from None
    except TemplateRenderError:
        raise
    except Exception as exc:  # a filter given data it cannot take: |timesince on a string, |divisibleby:0
        raise TemplateRenderError(name, f"{type(exc).__name__}: {exc}"[:300], kind="render") from None
    if budget.error:  # hit where a tag swallowed the exception
        raise TemplateRenderError(name, budget.error, kind="limit")
    if len(text.encode("utf-8")) > MAX_OUTPUT_BYTES:
        raise TemplateRenderError(name, f"the output is longer than {MAX_OUTPUT_BYTES // 1024} KB", kind="limit")
    if channel == Channel.SMS and name == "body" and len(text) > SMS_MAX_CHARS:
        raise TemplateRenderError(name, f"the SMS is {len(text):,} characters; at most {SMS_MAX_CHARS:,}",
                                  kind="limit")
    return text


def render_template(template: MessageTemplate, context: dict) -> dict:
    return render_with_report(template, context).content


def _has_default(source: str, name: str) -> bool:
    return re.search(r"\{\{\s*" + re.escape(name) + r"\s*\|\s*default", source) is not None

