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


def build_book(session: nox.Session) -> None:
    session.install("-e", ".", *group("docs"))
    if "clean" in session.posargs:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
    session.run(
        "sphinx-build", "-b", "html", "-c", ".", "-n", "-W", "--keep-going",
        "-j", "auto", "docs", "_build/html",
        # -j auto executes chapters side by side, one per core: one BLAS thread
        # each, or they fight over the cores.
        env={"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML book into _build/html, executing every chapter.

    ``nox -s docs -- clean`` removes the build and the execution cache first.
    """
    build_book(session)
    session.log(f"Open {ROOT / '_build' / 'html' / 'index.html'} in a browser.")


@nox.session
def browser(session: nox.Session) -> None:
    """Build the book, then open every page in headless Chromium with the network off.

    Uses Debian's chromium (installed with apt-get when missing), never a
    downloaded browser.
    """
    if not shutil.which("chromium"):
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "chromium", external=True)
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
