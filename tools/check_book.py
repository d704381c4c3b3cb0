"""Open every page of the built book in headless Chromium, offline, and check it.

Run by ``nox -s browser`` after the book is built. Fails (exit 1) if any page
requests anything outside the build, leaves math untypeset or MathJax reports an
error, has a broken image, an internal link or anchor that does not resolve, an
error in the console, or no executed output where its source has code cells.
Each edition (English at the root, translations in their folders, e.g. zh_CN/)
must declare its language, be written in it, link every page to the same page in
the other edition, and find a word of its own language with the book's search.
Saves screenshots (desktop and phone widths, light and dark) under
``_build/screenshots`` and prints page counts and timings.

Usage: ``python tools/check_book.py [_build/html]``
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import socketserver
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
    # The network is off for the page: every host but the local server fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
SCREENSHOT_PAGES = ["index.html", "part1/logistic-regression.html", "part1/activations.html",
                    "part2/optimizers.html", "zh_CN/index.html",
                    "zh_CN/part1/logistic-regression.html"]
# folder: (the lang attribute, a word the search must find, what its text is written in)
# pages whose text is mostly the package's docstrings, English in every edition (help())
ENGLISH_PAGES = {"api.html"}
EDITIONS = {"": ("en", "backpropagation", None),
            "zh_CN": ("zh-CN", "反向传播", re.compile(r"[\u3400-\u9fff]"))}
WAIT_FOR_MATHJAX = """
async () => {
  if (typeof MathJax === 'undefined') return 'absent';
  if (MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  if (MathJax.typesetPromise) { await MathJax.typesetPromise(); }
  return 'ok';
}
"""
PAGE_FACTS = """
() => {
  const math = Array.from(document.querySelectorAll('span.math, div.math'));
  const untypeset = math.filter(n => !n.querySelector('mjx-container')).length;
  const errors = document.querySelectorAll('mjx-merror').length;
  const imgs = Array.from(document.images);
  const broken = imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src);
  const ids = Array.from(document.querySelectorAll('[id]')).map(n => n.id);
  const names = Array.from(document.querySelectorAll('a[name]')).map(n => n.name);
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.href);
  const outputs = document.querySelectorAll('.cell_output, .output').length;
  const article = document.querySelector('article, [role=main]');
  const prose = article ? Array.from(article.querySelectorAll('p, h1, h2, li'))
      .filter(n => !n.closest('.cell_output, .output, pre, .highlight, dl.py, table'))
      .map(n => n.innerText).join(' ') : '';
  const other = document.querySelector('a.dlguide-language-switch');
  return {math: math.length, untypeset, errors, images: imgs.length, broken,
          ids: ids.concat(names), links, outputs, lang: document.documentElement.lang,
          prose, other: other ? other.href : null};
}
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    handler = functools.partial(_Quiet, directory=str(directory))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def edition_of(page):
    """The edition's folder ('' for English) and the page within the edition."""
    first, _, rest = page.partition("/")
    return (first, rest) if first in EDITIONS and rest else ("", page)


def source_has_code_cells(page):
    md = ROOT / "docs" / Path(edition_of(page)[1]).with_suffix(".md")
    return md.exists() and "```{code-cell}" in md.read_text(encoding="utf-8")


def check_edition(name, facts):
    """The page declares its edition's language, is written in it (a translated page
    that is mostly English has untranslated text) and links to its other edition."""
    folder, _ = edition_of(name)
    lang, _, script = EDITIONS[folder]
    problems = []
    if facts["lang"] != lang:
        problems.append(f"{name}: <html lang={facts['lang']!r}>, expected {lang!r}")
    page = edition_of(name)[1]
    written = (ROOT / "docs" / Path(page).with_suffix(".md")).exists()  # not search.html
    if script is not None and facts["prose"] and written and page not in ENGLISH_PAGES:
        share = len(script.findall(facts["prose"])) / max(1, len(re.findall(r"\w", facts["prose"])))
        if share < 0.2:
            problems.append(f"{name}: only {share:.0%} of its prose is in {lang}")
    if not facts["other"] and Path(name).name not in ("search.html", "genindex.html"):
        problems.append(f"{name}: no link to the page in the other edition")
    return problems


