"""The pure parts of pinned templates: which templates a graph sends, and what changed between two pinned sets."""
from journeys.graph.diff import templates_diff
from journeys.graph.template_refs import template_slugs


def _send(node_id: str, **config) -> dict:
    return {"id": node_id, "type": "send", "config": config, "position": {"x": 0, "y": 0}}


def test_a_graph_sends_the_templates_of_its_send_nodes_and_of_their_per_channel_maps():
    # given sends naming one template, a per-channel map, a repeat, and a non-send node that mentions a template
    graph = {"nodes": [
        _send("a", channel="sms", template="hello-sms"),
        _send("b", channels=["wechat", "email"], templates={"wechat": "wx-hello", "email": "hello-email"}),
        _send("c", channel="sms", template="hello-sms"),
        {"id": "u", "type": "update", "config": {"template": "not-a-send"}},
        _send("d", channel="sms", template=""),
    ]}
    # then each slug is listed once, sorted; blanks and non-sends are not templates
    assert template_slugs(graph) == ["hello-email", "hello-sms", "wx-hello"]
    assert template_slugs(None) == [] and template_slugs({"nodes": []}) == []


def test_the_templates_diff_lists_added_removed_and_changed_fields_with_before_and_after():
    live = {"a": {"channel": "sms", "body": "Hi"}, "gone": {"channel": "email", "subject": "Bye"},
            "same": {"channel": "sms", "body": "Same"}}
    draft = {"a": {"channel": "sms", "body": "Hello"}, "new": {"channel": "inapp", "title": "T"},
             "same": {"channel": "sms", "body": "Same"}}
    assert templates_diff(live, draft) == {
        "added": [{"slug": "new", "channel": "inapp", "content": {"channel": "inapp", "title": "T"}}],
        "removed": [{"slug": "gone", "channel": "email"}],
        "changed": [{"slug": "a", "channel": "sms", "fields": ["body"], "before": {"body": "Hi"},
                     "after": {"body": "Hello"}}],
    }


def test_a_field_pinned_before_it_existed_reads_as_empty_not_as_a_change():
    assert templates_diff({"a": {"channel": "sms", "body": "Hi"}},
                          {"a": {"channel": "sms", "body": "Hi", "aliyun_template_code": ""}})["changed"] == []


def test_without_a_live_version_every_template_is_added():
    assert [t["slug"] for t in templates_diff(None, {"b": {"channel": "sms"}, "a": {"channel": "sms"}})["added"]] == \
        ["a", "b"]
