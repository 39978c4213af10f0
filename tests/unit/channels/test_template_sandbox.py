"""The template sandbox: plain data in, no Python attributes or unsafe tags out, missing names reported."""
import pytest

from channels_app.models import MessageTemplate
from channels_app.templating.rendering import TemplateRenderError, check_syntax, render_with_report, template_context


def render(body: str, **traits):
    template = MessageTemplate(slug="t", channel="sms", body=body)
    return render_with_report(template, template_context(traits=traits, user_id="u1", event={"sku": "A-1"}))


def test_traits_are_top_level_and_namespaced():
    report = render("{{ first_name }} {{ traits.first_name }} {{ user_id }} {{ event.sku }}", first_name="Ada")
    assert report.content == {"body": "Ada Ada u1 A-1"} and report.missing == []


def test_missing_names_render_empty_and_are_reported_once():
    report = render("{{ a }}{{ a }}{{ event.coupon }}{% if vip %}VIP{% endif %}")
    assert report.content == {"body": ""}
    assert report.missing == ["a", "event.coupon", "vip"]


def test_a_default_filter_is_not_missing_but_noted():
    report = render("Hi {{ name|default:'there' }}")
    assert report.content == {"body": "Hi there"} and report.missing == [] and report.defaulted == ["name"]


def test_sms_and_other_text_fields_are_not_html_escaped():
    assert render("{{ x }}", x="<b>&").content == {"body": "<b>&"}


def test_email_html_is_escaped():
    template = MessageTemplate(slug="t", channel="email", subject="{{ x }}", body="{{ x }}", html="{{ x }}")
    content = render_with_report(template, template_context(traits={"x": "<b>"}, user_id="u")).content
    assert content == {"subject": "<b>", "text": "<b>", "html": "&lt;b&gt;"}


@pytest.mark.parametrize("body", [
    "{{ traits.__class__ }}", "{{ x.__init__.__globals__ }}", "{% debug %}", "{% load static %}",
    "{% include 'base.html' %}", "{% extends 'base.html' %}", "{% url 'admin:index' %}", "{% csrf_token %}",
    "{{ traits|pprint }}",
])
def test_unsafe_syntax_does_not_compile(body):
    with pytest.raises(TemplateRenderError) as error:
        render(body)
    assert error.value.field == "body"
    assert check_syntax("sms", {"body": body})[0] == "body"


def test_dict_and_list_methods_are_not_reachable():
    report = render("{{ traits.clear }}{{ traits.pop }}{{ tags.append }}{{ tags|length }}", tags=[1, 2])
    assert report.content == {"body": "2"}
    assert report.missing == ["traits.clear", "traits.pop", "tags.append"]


def test_loops_and_tojson_work_on_plain_data():
    report = render("{% for k, v in traits.items %}{{ k }}={{ v|tojson }};{% endfor %}", a="x", b=[1])
    assert report.content == {"body": 'a="x";b=[1];'}


def test_objects_that_are_not_json_data_become_strings():
    class Secretive:
        password = "hunter2"

        def __str__(self):
            return "a thing"

    report = render("{{ thing }}|{{ thing.password }}", thing=Secretive())
    assert report.content == {"body": "a thing|"}


def test_check_syntax_passes_good_templates():
    assert check_syntax("email", {"subject": "{{ a }}", "body": "", "html": "<p>{% if a %}x{% endif %}</p>"}) is None
