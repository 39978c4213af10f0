"""The channels app's writes, one concern per module.

- templates: create, change and delete message templates, rotate a webhook's secret;
- template_sends: a template's test send;
- caps: frequency cap rules;
- suppressions: the blacklist (manual, CSV import, automatic from providers);
- unsubscribe: the signed one-click unsubscribe link;
- events: delivery events, once per provider event;
- callbacks: what provider callbacks do to messages;
- outbound: what a provider gets for a message (content rendered, unsubscribe link, callback URL);
- delivery: hand queued messages to their providers and record the answers;
- inapp: the in-app inbox's delivered and read marks.

Reads live in channels_app/selectors.py, the send policy in channels_app/policy.py.
"""
