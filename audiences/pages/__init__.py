"""The audience pages (design section 9): segments, the segment editor, RFM, lifecycle, contact search.

Server-rendered and CSP-safe: the segment editor's React code comes from the `audiences` Vite bundle
(static/editor/src/audiences/), fed by a JSON boot block; every other page is plain HTML.
"""
