"""Sessions: ``tests``, ``docs``, ``lint`` (run ``nox -l`` for the list)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2024.3.2"
nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests", "docs"]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")


def group(name: str) -> list[str]:
    return nox.project.dependency_groups(PYPROJECT, name)


@nox.session
def tests(session: nox.Session) -> None:
    """Unit tests, the package's doctests and the ``>>>`` examples in docs/*.md."""
    session.install("-e", ".", *group("test"))
    session.run("pytest", *session.posargs, env={"MPLBACKEND": "Agg"})


EDITIONS = ["zh_CN"]  # besides English; conf.py's dlguide_editions names their folders


def build_book(session: nox.Session) -> None:
    """Both editions: English into _build/html, each translation into _build/<lang>/html,
    copied to _build/html/<lang> (myst-nb writes beside the output folder, so each
    edition builds in a folder of its own). The translations reuse the English
    execution cache: their code cells are the same."""
    session.install("-e", ".", *group("docs"))
    if "clean" in session.posargs:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
    # -j auto executes chapters side by side, one per core: one BLAS thread each, or
    # they fight over the cores.
    env = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    options = ["-b", "html", "-c", ".", "-n", "-W", "--keep-going", "-j", "auto"]
    session.run("sphinx-build", *options, "docs", "_build/html", env=env)
    for language in EDITIONS:
        out = ROOT / "_build" / language / "html"
        session.run("sphinx-build", *options, "-D", f"language={language}", "docs", str(out),
                    env=env)
        target = ROOT / "_build" / "html" / language
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(out, target, ignore=shutil.ignore_patterns(".doctrees", ".buildinfo"))


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML book into _build/html, executing every chapter.

    ``nox -s docs -- clean`` removes the build and the execution cache first.
    """
    build_book(session)
    session.log(f"Open {ROOT / '_build' / 'html' / 'index.html'} in a browser.")


@nox.session
def catalogues(session: nox.Session) -> None:
    """Bring the translations' catalogues (docs/locale/<lang>/LC_MESSAGES) in step
    with the English pages: new messages appear untranslated, changed ones fuzzy.
    Then translate with ``python tools/translate.py`` (see the README)."""
    session.install("-e", ".", *group("docs"))
    session.run("sphinx-build", "-b", "gettext", "-c", ".", "-q", "docs", "_build/gettext",
                env={"OPENBLAS_NUM_THREADS": "1"})
    for language in EDITIONS:
        session.run("sphinx-intl", "update", "-p", "_build/gettext", "-l", language,
                    "-d", "docs/locale")
    session.run("python", "tools/translate.py", "check", success_codes=[0, 1])


@nox.session
def browser(session: nox.Session) -> None:
    """Build the book, then open every page in headless Chromium with the network off.

    Uses Debian's chromium (installed with apt-get when missing), never a
    downloaded browser, and a Chinese font for the screenshots of the Chinese edition.
    """
    missing = [] if shutil.which("chromium") else ["chromium"]
    fonts = session.run("fc-list", ":lang=zh", external=True, silent=True,
                        success_codes=[0, 1]) if shutil.which("fc-list") else ""
    missing += [] if fonts and fonts.strip() else ["fonts-wqy-microhei"]
    if missing:
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", *missing, external=True)
    build_book(session)
    session.install(*group("browser"))
    session.run("python", "tools/check_book.py", "_build/html")


@nox.session
def notebooks(session: nox.Session) -> None:
    """Run every downloadable chapter notebook in a plain kernel (no myst-nb).

    Needs the built book (``nox -s docs``), whose _sources hold the notebooks.
    """
    if not (ROOT / "_build" / "html" / "_sources").is_dir():
        session.error("build the book first: nox -s docs")
    session.install("-e", ".", *group("notebooks"))
    session.run("python", "tools/run_notebooks.py", "_build/html/_sources",
                env={"OPENBLAS_NUM_THREADS": "1"})


@nox.session
def bench(session: nox.Session) -> None:
    """Speed against the BLAS floor, scikit-learn and PyTorch; the book's build times.

    Not part of the tests. ``nox -s bench -- --skip-book`` skips the book timings.
    """
    # torch pinned: an unpinned torch pulls a multi-gigabyte CUDA build.
    session.install("-e", ".", *group("docs"), "scikit-learn", "torch==2.13.0",
                    "threadpoolctl")
    session.run("python", "benchmarks/bench.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff, with the NumPy (NPY) rules."""
    session.install(*group("lint"))
    session.run("ruff", "check", "dlguide", "tests", "noxfile.py", "conf.py", "tools", "benchmarks",
                "docs/_ext")


@nox.session
def crosscheck(session: nox.Session) -> None:
    """dlguide against PyTorch in float64 (tests/crosscheck), printing every difference.

    Installs the CPU build of torch, pinned: ``torch==2.13.0`` (an unpinned torch
    pulls a multi-gigabyte CUDA build). Where PyPI only offers the CUDA build,
    point ``PIP_EXTRA_INDEX_URL`` at PyTorch's CPU wheel index first.
    """
    session.install("torch==2.13.0", "-e", ".", *group("test"))
    session.run("pytest", "tests/crosscheck", "-v", "-s", *session.posargs,
                env={"MPLBACKEND": "Agg"})
