"""CI's check that both languages are complete (design §10).

Django side: every message in the Chinese catalogue is translated (not fuzzy, not empty), the compiled
.mo says the same as the .po, and every message the templates and Python code mark for translation is
in the catalogue (what `makemessages` would add: found with Django's own `templatize`, as it does).
Editor side: en.json and zh-hans.json hold the same messages, none empty, and the .tsx components show
no English typed straight into JSX (text between tags, or a title / placeholder / label attribute).
"""
from __future__ import annotations

import ast
import gettext
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")
I18N = ROOT / "static/editor/src/i18n"
EDITOR_SRC = ROOT / "static/editor/src"
PYTHON_APPS = ("core", "journeys", "channels_app", "workspace", "audiences", "health", "broadcasts")

# Components not converted to the catalogues yet; each must still hold English (else drop it from here),
# so the list only shrinks. Every component is converted now: keep it empty.
PENDING_TSX: set[str] = set()
# i18next plural suffixes: English needs _one and _other, Chinese only _other; both are one message.
PLURAL_SUFFIX = re.compile(r"_(zero|one|two|few|many|other)$")


# --- Django: the .po catalogue ------------------------------------------------------------------------

def _po_entries(text: str) -> list[dict]:
    """The .po's entries as {"flags", "msgctxt", "msgid", "msgid_plural", "msgstr": [...]} (enough of the format
    for our own catalogue; polib would do it too, but is one more dependency for one test)."""
    entries = []
    for block in text.strip().split("\n\n"):
        entry: dict = {"flags": set(), "msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": []}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line):
                field = match.group(1)
                value = ast.literal_eval(match.group(2))
                if field.startswith("msgstr"):
                    entry["msgstr"].append(value)
                else:
                    entry[field] = value
            elif line.startswith('"') and field:
                value = ast.literal_eval(line)
                if field.startswith("msgstr"):
                    entry["msgstr"][-1] += value
                else:
                    entry[field] += value
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[dict]:
    return [e for e in _po_entries(PO.read_text(encoding="utf-8")) if e["msgid"] != ""]