def search(page, url):
    """How many pages the book's own search (Sphinx's searchindex.js) finds, once it has
    finished: the summary starts empty and is written after the last result is listed
    (the results are listed one every 5 ms)."""
    page.goto(url, wait_until="load")
    page.wait_for_function("() => { const s = document.querySelector("
                           "'#search-results .search-summary');"
                           " return s !== null && s.innerText.trim() !== ''; }", timeout=30000)
    return page.locator("#search-results ul.search li").count()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    html = Path(args.html).resolve()
    shots = html.parent / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                   if not any(part.startswith(("_", ".")) for part in p.relative_to(html).parts))
    httpd = serve(html)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    failures, blocked, facts = [], [], {}
    totals = {"math": 0, "images": 0, "links": 0, "requests": 0}
    t0 = time.perf_counter()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})

        def route(r):
            totals["requests"] += 1
            if r.request.url.startswith(base) or r.request.url.startswith(("data:", "blob:")):
                return r.continue_()
            blocked.append(r.request.url)
            return r.abort()

        context.route("**/*", route)
        page = context.new_page()
        console = []
        page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: console.append(str(e)))
        # a request the next page's navigation aborted (a font still loading) is not
        # a broken resource; a missing file is a 404, reported as a console error
        page.on("requestfailed", lambda r: console.append(f"request failed: {r.url}")
                if r.url.startswith(base) and "ERR_ABORTED" not in (r.failure or "")
                else None)
        for name in pages:
            console.clear()
            page.goto(base + name, wait_until="load")
            state = page.evaluate(WAIT_FOR_MATHJAX)
            f = page.evaluate(PAGE_FACTS)
            facts[name] = f
            totals["math"] += f["math"]
            totals["images"] += f["images"]
            if f["math"] and state != "ok":
                failures.append(f"{name}: {f['math']} math nodes but MathJax is not loaded")
            if f["untypeset"]:
                failures.append(f"{name}: {f['untypeset']} of {f['math']} math nodes untypeset")
            if f["errors"]:
                failures.append(f"{name}: MathJax reported {f['errors']} error(s)")
            failures += [f"{name}: image failed to load: {src}" for src in f["broken"]]
            failures += [f"{name}: console error: {text}" for text in console]
            if source_has_code_cells(name) and not f["outputs"]:
                failures.append(f"{name}: the source has code cells but the page has no output")
            failures += check_edition(name, f)
        # Internal links and anchors, against what every page actually contains.
        for name, f in facts.items():
            for href in f["links"]:
                if not href.startswith(base):
                    continue
                totals["links"] += 1
                url, anchor = urldefrag(href)
                target = unquote(urlparse(url).path).lstrip("/") or "index.html"
                if target.endswith("/"):
                    target += "index.html"
                if not (html / target).exists():
                    failures.append(f"{name}: link to missing file {target}")
                elif anchor and target in facts and anchor not in facts[target]["ids"]:
                    failures.append(f"{name}: link to missing anchor {target}#{anchor}")
        for folder, (_, word, _) in EDITIONS.items():
            prefix = f"{folder}/" if folder else ""
            found = search(page, f"{base}{prefix}search.html?q={word}")
            totals[f"search {folder or 'en'}"] = found
            if not found:
                failures.append(f"{prefix}search.html: no page found for {word!r}")
        checked = time.perf_counter() - t0
        # Screenshots: desktop and phone, light and dark.
        for scheme in ("light", "dark"):
            for label, size in (("desktop", (1280, 900)), ("phone", (390, 844))):
                ctx = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                          color_scheme=scheme)
                ctx.route("**/*", route)
                shot = ctx.new_page()
                for name in SCREENSHOT_PAGES:
                    if name not in facts:
                        continue
                    shot.goto(base + name, wait_until="load")
                    shot.evaluate(WAIT_FOR_MATHJAX)
                    out = shots / f"{name.replace('/', '_')[:-5]}-{label}-{scheme}.png"
                    shot.screenshot(path=str(out))
                ctx.close()
        browser.close()
    httpd.shutdown()
    failures += [f"blocked request outside the build: {u}" for u in sorted(set(blocked))]
    size = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
    print(f"pages checked: {len(pages)}")
    print(f"math nodes typeset: {totals['math']}")
    print(f"images: {totals['images']}, internal links: {totals['links']}, "
          f"requests served: {totals['requests'] - len(blocked)}")
    print(f"requests blocked (outside the build): {len(blocked)}")
    for folder in EDITIONS:
        count = sum(1 for name in pages if edition_of(name)[0] == folder)
        key = folder or "en"
        print(f"edition {key}: {count} pages; search for {EDITIONS[folder][1]!r} finds "
              f"{totals.get('search ' + key)} pages")
    print(f"book size on disk: {size / 2**20:.1f} MiB")
    print(f"time to check: {checked:.1f} s; screenshots in {shots}")
    if failures:
        print(f"\n{len(failures)} problem(s):")
        for line in failures:
            print("  " + line)
        return 1
    print("browser check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
