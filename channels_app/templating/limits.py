"""Bounds on one template render: time, loop iterations, text produced, filter arguments.

Enforced cooperatively inside the render, never by a watchdog thread (which could not stop
the render and would leave it running): every loop item, every filter call and every piece
of text a leaf node produces passes through a check against the budget of the render in
progress. The checks cost nothing outside a budget (`budget_scope`), e.g. at compile time.

A limit hit where Django swallows exceptions (a comparison inside `{% if %}`) is remembered
by the budget, so the render still fails when it returns.
"""
from __future__ import annotations

import contextvars
import functools
import re
from contextlib import contextmanager
from time import monotonic

from django.template import Node
from django.template.defaulttags import ForNode

RENDER_SECONDS = 0.1
MAX_ITERATIONS = 10_000  # loop items, over all loops of one render
MAX_OUTPUT_BYTES = 64 * 1024  # per rendered field
MAX_PRODUCED_CHARS = 4 * MAX_OUTPUT_BYTES  # text made on the way (a {% filter %} may cut it down after)
SMS_MAX_CHARS = 1600
MAX_FILTER_ARG = 1000  # widths, lengths and precisions of the filters below
MAX_LOREM = 100  # words or paragraphs of {% lorem %}

# Filters whose numeric argument sizes their work or their output: the numbers in it are bounded.
SIZED_FILTERS = frozenset({
    "center", "ljust", "rjust", "wordwrap", "truncatechars", "truncatechars_html", "truncatewords",
    "truncatewords_html", "floatformat", "stringformat", "urlizetrunc",
})
POSITIVE_ARG_FILTERS = frozenset({"wordwrap"})  # 0 is not a width


class TemplateLimitError(Exception):
    """A render went past one of the bounds above. Not a ValueError/TypeError: Django tags swallow those."""


class RenderBudget:
    def __init__(self, seconds: float | None = None):
        seconds = RENDER_SECONDS if seconds is None else seconds
        self.deadline = monotonic() + seconds
        self.seconds = seconds
        self.iterations = 0
        self.produced = 0
        self.error = ""  # the first limit hit, kept even if a tag swallowed the exception

    def fail(self, message: str) -> None:
        self.error = self.error or message
        raise TemplateLimitError(self.error)

    def check_time(self) -> None:
        if monotonic() > self.deadline:
            self.fail(f"rendering took longer than {self.seconds * 1000:.0f} ms")

    def count_iteration(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            self.fail(f"loops ran more than {MAX_ITERATIONS:,} iterations")
        self.check_time()

    def count_text(self, length: int) -> None:
        self.produced += length
        if self.produced > MAX_PRODUCED_CHARS:
            self.fail(f"more than {MAX_PRODUCED_CHARS // 1024} KB of text produced (the output limit is "
                      f"{MAX_OUTPUT_BYTES // 1024} KB)")
        self.check_time()

    def check_value(self, value, what: str) -> None:
        if isinstance(value, str) and len(value) > MAX_OUTPUT_BYTES:
            self.fail(f"{what} is longer than {MAX_OUTPUT_BYTES // 1024} KB")


_current: contextvars.ContextVar[RenderBudget | None] = contextvars.ContextVar("template_budget", default=None)


@contextmanager
def budget_scope(seconds: float | None = None):
    budget = RenderBudget(seconds)
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


def _check_argument(name: str, arg) -> None:
    numbers = [int(n) for n in re.findall(r"\d+", str(arg))] if isinstance(arg, (str, int)) else []
    if any(n > MAX_FILTER_ARG for n in numbers):
        _current.get().fail(f"the argument of |{name} is above {MAX_FILTER_ARG:,}")
    if name in POSITIVE_ARG_FILTERS and numbers and all(n == 0 for n in numbers):
        _current.get().fail(f"the argument of |{name} must be at least 1")


def guard_filter(name: str, func):
    """`func` with the budget checked around each call: input and output size, numeric argument, time."""
    sized = name in SIZED_FILTERS

    @functools.wraps(func)  # keeps Django's flags (is_safe, needs_autoescape…) and its argument count check
    def guarded(value, *args, **kwargs):
        budget = _current.get()
        if budget is None:
            return func(value, *args, **kwargs)
        budget.check_time()
        budget.check_value(value, f"the value given to |{name}")
        if sized and args:
            _check_argument(name, args[0])
        result = func(value, *args, **kwargs)
        budget.check_value(result, f"the result of |{name}")
        return result

    return guarded


class _CountedItems(list):
    """A loop's items, counted against the budget as the loop takes them."""

    def __iter__(self):
        budget = _current.get()
        for item in super().__iter__():
            if budget is not None:
                budget.count_iteration()
            yield item

    def __reversed__(self):
        budget = _current.get()
        for item in super().__reversed__():
            if budget is not None:
                budget.count_iteration()
            yield item


class _CountedSequence:
    """Stands in for a `{% for %}` node's sequence expression."""

    def __init__(self, expression):
        self.expression = expression

    def resolve(self, context, ignore_failures=False):
        values = self.expression.resolve(context, ignore_failures=ignore_failures)
        return None if values is None else _CountedItems(values)


class _BoundedCount:
    """Stands in for `{% lorem %}`'s count: more than MAX_LOREM is refused before any text is made."""

    def __init__(self, expression):
        self.expression = expression

    def resolve(self, context):
        value = self.expression.resolve(context)
        try:
            too_many = int(value) > MAX_LOREM
        except (TypeError, ValueError):
            return value
        if too_many and _current.get() is not None:
            _current.get().fail(f"{{% lorem %}} is limited to {MAX_LOREM}")
        return value


def bounded_lorem(lorem_tag):
    @functools.wraps(lorem_tag)
    def compile_lorem(parser, token):
        node = lorem_tag(parser, token)
        node.count = _BoundedCount(node.count)
        return node

    return compile_lorem


@functools.lru_cache(maxsize=None)
def _counting_class(cls: type) -> type:
    def render(self, context):
        text = cls.render(self, context)
        budget = _current.get()
        if budget is not None:
            budget.count_text(len(text))
        return text

    return type(cls.__name__, (cls,), {"render": render, "__module__": cls.__module__, "counts_text": True})


def bound_template(template) -> None:
    """Make a compiled template report to the budget: its loops count items, its leaf nodes their text.

    Done once per compiled template (they are cached and shared); the budget itself is per render.
    """
    for node in template.nodelist.get_nodes_by_type(Node):
        if isinstance(node, ForNode):
            node.sequence = _CountedSequence(node.sequence)
        elif not getattr(node, "counts_text", False) and all(
                getattr(node, name, None) is None for name in node.child_nodelists):
            node.__class__ = _counting_class(type(node))  # a leaf: everything the template outputs comes from one
