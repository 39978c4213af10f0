"""Is a page wholly in the language it says (design §10)? The check both the browser test and the page sweep use.

In zh-hans, no English message of the Django catalogue may be visible: a message whose Chinese differs from its
English is looked for, cut at its placeholders and tags (`%(n)s`, `<code>`), as phrases or capitalised words of
five characters or more (a single lowercase word such as "journey" also occurs inside data that is not ours: a
step's id, an event name). A piece that some Chinese message keeps as it is (a product name: "WeChat", "Webhook")
is not English left over. In en, no Chinese character may be visible.
"""
from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "locale/zh_Hans/LC_MESSAGES/django.po"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}|<[^>]+>")
# What is never text on the page (code, the head), and the language switch (it names 简体中文 in every language).
HIDDEN_TAGS = {"script", "style", "template", "noscript", "head"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LANGUAGE_SWITCH = "language-switch"
# For the browser: the page's text read by `page.evaluate`, from a detached copy, so hidden parts (menus that open
# on hover, tabs not chosen) are checked too, as they are in `visible_text`.
VISIBLE_TEXT_JS = """() => {
  const body = document.body.cloneNode(true);
  const hidden = '[data-testid="language-switch"], script, style, template, noscript';
  body.querySelectorAll(hidden).forEach((el) => el.remove());
  return body.innerText;
}"""


def _entries(text: str) -> list[tuple[list[str], list[str]]]:
    """(msgid and msgid_plural, msgstr forms) for each entry of the catalogue."""
    import ast

    entries = []
    for block in text.strip().split("\n\n"):
        english: list[str] = []
        chinese: list[str] = []
        target = None
        for line in block.splitlines():
            if match := re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line):
                target = english if match.group(1).startswith("msgid") else chinese
                target.append(ast.literal_eval(match.group(2)))
            elif line.startswith('"') and target is not None:
                target[-1] += ast.literal_eval(line)
        if english and english[0]:
            entries.append((english, chinese))
    return entries


@lru_cache(maxsize=1)
def _catalogue() -> tuple[frozenset[str], str]:
    entries = _entries(PO.read_text(encoding="utf-8"))
    translated = frozenset(message for english, chinese in entries for message in english
                           if chinese and all(form and form != message for form in chinese))
    kept = "\n".join(form for _english, chinese in entries for form in chinese)
    return translated, kept


def english_fragments() -> frozenset[str]:
    """The pieces of English the Chinese pages must not show."""
    translated, kept = _catalogue()
    pieces = {piece.strip(" .,:;!?…·●○↶↷▶+()\"“”'") for message in translated
              for piece in PLACEHOLDER.split(message)}
    return frozenset(piece for piece in pieces
                     if len(piece) >= 5 and re.search("[A-Za-z]{3}", piece) and (" " in piece or piece[0].isupper())
                     and piece not in kept)


def english_left(text: str, fragments: frozenset[str] | None = None) -> list[str]:
    """The catalogue's English visible in `text`, whole words only ("Delivery log", not "log" in "catalogue")."""
    text = " ".join(text.split())
    found = []
    for fragment in fragments if fragments is not None else english_fragments():
        if fragment in text and re.search(rf"(?<![A-Za-z]){re.escape(fragment)}(?![A-Za-z])", text):
            found.append(fragment)
    return sorted(found)


def chinese_left(text: str) -> list[str]:
    return sorted(set(CJK.findall(text)))


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        values = dict(attrs)
        hides = (tag in HIDDEN_TAGS or values.get("data-testid") == LANGUAGE_SWITCH
                 or bool(self.stack and self.stack[-1][1]))
        self.stack.append((tag, hides))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):  # tolerate unclosed tags (<li>, <p>)
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]):
            self.parts.append(data)


def visible_text(html: str) -> str:
    """A server-rendered page's text, hidden parts included (a tab not chosen, a menu that opens on hover)."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())
