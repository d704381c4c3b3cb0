"""Read gettext catalogues (.po files): the messages, their translations and flags.

Standard library only: the book's build extension and the tests import it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Message:
    """One entry of a catalogue."""

    msgid: str
    msgstr: str
    flags: set = field(default_factory=set)
    line: int = 0

    @property
    def fuzzy(self):
        return "fuzzy" in self.flags

    @property
    def translated(self):
        return bool(self.msgstr) and not self.fuzzy


def _unquote(text):
    return ast.literal_eval(text) if text.startswith('"') else ""


def read_po(path: Path) -> list[Message]:
    """The entries of ``path`` (the header, msgid "", left out). Entries are separated
    by blank lines, as sphinx-intl and Babel write them."""
    messages = []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    entry, start = [], 1
    for number, raw in enumerate([*lines, ""], 1):
        if raw.strip():
            if not entry:
                start = number
            entry.append(raw.strip())
            continue
        flags, parts, key = set(), {}, None
        for line in entry:
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            elif line.startswith("#"):
                continue
            elif line.startswith(("msgid ", "msgstr ", "msgctxt ")):
                key, _, rest = line.partition(" ")
                parts[key] = _unquote(rest.strip())
            elif line.startswith('"') and key is not None:
                parts[key] += _unquote(line)
        if parts.get("msgid"):
            messages.append(Message(parts["msgid"], parts.get("msgstr", ""), flags, start))
        entry = []
    return messages


def translations(path: Path) -> dict[str, str]:
    """``{msgid: msgstr}`` of the translated, not fuzzy, entries of ``path``."""
    return {m.msgid: m.msgstr for m in read_po(path) if m.translated}


# -- What a translation must keep ---------------------------------------------
# A message is MyST source: its roles, math and code are not prose. A translation
# keeps each of them (a role's display text may be translated; its target may not).

_ROLE = re.compile(r"(?<![A-Za-z0-9_])\{([a-z]+(?::[a-z]+)?)\}`([^`]*)`")  # not `mu{l}`
_MATH = re.compile(r"(?<![\\$])\$(?!\$)((?:[^$\\]|\\.)+)\$")
_CODE = re.compile(r"(?<![`}])`([^`]+)`(?!`)")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_TITLED = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)
_CJK = re.compile(r"[\u3400-\u9fff]")
_PROSE = re.compile(r"[A-Za-z]{3,}")
# roles whose whole text is kept (a glue key and its format, a label, an equation)
_VERBATIM = {"glue", "glue:text", "glue:md", "glue:any", "eq", "math"}


def placeholders(text):
    """The parts of a message a translation must keep, as a sorted list of strings:
    each role with its target, each inline formula, each inline code span and each
    link's address."""
    kept = []
    for role, body in _ROLE.findall(text):
        if role in _VERBATIM:
            kept.append(f"{{{role}}}`{body}`")
        else:
            titled = _TITLED.match(body)
            kept.append(f"{{{role}}}<{titled.group(2) if titled else body}>")
    bare = _ROLE.sub(" ", text)
    kept += [f"${m}$" for m in _MATH.findall(bare)]
    kept += [f"`{c}`" for c in _CODE.findall(_MATH.sub(" ", bare))]
    kept += [f"]({u})" for u in _LINK.findall(bare)]
    return sorted(kept)


def is_prose(text):
    """Whether a message has words to translate (not only roles, math and code)."""
    bare = _CODE.sub(" ", _MATH.sub(" ", _ROLE.sub(" ", text)))
    return bool(_PROSE.search(bare))


def problems(msgid, msgstr, *, language="zh_CN"):
    """What is wrong with ``msgstr`` as a translation of ``msgid`` (empty if nothing)."""
    if not msgstr.strip():
        return ["not translated"]
    found = []
    want, got = placeholders(msgid), placeholders(msgstr)
    if want != got:
        missing = [p for p in want if p not in got or want.count(p) > got.count(p)]
        extra = [p for p in got if p not in want or got.count(p) > want.count(p)]
        if missing:
            found.append("lost " + ", ".join(sorted(set(missing))))
        if extra:
            found.append("added " + ", ".join(sorted(set(extra))))
    if language.startswith("zh") and is_prose(msgid) and not _CJK.search(msgstr):
        found.append("no Chinese in the translation")
    if msgid.count("\n") != msgstr.count("\n") and "\n\n" in msgid:
        found.append("paragraph breaks differ")
    return found


# -- Writing translations into a catalogue --------------------------------------


