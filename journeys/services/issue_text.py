"""The graph's validation findings in the reader's language (design §10): the editor shows `message` as is.

journeys/graph knows no Django, so its findings come in English; this reads each one against the shapes the
graph writes (by finding code, then "<node type>: <field> <problem>") and says it again through the catalogue,
keeping the ids, paths and values. A message of no known shape stays English rather than being guessed at.
"""
from __future__ import annotations

import re
from dataclasses import replace

from django.utils.translation import get_language, gettext_lazy, pgettext_lazy

from journeys.graph.validation import Issue

Q = r"'[^']*'"  # a quoted id, port or slug as the graph writes it
_INTO = gettext_lazy(
    "an edge from %(source)s leads into trigger %(target)s; contacts arriving there just continue from it")
_TYPED = gettext_lazy("%(type)s: %(problem)s")  # a node type's finding: "send: template is required"
BY_CODE = {
    "too_many_nodes": [(r"the journey has (?P<count>\d+) nodes; at most (?P<max>\d+) are allowed",
                        gettext_lazy("the journey has %(count)s nodes; at most %(max)s are allowed"))],
    "duplicate_id": [(rf"node id (?P<id>{Q}) is used by (?P<count>\d+) nodes; ids must be unique",
                      gettext_lazy("node id %(id)s is used by %(count)s nodes; ids must be unique"))],
    "unknown_type": [(r"unknown node type (?P<type>.+); expected one of (?P<types>.+)",
                      gettext_lazy("unknown node type %(type)s; expected one of %(types)s"))],
    "no_trigger": [(r"the journey has no trigger; add one so that contacts can enter",
                    gettext_lazy("the journey has no trigger; add one so that contacts can enter"))],
    "unknown_port": [(rf"(?P<node>{Q}) has no port (?P<port>{Q}) \(its ports are (?P<ports>.+)\)",
                      gettext_lazy("%(node)s has no port %(port)s (its ports are %(ports)s)")),
                     (rf"(?P<node>{Q}) has no port (?P<port>{Q}) \(it has no ports\)",
                      gettext_lazy("%(node)s has no port %(port)s (it has no ports)"))],
    "edge_into_trigger": [(rf"an edge from (?P<source>{Q}) leads into trigger (?P<target>{Q}); "
                           r"contacts arriving there just continue from it", _INTO)],
    "port_multiple_edges": [(rf"port (?P<port>{Q}) of (?P<node>{Q}) has (?P<count>\d+) edges; a port takes one",
                             gettext_lazy("port %(port)s of %(node)s has %(count)s edges; a port takes one"))],
    "port_unconnected": [(rf"port (?P<port>{Q}) of (?P<node>{Q}) is not connected",
                          gettext_lazy("port %(port)s of %(node)s is not connected"))],
    "edge_missing_node": [
        (rf"port (?P<port>{Q}) of (?P<source>{Q}) leads to missing node (?P<target>{Q})",
         gettext_lazy("port %(port)s of %(source)s leads to missing node %(target)s")),
        (rf"an edge into (?P<target>{Q}) comes from missing node (?P<source>{Q})",
         gettext_lazy("an edge into %(target)s comes from missing node %(source)s")),
        (rf"an edge joins missing nodes (?P<source>{Q}) and (?P<target>{Q})",
         gettext_lazy("an edge joins missing nodes %(source)s and %(target)s"))],
    "unreachable": [(rf"(?P<node>{Q}) is not reachable from a trigger",
                     gettext_lazy("%(node)s is not reachable from a trigger"))],
    "cycle_without_wait": [
        (r"cycle (?P<cycle>.+) passes through no wait", gettext_lazy("cycle %(cycle)s passes through no wait")),
        (rf"(?P<node>{Q}) is in a loop of (?P<count>\d+) nodes that passes through no wait, e\.g\. (?P<cycle>.+)",
         gettext_lazy("%(node)s is in a loop of %(count)s nodes that passes through no wait, e.g. %(cycle)s"))],
    "template_missing": [(rf"template (?P<slug>{Q}) does not exist", gettext_lazy("template %(slug)s does not exist"))],
    "template_channel_mismatch": [
        (rf"template (?P<slug>{Q}) is a (?P<found>\S+) template, but this node sends (?P<channel>\S+)",
         gettext_lazy("template %(slug)s is a %(found)s template, but this node sends %(channel)s"))],
    "split_weights_sum": [(r"split weights sum to (?P<total>\S+), not (?P<expected>\S+)",
                           gettext_lazy("split weights sum to %(total)s, not %(expected)s"))],
    "unknown_reference": [
        (rf"segment (?P<key>{Q}) does not exist", gettext_lazy("segment %(key)s does not exist")),
        (rf"computed trait (?P<key>{Q}) does not exist", gettext_lazy("computed trait %(key)s does not exist"))],
}
# What follows a node type's "send: " (a whole sentence of its own).
SENTENCES = [
    (r"needs exactly one of (?P<a>\w+) or (?P<b>\w+)", gettext_lazy("needs exactly one of %(a)s or %(b)s")),
    (rf"unknown config key (?P<key>{Q}); expected (?P<keys>.+)",
     gettext_lazy("unknown config key %(key)s; expected %(keys)s")),
    (rf"unknown config key (?P<key>{Q}); the config must be empty",
     gettext_lazy("unknown config key %(key)s; the config must be empty")),
    (rf"duplicate variant key (?P<key>{Q})", gettext_lazy("duplicate variant key %(key)s")),
    (r"channel is required \((?P<channels>.+)\), or channels to fall back",
     gettext_lazy("channel is required (%(channels)s), or channels to fall back")),
    (r"where only applies to an event trigger", gettext_lazy("where only applies to an event trigger")),
]
# What a field is told ("<field> <problem>" or "<field>: <problem>").
PROBLEMS = [
    (r"is required", gettext_lazy("is required")),
    (r"must not be empty", gettext_lazy("must not be empty")),
    (r"must be a list of conditions", gettext_lazy("must be a list of conditions")),
    (r"unknown condition form; expected one of (?P<forms>[a-z, ]+)",
     gettext_lazy("unknown condition form; expected one of %(forms)s")),
    (r"unknown condition form; expected one of (?P<forms>[a-z, ]+) "
     r"\('prop' is only allowed inside an event's where\)",
     gettext_lazy(
         "unknown condition form; expected one of %(forms)s ('prop' is only allowed inside an event's where)")),
    (r"unknown condition form; expected one of (?P<forms>[a-z, ]+) \(an event's where takes 'prop' conditions\)",
     gettext_lazy("unknown condition form; expected one of %(forms)s (an event's where takes 'prop' conditions)")),
    (r"mixes (?P<forms>.+); use one form per object", gettext_lazy("mixes %(forms)s; use one form per object")),
    (r"in needs a list of values, not (?P<value>.+)", gettext_lazy("in needs a list of values, not %(value)s")),
    (r"(?P<op>\w+) needs a number or a string, not (?P<value>.+)",
     gettext_lazy("%(op)s needs a number or a string, not %(value)s")),
    (r"exists takes no value", gettext_lazy("exists takes no value")),
    (r"unknown op (?P<op>.+); expected one of (?P<ops>.+)",
     gettext_lazy("unknown op %(op)s; expected one of %(ops)s")),
    (r"unknown count op (?P<op>.+); expected one of (?P<ops>.+)",
     gettext_lazy("unknown count op %(op)s; expected one of %(ops)s")),
    (r"only applies with (?P<other>\w+)", gettext_lazy("only applies with %(other)s")),
    (r"is required for (?P<op>.+)", gettext_lazy("is required for %(op)s")),
    (r"unknown key; expected (?P<keys>.+)", gettext_lazy("unknown key; expected %(keys)s")),
    (r"must be one of (?P<choices>.+), not (?P<value>.+)", gettext_lazy("must be one of %(choices)s, not %(value)s")),
    (r"must be an object, not (?P<value>.+)", gettext_lazy("must be an object, not %(value)s")),
    (r'must be an object \{"op", "value"\}, not (?P<value>.+)',
     gettext_lazy('must be an object {"op", "value"}, not %(value)s')),
    (r"conditions are nested more than (?P<max>\d+) levels deep",
     gettext_lazy("conditions are nested more than %(max)s levels deep")),
    (r"must be a positive integer, not (?P<value>.+)", gettext_lazy("must be a positive integer, not %(value)s")),
    (r"must be a non-negative integer, not (?P<value>.+)",
     gettext_lazy("must be a non-negative integer, not %(value)s")),
    (r"must be a number, not (?P<value>.+)", gettext_lazy("must be a number, not %(value)s")),
    (r"must be a non-empty event name, not (?P<value>.+)",
     gettext_lazy("must be a non-empty event name, not %(value)s")),
    (r"must be a non-empty name, not (?P<value>.+)", gettext_lazy("must be a non-empty name, not %(value)s")),
    (r"must be a non-empty string, not (?P<value>.+)", gettext_lazy("must be a non-empty string, not %(value)s")),
    (r"must be a non-empty template slug, not (?P<value>.+)",
     gettext_lazy("must be a non-empty template slug, not %(value)s")),
    (r"must be a segment key, not (?P<value>.+)", gettext_lazy("must be a segment key, not %(value)s")),
    (r"must be true or false, not (?P<value>.+)", gettext_lazy("must be true or false, not %(value)s")),
    (r"must be a positive number of days, not (?P<value>.+)",
     gettext_lazy("must be a positive number of days, not %(value)s")),
    (r'must be a time of day "HH:MM" \(00:00 to 23:59\), not (?P<value>.+)',
     gettext_lazy('must be a time of day "HH:MM" (00:00 to 23:59), not %(value)s')),
    (r'must be a time of day "HH:MM", not (?P<value>.+)', gettext_lazy('must be a time of day "HH:MM", not %(value)s')),
    (r'must be "contact" or an IANA time zone name, not (?P<value>.+)',
     gettext_lazy('must be "contact" or an IANA time zone name, not %(value)s')),
]
NODE_TYPE_NAMES = {
    "trigger": pgettext_lazy("node type", "trigger"), "wait": pgettext_lazy("node type", "wait"),
    "wait_event": pgettext_lazy("node type", "wait_event"), "split": pgettext_lazy("node type", "split"),
    "branch": pgettext_lazy("node type", "branch"), "send": pgettext_lazy("node type", "send"),
    "update": pgettext_lazy("node type", "update"), "exit": pgettext_lazy("node type", "exit"),
}
_FIELD = re.compile(r"(?P<field>[A-Za-z_][\w.\[\]]*)(?P<sep>:? )(?P<problem>.+)")


