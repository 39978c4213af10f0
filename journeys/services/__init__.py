"""All writes of the journey domain, each in one transaction; background work is enqueued and
live notices published only after commit.

- journeys: create, import, rename, delete, save the draft, publish; imports: the upload form's import;
  validation: a graph checked against the workspace's templates;
- approvals: the workflow's guarded transitions; pinning: approval freezes the templates a version sends;
  audit: the versions' audit log;
  review: review comments and the diff against live; notifications: stored and live notices;
- ingest: identify and track calls in; contact_rows: the one contact-trait writer and bulk contact writes;
- enrollments: entering contacts (and the enroll endpoint's lookup); advancing: the batch hot path;
  events: what events and trait changes do to journeys; launches: audience launches;
- simulate: the dry run (reads only); demo: the demo workspace.

Services enqueue through journeys/runtime/dispatch.py and never import the actors or websocket consumers.
"""
