"""In-app links: only http(s) reaches a contact (channels_app/templating/links.py)."""
import pytest

from channels_app.templating.links import link_problem, safe_link


@pytest.mark.parametrize("value", ["javascript:alert(1)", "  JAVASCRIPT:alert(1)", "java\tscript:alert(1)",
                                   "vbscript:x", "data:text/html,<b>x</b>", "file:///etc/passwd", "/pricing",
                                   "//evil.example.net", "https:evil.example.net", "", "\x01javascript:alert(1)"])
def test_anything_but_an_http_url_becomes_no_link(value):
    assert safe_link(value) == ""


@pytest.mark.parametrize("value, kept", [("https://example.com/a?b=1", "https://example.com/a?b=1"),
                                         ("HTTP://EXAMPLE.COM", "HTTP://EXAMPLE.COM"),
                                         ("  https://example.com  ", "https://example.com")])
def test_an_http_url_is_kept(value, kept):
    assert safe_link(value) == kept


@pytest.mark.parametrize("source", ["", "https://example.com/{{ user_id }}", "{{ traits.deep_link }}",
                                    "{% if vip %}https://vip.example.com{% endif %}"])
def test_at_save_http_links_and_links_known_only_once_rendered_pass(source):
    assert link_problem(source) is None


@pytest.mark.parametrize("source", ["javascript:alert(1)", "mailto:a@example.com", "example.com/offer"])
def test_at_save_a_literal_link_of_another_kind_is_refused(source):
    assert "http" in link_problem(source)