def _said_again(shapes, text: str) -> str | None:
    for pattern, message in shapes:
        if found := re.fullmatch(pattern, text):
            return str(message) % found.groupdict()
    return None


def _field_problem(text: str) -> str | None:
    """`settings.reentry must be one of …` or `condition.all[0].op: is required`, the problem translated."""
    found = _FIELD.fullmatch(text)
    if found is None or (said := _said_again(PROBLEMS, found["problem"])) is None:
        return None
    return f"{found['field']}{found['sep']}{said}"


def translated_message(issue: Issue) -> str:
    message = issue.message
    if said := _said_again(BY_CODE.get(issue.code, ()), message):
        return said
    node_type, colon, rest = message.partition(": ")
    if colon and node_type in NODE_TYPE_NAMES:
        if said := _said_again(SENTENCES, rest) or _field_problem(rest):
            return str(_TYPED) % {"type": NODE_TYPE_NAMES[node_type], "problem": said}
        return message
    return _field_problem(message) or message


def condition_problem_text(problem: str) -> str:
    """One problem of journeys/graph/condition_checks.py (the part after its path) in the reader's language."""
    if (get_language() or "en").startswith("en"):
        return problem
    return _said_again(PROBLEMS, problem) or problem


def issues_in_language(issues: list[Issue]) -> list[Issue]:
    """English stays exactly as the graph wrote it; other languages get each message said again."""
    if (get_language() or "en").startswith("en"):
        return issues
    return [replace(issue, message=translated_message(issue)) for issue in issues]