def test_every_django_message_has_a_chinese_translation(po_entries):
    assert po_entries, "the catalogue is empty"
    untranslated = [e["msgid"] for e in po_entries if not e["msgstr"] or any(not s.strip() for s in e["msgstr"])]
    fuzzy = [e["msgid"] for e in po_entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"untranslated in {PO.name}: {untranslated}"
    assert not fuzzy, f"fuzzy (machine-guessed, unchecked) in {PO.name}: {fuzzy}"


def test_the_compiled_catalogue_is_the_current_one(po_entries):
    """The .mo is committed (it is what Django reads); a .po edited without `msgfmt` would ship the old text."""
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po_entries:
        if entry["msgid_plural"]:
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr"][0], entry["msgid"]
        elif entry["msgctxt"]:
            assert compiled.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"][0], entry["msgid"]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]


def _python_string(literal: str) -> str:
    return ast.literal_eval(literal)


STRING = r"""(u?'(?:[^'\\]|\\.)*'|u?"(?:[^"\\]|\\.)*")"""
GETTEXT_CALL = re.compile(r"\b(?:gettext|gettext_lazy|gettext_noop|_)\(\s*" + STRING)
PGETTEXT_CALL = re.compile(r"\b(?:pgettext|pgettext_lazy)\(\s*" + STRING + r"\s*,\s*" + STRING)
NGETTEXT_CALL = re.compile(r"\b(?:ngettext|ngettext_lazy)\(\s*" + STRING + r"\s*,\s*" + STRING)


def _marked_messages() -> set[str]:
    """What `makemessages` would extract: templates through Django's templatize, Python's gettext calls."""
    from django.utils.translation.template import templatize

    found: set[str] = set()
    sources = [(path, templatize(path.read_text(encoding="utf-8"), origin=str(path)))
               for path in (ROOT / "templates").rglob("*.html")]
    for app in PYTHON_APPS:
        sources += [(path, path.read_text(encoding="utf-8")) for path in (ROOT / app).rglob("*.py")
                    if "/migrations/" not in str(path)]
        sources += [(path, templatize(path.read_text(encoding="utf-8"), origin=str(path)))
                    for path in (ROOT / app).rglob("templates/**/*.html")]
    for path, text in sources:
        if path.suffix == ".py" and "django.utils.translation" not in text:
            continue
        found |= {_python_string(m.group(1)) for m in GETTEXT_CALL.finditer(text)}
        found |= {_python_string(m.group(1)) for m in NGETTEXT_CALL.finditer(text)}
        found |= {_python_string(m.group(2)) for m in PGETTEXT_CALL.finditer(text)}
    return found


def test_every_marked_message_is_in_the_catalogue(po_entries):
    """Run `make messages` (makemessages + msgfmt) after marking new text, then translate it."""
    catalogued = {e["msgid"] for e in po_entries}
    missing = sorted(_marked_messages() - catalogued)
    assert not missing, f"marked for translation but not in {PO.name}: {missing}"


def test_the_extraction_sees_the_pages_messages():
    """The scan itself works: it finds what the header and the journey list mark (else it proves nothing)."""
    marked = _marked_messages()
    assert {"Delivery log", "Create journey", "%(steps)s step", "no such endpoint or resource"} <= marked


# --- The editor: i18next catalogues and the components ---------------------------------------------------

def _leaves(tree: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}.{key}" if prefix else key
        out.update(_leaves(value, path) if isinstance(value, dict) else {path: value})
    return out


def _catalogue(name: str) -> dict[str, str]:
    """en.json (or zh-hans.json) with every parts/<area>.<language>.json under the key <area>, as index.ts merges them."""
    tree = json.loads((I18N / name).read_text(encoding="utf-8"))
    language = name.removesuffix(".json")
    for part in sorted((I18N / "parts").glob(f"*.{language}.json")):
        tree[part.name.removesuffix(f".{language}.json")] = json.loads(part.read_text(encoding="utf-8"))
    return _leaves(tree)


def test_the_editor_catalogues_have_the_same_messages_and_none_empty():
    en, zh = _catalogue("en.json"), _catalogue("zh-hans.json")
    messages = lambda catalogue: {PLURAL_SUFFIX.sub("", key) for key in catalogue}  # noqa: E731
    assert messages(en) - messages(zh) == set(), "in en.json only"
    assert messages(zh) - messages(en) == set(), "in zh-hans.json only"
    empty = [key for catalogue in (en, zh) for key, value in catalogue.items() if not str(value).strip()]
    assert not empty, f"empty messages: {empty}"
    words = lambda value: re.search("[A-Za-z]{3}", re.sub(r"\{\{\w+\}\}", "", value))  # noqa: E731
    untranslated = [key for key, value in zh.items() if key in en and value == en[key] and words(value)]
    assert not untranslated, f"zh-hans.json repeats the English: {untranslated}"


JSX_TEXT = re.compile(r">\s*([^<>{}]*?[A-Za-z]{2,}[^<>{}]*?)\s*<(?=/|[A-Za-z])")
JSX_ATTRIBUTE = re.compile(r"""\b(?:title|placeholder|aria-label|label|hint|alt)=("[^"]*")""")
# Shown text kept in objects: select options, node kinds' names ({ value: "x", label: "For a duration" }).
OBJECT_TEXT = re.compile(r"""\b(?:label|hint|title|placeholder|text):\s*("[^"]*")""")
# Typed values that are not prose: example identifiers (order_completed), formats and keys.
CODE_TOKENS = ("=>", "&&", "||", "==", "(", ";", "return", "const ")
NOT_PROSE = re.compile(r"^(?:[a-z0-9_.$:-]*|[A-Z]{1,4}|HH:MM|JSON|Ctrl\+\w)$")


def _english_in_jsx(source: str) -> list[str]:
    code = re.sub(r"/\*.*?\*/|(?<![:\"'])//[^\n]*", "", source, flags=re.S)  # comments are not shown
    found = []
    for match in JSX_TEXT.finditer(code):
        text = " ".join(match.group(1).split())
        if any(token in text for token in CODE_TOKENS) or NOT_PROSE.match(text):
            continue  # code between a comparison and a tag, not a text node
        found.append(text)
    for match in [*JSX_ATTRIBUTE.finditer(code), *OBJECT_TEXT.finditer(code)]:
        value = match.group(1).strip('"')
        if re.search("[A-Za-z]{2,}", value) and not NOT_PROSE.match(value):
            found.append(f"{match.group(0)}")
    return found


def _components() -> dict[str, str]:
    return {str(path.relative_to(EDITOR_SRC)): path.read_text(encoding="utf-8") for path in EDITOR_SRC.rglob("*.tsx")}


def test_no_english_typed_into_the_editor_components():
    leftovers = {name: hits for name, source in _components().items()
                 if name not in PENDING_TSX and (hits := _english_in_jsx(source))}
    assert not leftovers, f"English in JSX: put it in src/i18n/en.json + zh-hans.json and use t(): {leftovers}"


def test_the_pending_list_only_names_components_still_to_translate():
    components = _components()
    stale = sorted(name for name in PENDING_TSX if name in components and not _english_in_jsx(components[name]))
    assert not stale, f"translated now: remove from PENDING_TSX: {stale}"


def test_the_jsx_scan_catches_text_and_attributes():
    assert _english_in_jsx('<h3>Add a step</h3>') == ["Add a step"]
    assert _english_in_jsx('<button title="Save draft (Ctrl+S)">{t("x")}</button>') == ['title="Save draft (Ctrl+S)"']
    assert _english_in_jsx('<h3>{t("palette.title")}</h3> <input placeholder="order_completed" />') == []
    assert _english_in_jsx("{a > b && <span>{label}</span>}") == []
    assert _english_in_jsx('options={[{ value: "seconds", label: "for a duration" }]}') == ['label: "for a duration"']
