"""Work on the Chinese edition's catalogues (docs/locale/zh_CN/LC_MESSAGES/*.po).

    python tools/translate.py export PO... --out DIR   # messages to translate, as text
    python tools/translate.py import TXT...            # write the translations back
    python tools/translate.py check [PO...]            # what is untranslated or broken

The text files are easier to write than .po files: no quoting. Each message is

    @@@ <number>
    <the English message, exactly as in the catalogue>
    ~~~
    <its translation>

``import`` writes only translations that keep every role target, glue key, formula
and code span of their message (tools/po.py ``problems``) and reports the rest.
Standard library only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from po import fill, problems, read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "docs" / "locale" / "zh_CN" / "LC_MESSAGES"
HEAD, SPLIT = "@@@ ", "~~~"


def shown(path):
    """``path`` relative to the repository when it is inside it."""
    path = Path(path).resolve()
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def export(po, out, everything=False):
    po = Path(po).resolve()
    name = po.relative_to(CATALOGUES).with_suffix(".txt")
    target = Path(out) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# catalogue: {shown(po)}"]
    count = 0
    for number, m in enumerate(read_po(po), 1):
        if m.translated and not everything:
            continue
        if any(s.startswith((HEAD.strip(), SPLIT)) for s in m.msgid.splitlines()):
            raise ValueError(f"{po}: message {number} has a line that starts like a marker")
        lines += [f"{HEAD}{number}", m.msgid, SPLIT, m.msgstr if m.translated else ""]
        count += 1
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target, count


def parse(txt):
    """(catalogue path, [(number, english, chinese)]) of a text file."""
    text = Path(txt).read_text(encoding="utf-8").splitlines()
    if not text or not text[0].startswith("# catalogue: "):
        raise ValueError(f"{txt}: the first line must be '# catalogue: <path of the .po>'")
    po = ROOT / text[0].split(": ", 1)[1].strip()
    blocks, current = [], None
    for line in text[1:]:
        if line.startswith(HEAD) and line[len(HEAD):].strip().isdigit():
            current = [int(line[len(HEAD):]), [], [], False]
            blocks.append(current)
        elif current is None:
            continue
        elif line == SPLIT and not current[3]:
            current[3] = True
        else:
            current[2 if current[3] else 1].append(line)
    return po, [(n, "\n".join(en), "\n".join(zh).strip("\n")) for n, en, zh, _ in blocks]


def import_(txt):
    po, blocks = parse(txt)
    messages = read_po(po)
    good, bad = {}, []
    for number, english, chinese in blocks:
        if not chinese.strip():
            continue
        if not 1 <= number <= len(messages) or messages[number - 1].msgid != english:
            bad.append(f"  @@@ {number}: the English text is not message {number} of {po.name}"
                       " (re-export)")
            continue
        found = problems(english, chinese)
        if found:
            bad.append(f"  @@@ {number}: " + "; ".join(found))
        else:
            good[english] = chinese
    written = fill(po, good)
    return po, written, bad


def check(paths):
    bad = 0
    for po in paths:
        for number, m in enumerate(read_po(po), 1):
            found = ["fuzzy"] if m.fuzzy else []
            found += problems(m.msgid, m.msgstr)
            if found:
                bad += 1
                print(f"{shown(po)} @@@ {number}: {'; '.join(found)}"
                      f"  [{m.msgid[:60]!r}]")
    return bad


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export")
    e.add_argument("po", nargs="+")
    e.add_argument("--out", required=True)
    e.add_argument("--all", action="store_true", help="translated messages too")
    i = sub.add_parser("import")
    i.add_argument("txt", nargs="+")
    c = sub.add_parser("check")
    c.add_argument("po", nargs="*")
    args = parser.parse_args(argv)
    if args.command == "export":
        for po in args.po:
            target, count = export(po, args.out, args.all)
            print(f"{target}: {count} messages")
    elif args.command == "import":
        failed = 0
        for txt in args.txt:
            po, written, bad = import_(txt)
            print(f"{shown(po)}: {written} written, {len(bad)} refused")
            print("\n".join(bad)) if bad else None
            failed += len(bad)
        return 1 if failed else 0
    else:
        paths = args.po or sorted(CATALOGUES.rglob("*.po"))
        bad = check(paths)
        print(f"{bad} messages need work" if bad else "every message translated and intact")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
