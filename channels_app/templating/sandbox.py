"""The only tags and filters a message template may use.

Django's default tag set is too generous for text that marketers (not developers)
write: `{% debug %}` prints the context and every loaded module when DEBUG is on,
`{% load %}`/`{% include %}`/`{% extends %}` reach beyond the template, `{% url %}`
and `{% csrf_token %}` expose the site. This library keeps the harmless ones, each
filter checked against the render's limits (channels_app/templating/limits.py).
"""
import json

from django.template import Library, defaultfilters, defaulttags

from channels_app.templating.limits import bounded_lorem, guard_filter

register = Library()

ALLOWED_TAGS = (
    "autoescape", "comment", "cycle", "filter", "firstof", "for", "if", "ifchanged", "lorem", "now",
    "regroup", "resetcycle", "spaceless", "templatetag", "verbatim", "widthratio", "with",
)
# pprint would show Python reprs (class names of the sandbox wrappers) instead of data.
DENIED_FILTERS = {"pprint"}

for _name in ALLOWED_TAGS:
    register.tags[_name] = defaulttags.register.tags[_name]
register.tags["lorem"] = bounded_lorem(defaulttags.register.tags["lorem"])
for _name, _filter in defaultfilters.register.filters.items():
    if _name not in DENIED_FILTERS:
        register.filters[_name] = guard_filter(_name, _filter)


def tojson(value):
    """`{{ first_name|tojson }}` → `"Ann"`: for webhook bodies, which must stay valid JSON."""
    return json.dumps(value, ensure_ascii=False, default=str)


register.filter("tojson", guard_filter("tojson", tojson), is_safe=True)
