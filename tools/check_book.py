"""Open every page of the built book in headless Chromium, offline, and check it.

Run by ``nox -s browser`` after the book is built. Fails (exit 1) if any page
requests anything outside the build, leaves math untypeset or MathJax reports an
error, has a broken image, an internal link or anchor that does not resolve, an
error in the console, or no executed output where its source has code cells.
Saves screenshots (desktop and phone widths, light and dark) under
``_build/screenshots`` and prints page counts and timings.

Usage: ``python tools/check_book.py [_build/html]``
"""

from __future__ import annotations

import argparse
import functools
import http.server
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
                    "part2/optimizers.html"]
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
  return {math: math.length, untypeset, errors, images: imgs.length, broken,
          ids: ids.concat(names), links, outputs};
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


def source_has_code_cells(page):
    md = ROOT / "docs" / Path(page).with_suffix(".md")
    return md.exists() and "```{code-cell}" in md.read_text(encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    html = Path(args.html).resolve()
    shots = html.parent / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                   if not p.relative_to(html).parts[0].startswith(("_", ".")))
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
        page.on("requestfailed", lambda r: console.append(f"request failed: {r.url}")
                if r.url.startswith(base) else None)
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
