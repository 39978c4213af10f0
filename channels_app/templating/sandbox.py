"""The only tags and filters a message template may use.

Django's default tag set is too generous for text that marketers (not developers)
write: `{% debug %}` prints the context and every loaded module when DEBUG is on,
`{% load %}`/`{% include %}`/`{% extends %}` reach beyond the template, `{% url %}`
and `{% csrf_token %}` expose the site. This library keeps the harmless ones.
"""
import json

from django.template import Library, defaultfilters, defaulttags

register = Library()

ALLOWED_TAGS = (
    "autoescape", "comment", "cycle", "filter", "firstof", "for", "if", "ifchanged", "lorem", "now",
    "regroup", "resetcycle", "spaceless", "templatetag", "verbatim", "widthratio", "with",
)
# pprint would show Python reprs (class names of the sandbox wrappers) instead of data.
DENIED_FILTERS = {"pprint"}

for _name in ALLOWED_TAGS:
    register.tags[_name] = defaulttags.register.tags[_name]
for _name, _filter in defaultfilters.register.filters.items():
    if _name not in DENIED_FILTERS:
        register.filters[_name] = _filter


@register.filter(is_safe=True)
def tojson(value):
    """`{{ first_name|tojson }}` → `"Ann"`: for webhook bodies, which must stay valid JSON."""
    return json.dumps(value, ensure_ascii=False, default=str)
