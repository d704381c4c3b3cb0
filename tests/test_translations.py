"""The Chinese edition's catalogues (docs/locale/zh_CN/LC_MESSAGES) and the tools
that read and write them (tools/po.py, tools/translate.py).

The book's build checks that every English message has a translation (a changed
paragraph fails the Chinese build); these tests check the catalogues themselves,
without Sphinx: every message translated, none fuzzy, every role target, glued
number, formula and code span kept, and each glossary term translated the same way
wherever it is referenced.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import translate  # noqa: E402
from dlguide_build import edition_url  # noqa: E402
from po import (  # noqa: E402
    fill,
    is_prose,
    placeholders,
    problems,
    read_po,
    translate_markdown,
    translations,
)

CATALOGUES = ROOT / "docs" / "locale" / "zh_CN" / "LC_MESSAGES"
PAGES = sorted(p.relative_to(ROOT / "docs").with_suffix("").as_posix()
               for p in (ROOT / "docs").rglob("*.md")
               if not {"_build", "_ext", "_templates", "locale"} & set(p.parts)
               and p.name != "README.md")
PO_FILES = sorted(CATALOGUES.rglob("*.po"))


# -- The tools -----------------------------------------------------------------

SAMPLE = '''# header comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Bias correction"
msgstr ""

#, fuzzy, python-brace-format
msgid ""
"The two differ by {glue:text}`ewa_diff:.1e` at $t = 1$, "
"see {eq}`eq-ewa`."
msgstr "old"

msgid "Call `ewa` with \\"quotes\\"."
msgstr "调用 `ewa`。"
'''


@pytest.fixture
def catalogue(tmp_path):
    path = tmp_path / "page.po"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_read_po_joins_continued_lines_and_reads_flags(catalogue):
    messages = read_po(catalogue)
    assert [m.msgid for m in messages] == [
        "Bias correction",
        "The two differ by {glue:text}`ewa_diff:.1e` at $t = 1$, see {eq}`eq-ewa`.",
        'Call `ewa` with "quotes".',
    ]
    assert messages[1].fuzzy
    assert not messages[1].translated
    assert not messages[0].translated
    assert messages[2].translated
    assert translations(catalogue) == {'Call `ewa` with "quotes".': "调用 `ewa`。"}


def test_fill_writes_translations_clears_fuzzy_and_keeps_the_rest(catalogue):
    message = read_po(catalogue)[1].msgid
    text = '两者相差 {glue:text}`ewa_diff:.1e`（$t = 1$ 时），\n见 {eq}`eq-ewa`。"\\'
    assert fill(catalogue, {message: text, "Bias correction": "偏差修正"}) == 2
    after = read_po(catalogue)
    assert [m.msgstr for m in after] == ["偏差修正", text, "调用 `ewa`。"]
    assert after[1].translated
    assert after[1].flags == {"python-brace-format"}
    written = catalogue.read_text(encoding="utf-8")
    assert written.startswith("# header comment\nmsgid \"\"\nmsgstr \"\"\n")
    assert fill(catalogue, {}) == 0
    assert catalogue.read_text(encoding="utf-8") == written


def test_placeholders_keep_role_targets_but_not_display_texts():
    text = ("See {ref}`ch-x`, {term}`rates <learning rate>`, {py:func}`~dlguide.fit`, "
            "{glue:text}`acc:.1%` and $\\beta$ in `fit(X, Y)`; [docs](https://x.org).")
    assert placeholders(text) == sorted([
        "{ref}<ch-x>", "{term}<learning rate>", "{py:func}<~dlguide.fit>",
        "{glue:text}`acc:.1%`", "$\\beta$", "`fit(X, Y)`", "](https://x.org)"])
    assert placeholders("{term}`学习率 <learning rate>`") == ["{term}<learning rate>"]
    # braces inside code are not roles
    assert placeholders("`mu{l}` and `beta{l}`, {ref}`ch-x`") == [
        "`beta{l}`", "`mu{l}`", "{ref}<ch-x>"]


@pytest.mark.parametrize(("translation", "complaint"), [
    ("", "not translated"),
    ("见 {ref}`ch-x`，准确率 {glue:text}`acc:.2%`，$\\beta$ 与 `fit`。", "lost {glue:text}`acc:.1%`"),
    ("见 {ref}`ch-y`，准确率 {glue:text}`acc:.1%`，$\\beta$ 与 `fit`。", "lost {ref}<ch-x>"),
    ("见 {ref}`ch-x`，准确率 {glue:text}`acc:.1%`，$\\alpha$ 与 `fit`。", "lost $\\beta$"),
    ("见 {ref}`ch-x`，准确率 {glue:text}`acc:.1%`，$\\beta$ 与 fit。", "lost `fit`"),
    ("见 {ref}`ch-x`，{ref}`ch-x`，{glue:text}`acc:.1%`，$\\beta$，`fit`。", "added {ref}<ch-x>"),
    ("See {ref}`ch-x`: {glue:text}`acc:.1%`, $\\beta$, `fit`.", "no Chinese"),
])
def test_problems_name_what_a_translation_broke(translation, complaint):
    english = "See {ref}`ch-x`: accuracy {glue:text}`acc:.1%` with $\\beta$ and `fit`."
    assert any(complaint in p for p in problems(english, translation)), problems(
        english, translation)


def test_a_faithful_translation_has_no_problems():
    english = "See {ref}`ch-x`: accuracy {glue:text}`acc:.1%` with $\\beta$ and `fit`."
    assert problems(english, "见 {ref}`ch-x`：用 $\\beta$ 和 `fit` 得到 {glue:text}`acc:.1%`。") == []
    assert not is_prose("`fit` $\\alpha$ {eq}`eq-x`")
    assert is_prose("the rate $\\alpha$")
    assert problems("`fit`", "`fit`") == []  # nothing to translate: copied


@pytest.mark.parametrize(("value", "words"), [
    ("row 4, column 3", True), ("an 8 read as 1 (6 times)", True), ("high variance", True),
    ("0.875–0.916", False), ("–", False), ("[2, 10, 5, 1]", False), ("97.5", False),
    ("1e-05", False), ("3", False),
])
def test_glued_values_with_words_are_prose(value, words):
    """The Chinese build warns on a glued value pasted into its prose that has words
    (dlguide_editions.check_pasted_words, by this rule): numbers may be glued, words
    must be written in the page, where the catalogue can translate them."""
    assert is_prose(value) is words


def test_translate_exports_what_needs_work_and_imports_only_intact_translations(
        catalogue, tmp_path, monkeypatch):
    monkeypatch.setattr(translate, "CATALOGUES", catalogue.parent)
    text, count = translate.export(catalogue, tmp_path / "out")
    assert count == 2  # the untranslated and the fuzzy message, not the translated one
    po, blocks = translate.parse(text)
    messages = read_po(catalogue)
    assert po == catalogue
    assert [(n, en) for n, en, _ in blocks] == [
        (1, messages[0].msgid), (2, messages[1].msgid)]
    text.write_text("\n".join([
        f"# catalogue: {catalogue}",
        "@@@ 1", messages[0].msgid, "~~~", "偏差修正",
        "@@@ 2", messages[1].msgid, "~~~", "两者相差很小。",  # the glued number is lost
        "@@@ 3", "Not the English of message 3", "~~~", "调用。",
    ]) + "\n", encoding="utf-8")
    po, written, refused = translate.import_(text)
    assert (po, written) == (catalogue, 1)
    assert "{glue:text}`ewa_diff:.1e`" in refused[0]
    assert "not message 3" in refused[1]
    assert translations(catalogue)["Bias correction"] == "偏差修正"
    assert read_po(catalogue)[1].fuzzy  # refused: left as it was


def test_translate_markdown_replaces_blocks_the_catalogue_translates():
    catalogue = {"A paragraph over two lines.": "两行的段落。", "Heading": "标题",
                 "an item": "一项"}
    markdown = "# Heading\n\nA paragraph\nover two lines.\n\n- an item\n- another\n\n" \
               "```python\nA paragraph\n```\n\n$$\nHeading\n$$"
    text, done, total = translate_markdown(markdown, catalogue)
    assert text.splitlines() == ["# 标题", "", "两行的段落。", "", "- 一项", "- another", "",
                                 "```python", "A paragraph", "```", "", "$$", "Heading", "$$"]
    assert (done, total) == (3, 4)


def test_translate_markdown_follows_the_blocks_sphinx_extracts():
    catalogue = {
        "A cut at 255. Give the shapes.": "在 255 处切开。给出形状。",  # "255." is no list
        "First item, over two lines.": "第一项。", "Second item": "第二项",
        "Training set": "训练集", "The examples we fit.": "用来拟合的样本。",
        "Write the penalty $\\sum_{ij} |W_{ij}|$ down.": "写出惩罚项 $\\sum_{ij} |W_{ij}|$。",
        "model": "模型", "accuracy": "准确率", "A paragraph after the math.": "数学之后的段落。",
        "An exercise, in prose.": "一道练习。",
    }
    markdown = "\n".join([
        "A cut at", "255. Give the shapes.", "",
        "1. First item,", "   over two lines.", "2. Second item", "",
        "Training set", ": The examples we fit.", "",
        "Write the penalty $\\sum_{ij}", "|W_{ij}|$ down.", "",
        "| model | accuracy |", "|---|---|", "| 96.5% | 1 |", "",
        "$$", "x = \\text{model}", "$$ (eq-label)", "", "A paragraph after the math.", "",
        "````{exercise}", ":label: ex-a", "", "An exercise, in prose.", "",
        "```python", "model = 1", "```", "````",
    ])
    text, done, total = translate_markdown(markdown, catalogue)
    assert (done, total) == (10, 10)
    lines = text.splitlines()
    assert lines[:8] == ["在 255 处切开。给出形状。", "", "1. 第一项。", "2. 第二项", "",
                         "训练集", ": 用来拟合的样本。", ""]
    assert "| 模型 | 准确率 |" in lines
    assert "x = \\text{model}" in lines
    assert "model = 1" in lines
    assert ":label: ex-a" in lines
    assert "一道练习。" in lines


def test_each_page_links_to_the_same_page_in_the_other_edition():
    editions = {"en": {"folder": ""}, "zh_CN": {"folder": "zh_CN"}}
    assert edition_url("index", "en", "zh_CN", editions) == "zh_CN/index.html"
    assert edition_url("part1/notation", "en", "zh_CN", editions) == "../zh_CN/part1/notation.html"
    assert edition_url("part1/notation", "zh_CN", "en", editions) == "../../part1/notation.html"
    assert edition_url("index", "zh_CN", "en", editions) == "../index.html"


# -- The catalogues --------------------------------------------------------------


def test_every_page_has_a_catalogue_and_every_catalogue_a_page():
    have = sorted(p.relative_to(CATALOGUES).with_suffix("").as_posix() for p in PO_FILES)
    assert have == PAGES, "update the catalogues: nox -s catalogues"


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.relative_to(CATALOGUES).as_posix())
def test_every_message_is_translated_and_intact(po):
    bad = []
    for number, m in enumerate(read_po(po), 1):
        found = (["fuzzy (the English changed)"] if m.fuzzy else []) + problems(m.msgid, m.msgstr)
        if found:
            bad.append(f"@@@ {number}: {'; '.join(found)}: {m.msgid[:70]!r}")
    assert not bad, (f"{po.relative_to(ROOT)}: {len(bad)} messages need work "
                     "(python tools/translate.py export/import):\n" + "\n".join(bad))


def glossary_terms():
    """``{English term: Chinese term}`` from the glossary's headwords, translated as
    ``中文 (English)``."""
    terms = {}
    for m in read_po(CATALOGUES / "glossary.po"):
        found = re.fullmatch(r"(.+?) \((.+)\)", m.msgstr)
        if found and re.search(r"[\u3400-\u9fff]", found.group(1)):
            terms[m.msgid.lower()] = found.group(1)
    return terms


def test_the_glossary_gives_each_term_a_chinese_headword():
    english = re.findall(r"^([a-z][^\n]*)\n  ", (ROOT / "docs" / "glossary.md").read_text(
        encoding="utf-8"), flags=re.M)
    assert english
    assert sorted(glossary_terms()) == sorted(t.lower() for t in english)


def test_a_term_reads_the_same_wherever_it_is_referenced():
    terms = glossary_terms()
    role = re.compile(r"\{term\}`([^`]*?)\s*<([^<>`]+)>`|\{term\}`([^`<>]+)`")
    bad = []
    for po in PO_FILES:
        for m in read_po(po):
            for shown, target, bare in role.findall(m.msgstr):
                target = (target or bare).lower()
                chinese = terms.get(target) or next(
                    (v for k, v in terms.items() if k.startswith(target + " (")), None)
                if chinese is None:
                    bad.append(f"{po.name}: {{term}} target {target!r} is not in the glossary")
                elif chinese not in (shown or bare):
                    bad.append(f"{po.name}: {target!r} shown as {shown or bare!r}, "
                               f"not with the glossary's {chinese!r}")
    assert not bad, "\n".join(bad)
