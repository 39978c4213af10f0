"""Template limits: a render is bounded in time, loop iterations, output and filter arguments, and a filter
given data it cannot take is a render error naming the field, never an exception of its own."""
import itertools

import pytest

from channels_app.models import MessageTemplate
from channels_app.templating import limits
from channels_app.templating.preview import template_problem
from channels_app.templating.rendering import TemplateRenderError, render_with_report, template_context


def render(body: str, channel: str = "email", **traits):
    fields = {"subject": "s", "body": body} if channel == "email" else {"body": body}
    template = MessageTemplate(slug="t", channel=channel, **fields)
    return render_with_report(template, template_context(traits=traits, user_id="u1")).content


def refused(body: str, channel: str = "email", **traits) -> TemplateRenderError:
    with pytest.raises(TemplateRenderError) as error:
        render(body, channel, **traits)
    assert error.value.field == "body"
    return error.value


def test_nested_loops_stop_at_the_iteration_bound(monkeypatch):
    # Given a clock that stands still (the time budget is its own test: this one must not hang on a busy machine)
    monkeypatch.setattr(limits, "monotonic", lambda: 0.0)
    # and three nested loops over 100-character strings (a million iterations)
    body = "{% for a in s %}{% for b in s %}{% for c in s %}{{ c }}{% endfor %}{% endfor %}{% endfor %}"
    # When rendered, then the render stops at 10,000 iterations with a limit error
    error = refused(body, s="x" * 100)
    assert error.kind == "limit" and "10,000 iterations" in error.message


def test_loops_within_the_bound_render_normally():
    # Given 99 × 99 iterations (below 10,000), reversed and unpacking loops included
    assert render("{% for a in s %}{% for b in s %}.{% endfor %}{% endfor %}", s="x" * 99)["text"] == "." * 99 * 99
    assert render("{% for k, v in traits.items reversed %}{{ k }}={{ v }};{% endfor %}", a=1, b=2)["text"] == "b=2;a=1;"


def test_a_render_past_its_time_budget_stops(monkeypatch):
    # Given a clock on which every check costs 30 ms
    ticks = itertools.count()
    monkeypatch.setattr(limits, "monotonic", lambda: next(ticks) * 0.03)
    # When a loop of 20 items renders, then it stops once 100 ms have passed
    error = refused("{% for x in items %}{{ x }}{% endfor %}", items=list(range(20)))
    assert error.kind == "limit" and "longer than 100 ms" in error.message


@pytest.mark.parametrize("body", ['{{ x|center:"20000000" }}', '{{ x|ljust:"5000" }}', '{{ x|rjust:5000 }}',
                                  '{{ x|stringformat:"2000000s" }}', '{{ x|truncatechars:100000 }}',
                                  '{{ x|floatformat:5000 }}', '{{ x|wordwrap:0 }}', '{{ x|wordwrap:"1000000" }}'])
def test_sizing_filter_arguments_are_bounded(body):
    # Given a filter whose argument sizes its output; when rendered; then it is refused before any work
    error = refused(body, x="a")
    assert error.kind == "limit" and "argument of |" in error.message


def test_sizing_filters_with_sensible_arguments_work():
    assert render('[{{ x|center:"5" }}]{{ y|floatformat:2 }}|{{ s|wordwrap:5 }}', x="a", y=1.5, s="ab cd ef")["text"] == (
        "[  a  ]1.50|ab cd\nef")


def test_lorem_is_bounded():
    assert refused("{% lorem 20000 p %}").kind == "limit"
    assert render("{% lorem 3 w %}")["text"] == "lorem ipsum dolor"


def test_text_that_grows_past_the_output_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "monotonic", lambda: 0.0)  # the clock stands still: only the size bound may stop it
    # Given a value doubled through nested {% with %} blocks (a few doublings past 64 KB)
    body = ("{% with a=s|add:s %}{% with b=a|add:a %}{% with c=b|add:b %}{% with d=c|add:c %}{{ d }}"
            "{% endwith %}{% endwith %}{% endwith %}{% endwith %}")
    assert refused(body, s="x" * 10_000).kind == "limit"
    # and a loop that repeats a long value
    error = refused("{% for i in items %}{{ big }}{% endfor %}", items=list(range(1000)), big="x" * 1000)
    assert "KB" in error.message


def test_output_over_64_kb_is_refused_and_an_sms_over_1600_characters_too():
    assert "64 KB" in refused("{{ a }}{{ a }}", a="x" * 40_000).message
    assert render("{{ a }}", "sms", a="x" * 1600)["body"] == "x" * 1600
    error = refused("{{ a }}", "sms", a="x" * 1601)
    assert error.kind == "limit" and "1,600" in error.message


@pytest.mark.parametrize("body, traits, raised", [
    ("{{ created_at|timesince }}", {"created_at": "2026-01-01"}, "AttributeError"),
    ('{{ created_at|date:"r" }}', {"created_at": "2026-01-01"}, "TypeError"),
    ("{{ n|divisibleby:0 }}", {"n": 4}, "ZeroDivisionError"),
])
def test_a_filter_given_data_it_cannot_take_is_a_render_error(body, traits, raised):
    # Given data of the wrong kind for a filter; when rendered; then a render error names the field and the cause
    error = refused(body, **traits)
    assert error.kind == "render" and error.message.startswith(raised)
    assert error.describe().startswith("fails to render: ")


def test_a_limit_hit_inside_an_if_comparison_still_fails_the_render():
    # Django swallows exceptions in {% if a == b %} comparisons; the budget remembers the limit
    assert refused('{% if x|center:"20000000" == "a" %}y{% endif %}', x="a").kind == "limit"


def test_deep_nesting_is_a_compile_error_not_a_crash():
    body = "{% if a %}" * 2000 + "x" + "{% endif %}" * 2000
    assert refused(body).kind == "syntax"


def test_the_save_check_renders_for_the_sample_contact_within_limits():
    # Given a template that fails for the sample contact, one over the limits, and a good one
    assert template_problem("sms", {"body": "{{ plan|divisibleby:0 }}"})[0] == "body"
    loops = "{% for a in name %}{% for b in name %}{% for c in name %}{% for d in name %}"
    field, problem = template_problem("sms", {"body": loops + "{% endfor %}" * 4})
    assert (field, problem) == ("body", "exceeds a limit: loops ran more than 10,000 iterations")
    assert template_problem("email", {"subject": "Hi {{ first_name }}", "html": "<p>{{ plan }}</p>"}) is None
