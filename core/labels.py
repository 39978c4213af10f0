"""A stored code as the reader's language names it: the one lookup behind every label filter on the pages.

Codes stay English in storage and the API; each app keeps its own table of translated names."""
from __future__ import annotations


def label(names: dict, code) -> str:
    """`names[code]` when the table knows the code, else the code itself (an empty one for None)."""
    return names.get(str(code or ""), code or "")
