"""Server-rendered pages (design section 6). Thin: parse the request, call a service or a
read (journeys/selectors/), render. journeys/urls.py routes to one module per concern:

- `journeys`: the journey list (search, create, import a schema-1 file);
- `editor`: the editor page and what it embeds to draw at once;
- `approvals`: the approvals inbox and a journey's version history;
- `logs`: the delivery log and the conversion log;
- `contacts`: one contact's timeline;
- `analytics`: a journey's analytics and the overview dashboard;
- `assets`: the static bundles those pages load.
"""