def quote(text):
    """``text`` as the quoted lines of a .po string (one line per line of text)."""
    def q(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") \
            .replace("\n", "\\n") + '"'
    lines = text.splitlines(keepends=True)
    if len(lines) <= 1:
        return [q(text)]
    return ['""'] + [q(s) for s in lines]


def fill(path, translated):
    """Write ``translated`` (``{msgid: msgstr}``) into the catalogue at ``path``: each
    listed entry gets its msgstr and loses a fuzzy flag; every other line is kept as
    it was. Returns how many entries were written."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    out, written = [], 0
    for entry in _entries(lines):
        msgid = _field(entry, "msgid")
        if msgid not in translated or not msgid:
            out += entry
            continue
        keep = []
        for line in entry[: _field_start(entry, "msgstr")]:
            if line.startswith("#,"):
                flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
                line = "#, " + ", ".join(flags) if flags else None
            if line is not None:
                keep.append(line)
        text = quote(translated[msgid])
        out += [*keep, "msgstr " + text[0], *text[1:]]
        written += 1
    Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")
    return written


def _entries(lines):
    """The lines of a catalogue in groups: each entry, and each run of blank lines."""
    group = []
    for line in lines:
        if bool(line.strip()) != bool(group and group[0].strip()) and group:
            yield group
            group = []
        group.append(line)
    if group:
        yield group


def _field_start(entry, key):
    return next(i for i, line in enumerate(entry) if line.startswith(key + " "))


def _field(entry, key):
    """The unquoted value of ``msgid`` or ``msgstr`` in an entry (None if absent)."""
    try:
        i = _field_start(entry, key)
    except StopIteration:
        return None
    value = _unquote(entry[i].partition(" ")[2].strip())
    for line in entry[i + 1:]:
        if not line.startswith('"'):
            break
        value += _unquote(line)
    return value


# -- A catalogue applied to a notebook's markdown ---------------------------------

_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(?:\{([\w:-]+)\})?")
_VERBATIM_DIRECTIVES = {None, "code-cell", "code-block", "code", "math", "literalinclude"}
_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)(\S.*)$")
_HEADING = re.compile(r"^(\s*#{1,6}\s+)(.*)$")
_DEFINITION = re.compile(r"^(\s*:\s+)(\S.*)$")
_LABEL = re.compile(r"^\s*(\([^()\s]+\)=|%|<!--)")


def _indent(line):
    return len(line) - len(line.lstrip())


def translate_markdown(text, catalogue):
    """``text`` (a markdown cell) with each paragraph, heading, list item and table
    cell that the catalogue translates replaced by its translation. The catalogue's
    messages are the blocks' text with their line breaks joined by spaces (as Sphinx
    extracts them); code, math, labels and directive options are left alone.
    Returns the text and how many blocks were translated of how many had prose."""
    out, block, closing = [], [], None
    count = {"done": 0, "total": 0}

    def translated(body, prefix=""):
        body = body.strip()
        if not is_prose(body):
            return None
        count["total"] += 1
        if body in catalogue:
            count["done"] += 1
            return prefix + catalogue[body]
        return None

    def flush():
        if block:
            first = _ITEM.match(block[0]) or _HEADING.match(block[0]) or _DEFINITION.match(block[0])
            prefix, head = (first.group(1), first.group(2)) if first else ("", block[0])
            body = " ".join([head.strip()] + [b.strip() for b in block[1:]])
            new = translated(body, prefix)
            out.extend([new] if new is not None else block)
            block.clear()

    options = False
    for line in text.splitlines():
        stripped = line.strip()
        if closing is not None:  # inside code or display math: verbatim
            out.append(line)
            if (stripped.startswith("$$") or stripped.endswith("$$")) if closing == "$$" \
                    else stripped.startswith(closing) and set(stripped) == {closing[0]}:
                closing = None
            continue
        fence = _FENCE.match(line)
        if fence:
            flush()
            out.append(line)
            marker, directive = fence.group(1), fence.group(2)
            bare = set(stripped) == {marker[0]}
            if not bare and marker[0] == "`" and directive in _VERBATIM_DIRECTIVES:
                closing = marker
            options = not bare  # a directive's ":key: value" lines follow its fence
            continue
        if stripped.startswith("$$"):
            flush()
            out.append(line)
            closing = None if stripped.count("$$") > 1 else "$$"
            continue
        if options and stripped.startswith(":"):
            out.append(line)
            continue
        options = False
        if not stripped or _LABEL.match(line):
            flush()
            out.append(line)
            continue
        if stripped.startswith("|") and not block:  # a table row: each cell a message
            cells = stripped.strip("|").split("|")
            new = [translated(c) for c in cells]
            if any(n is not None for n in new):
                line = "| " + " | ".join(n if n is not None else c.strip()
                                          for n, c in zip(new, cells, strict=True)) + " |"
            out.append(line)
            continue
        if _HEADING.match(line):
            flush()
            block.append(line)
            flush()
            continue
        item = _ITEM.match(line) or _DEFINITION.match(line)
        if item and block:
            listed = bool(_ITEM.match(block[0]) or _DEFINITION.match(block[0]))
            sibling = listed and _indent(line) <= _indent(block[0])
            number = item.group(1).strip()
            # an item ends the item before it at its level; otherwise it interrupts a
            # paragraph only as a bullet or as "1." (a definition always: its term
            # is a message of its own)
            if sibling or not number[0].isdigit() or number[:-1] == "1":
                flush()
        block.append(line)
    flush()
    return "\n".join(out), count["done"], count["total"]
