"""dlguide's speed against the BLAS floor and its peers, and the book's build times.

Run with ``nox -s bench`` (which installs scikit-learn and the CPU build of
PyTorch), or ``python benchmarks/bench.py [--skip-book] [--json PATH]``.
Prints a table and writes it as JSON (default ``_build/bench.json``). Each
figure is a median over repeats; each run of a contender is its own subprocess
(so its peak memory, max RSS, is its own), the contenders take turns run by
run, and every ratio compares figures from this one invocation.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [1024, 512, 256, 1]
M_LARGE, BATCH, EPOCHS = 16_384, 256, 3
REPEATS = 5
SEEDS = range(REPEATS)  # a child process runs one of them: see run_round_robin


# --- workloads (each runs inside a child process) ---------------------------


def large_data(dtype):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((LAYERS[0], M_LARGE)).astype(dtype)
    w = rng.standard_normal((1, LAYERS[0]))
    Y = (w @ X > 0).astype(dtype)
    return X, Y


def per_seed(run):
    """Seconds of ``run(seed)`` for each seed of this process."""
    times = []
    for r in SEEDS:
        t = time.perf_counter()
        run(r)
        times.append(time.perf_counter() - t)
    return times


def per_epoch(run):
    """Seconds of each epoch of ``run(seed, stamp)`` for each seed; ``run`` calls
    ``stamp()`` at the end of every epoch."""
    times = []
    for r in SEEDS:
        stamps = [time.perf_counter()]
        run(r, lambda *_, stamps=stamps: stamps.append(time.perf_counter()))
        times += list(np.diff(stamps))
    return times


def per_epoch_of_steps(step):
    """Seconds of one epoch's worth (one call per batch) of ``step()``, as many
    epochs as the other workloads time."""
    times = []
    for _ in range(len(SEEDS) * EPOCHS):
        t = time.perf_counter()
        for _ in range(M_LARGE // BATCH):
            step()
        times.append(time.perf_counter() - t)
    return times


def epoch_times_dlguide(dtype):
    from dlguide.optimizers import Adam
    from dlguide.train import fit

    X, Y = large_data(dtype)

    def run(seed, stamp):
        params, _ = fit(X, Y, LAYERS, optimizer=Adam(1e-3), num_epochs=EPOCHS,
                        mini_batch_size=BATCH, rng=seed, progress=False, callback=stamp)
        assert params["W1"].dtype == np.dtype(dtype), "silent upcast"

    return per_epoch(run)


def epoch_times_floor(dtype):
    """The matrix products of one epoch alone: forward, dW for every layer, dA
    for every layer but the first, on preallocated arrays of the same shapes."""
    rng = np.random.default_rng(0)
    n0, n1, n2, n3 = LAYERS
    W = [rng.standard_normal(s).astype(dtype) for s in ((n1, n0), (n2, n1), (n3, n2))]
    Xb = rng.standard_normal((n0, BATCH)).astype(dtype)
    A1, A2, A3 = (np.empty((n, BATCH), dtype) for n in (n1, n2, n3))
    dZ3 = rng.standard_normal((n3, BATCH)).astype(dtype)
    dA2, dA1 = np.empty((n2, BATCH), dtype), np.empty((n1, BATCH), dtype)
    dW = [np.empty_like(w) for w in W]

    def step():
        np.matmul(W[0], Xb, out=A1)
        np.matmul(W[1], A1, out=A2)
        np.matmul(W[2], A2, out=A3)
        np.matmul(dZ3, A2.T, out=dW[2])
        np.matmul(W[2].T, dZ3, out=dA2)
        np.matmul(dA2, A1.T, out=dW[1])
        np.matmul(W[1].T, dA2, out=dA1)
        np.matmul(dA1, Xb.T, out=dW[0])

    return per_epoch_of_steps(step)


def plain_numpy_train(X, Y, layers, lr, epochs, batch, seed, stamp=None):
    """A careful plain NumPy loop, as a reader would write it from the course:
    He initialization, a shuffle per epoch, batches gathered as columns, the
    forward and backward passes of the course with ``@``, and Adam per array.
    No validation, no flat buffers, no preallocation."""
    rng = np.random.default_rng(seed)
    dtype, L, m = X.dtype, len(layers) - 1, X.shape[1]
    W = [(rng.standard_normal((layers[l], layers[l - 1])) * np.sqrt(2 / layers[l - 1]))
         .astype(dtype) for l in range(1, L + 1)]
    b = [np.zeros((layers[l], 1), dtype) for l in range(1, L + 1)]
    params = W + b
    v = [np.zeros_like(p) for p in params]
    s = [np.zeros_like(p) for p in params]
    t, b1, b2, eps = 0, 0.9, 0.999, 1e-8
    for _ in range(epochs):
        perm = rng.permutation(m)
        for k in range(0, m, batch):
            idx = perm[k:k + batch]
            A, Yb, n = [X[:, idx]], Y[:, idx], idx.size
            Z = []
            for l in range(L):
                Z.append(W[l] @ A[-1] + b[l])
                A.append(np.maximum(Z[-1], 0) if l < L - 1 else 1 / (1 + np.exp(-Z[-1])))
            dZ = A[-1] - Yb
            dW, db = [None] * L, [None] * L
            for l in range(L - 1, -1, -1):
                dW[l] = dZ @ A[l].T / n
                db[l] = dZ.sum(axis=1, keepdims=True) / n
                if l:
                    dZ = (W[l].T @ dZ) * (Z[l - 1] > 0)
            t += 1
            for p, g, vp, sp in zip(params, dW + db, v, s, strict=True):
                vp[...] = b1 * vp + (1 - b1) * g
                sp[...] = b2 * sp + (1 - b2) * g * g
                p -= lr * (vp / (1 - b1**t)) / (np.sqrt(sp / (1 - b2**t)) + eps)
        if stamp is not None:
            stamp()
    return params


def epoch_times_plain(dtype):
    X, Y = large_data(dtype)

    def run(seed, stamp):
        params = plain_numpy_train(X, Y, LAYERS, 1e-3, EPOCHS, BATCH, seed, stamp)
        assert params[0].dtype == np.dtype(dtype), "silent upcast"

    return per_epoch(run)


def epoch_times_adam_alone(dtype):
    """The optimizer's step alone, once per batch, on buffers of the network's size:
    the part of an epoch that no matrix product can hide."""
    from dlguide.optimizers import Adam
    from dlguide.step import FlatLayout

    rng = np.random.default_rng(0)
    layout = FlatLayout.for_dims(LAYERS)
    theta = rng.standard_normal(layout.size).astype(dtype)
    dtheta = rng.standard_normal(layout.size).astype(dtype)
    opt = Adam(1e-3)
    return per_epoch_of_steps(lambda: opt.update_flat(theta, dtheta, layout))


def epoch_times_sklearn(dtype):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X, Y = large_data(dtype)
    Xr, y = np.ascontiguousarray(X.T), Y.ravel().astype(int)
    times = []
    for r in SEEDS:
        clf = MLPClassifier(hidden_layer_sizes=tuple(LAYERS[1:-1]), activation="relu",
                            solver="adam", alpha=0.0, batch_size=BATCH, learning_rate_init=1e-3,
                            max_iter=EPOCHS, shuffle=True, tol=0.0, n_iter_no_change=10**6,
                            random_state=r)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            t = time.perf_counter()
            clf.fit(Xr, y)
            times.append((time.perf_counter() - t) / EPOCHS)
    return times


def _torch_model(torch, sizes, dtype):
    layers = []
    for a, b in itertools.pairwise(sizes):
        layers += [torch.nn.Linear(a, b, dtype=dtype), torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])


def _torch_loop(torch, model, loss_fn, Xt, Yt, lr, epochs, batch, stamp=None):
    """The usual PyTorch training loop: Adam, shuffled mini-batches of rows."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    m = Xt.shape[0]
    for _ in range(epochs):
        perm = torch.randperm(m)
        for k in range(0, m, batch):
            idx = perm[k:k + batch]
            opt.zero_grad(set_to_none=True)
            loss_fn(model(Xt[idx]), Yt[idx]).backward()
            opt.step()
        if stamp is not None:
            stamp()
    return model


def _torch_train(X, Y, sizes, lr, epochs, batch, dtype_name, seed, stamp=None):
    import torch

    torch.manual_seed(seed)
    Xt = torch.from_numpy(np.ascontiguousarray(X.T))
    Yt = torch.from_numpy(np.ascontiguousarray(Y.T))
    model = _torch_model(torch, sizes, getattr(torch, dtype_name))
    return _torch_loop(torch, model, torch.nn.BCEWithLogitsLoss(), Xt, Yt, lr, epochs, batch,
                       stamp)


def epoch_times_torch(dtype):
    import torch

    torch.set_num_threads(os.cpu_count() or 1)
    X, Y = large_data(dtype)
    return per_epoch(lambda seed, stamp: _torch_train(X, Y, LAYERS, 1e-3, EPOCHS, BATCH,
                                                      np.dtype(dtype).name, seed, stamp))


def moons_dlguide(_dtype):
    from dlguide.data import make_moons
    from dlguide.optimizers import Adam
    from dlguide.train import fit

    X, Y = make_moons(300, noise=0.2, rng=3)
    return per_seed(lambda seed: fit(X, Y, [2, 5, 2, 1], optimizer=Adam(0.0007),
                                     num_epochs=5000, mini_batch_size=64, rng=seed,
                                     progress=False))


def moons_plain(_dtype):
    from dlguide.data import make_moons

    X, Y = make_moons(300, noise=0.2, rng=3)
    return per_seed(lambda seed: plain_numpy_train(X, Y, [2, 5, 2, 1], 0.0007, 5000, 64, seed))


def moons_torch(_dtype):
    import torch

    from dlguide.data import make_moons

    torch.set_num_threads(1)
    X, Y = make_moons(300, noise=0.2, rng=3)
    return per_seed(lambda seed: _torch_train(X, Y, [2, 5, 2, 1], 0.0007, 5000, 64,
                                              "float64", seed))


DIGITS_LAYERS, DIGITS_EPOCHS, DIGITS_BATCH, DIGITS_LR = [64, 128, 64, 10], 30, 64, 1e-3


def digits_data():
    from dlguide.data import load_digits, one_hot

    X, y = load_digits()
    return X, one_hot(y, 10), y


def _digits_dlguide(batch_norm):
    from dlguide.optimizers import Adam
    from dlguide.train import fit

    X, Y, _ = digits_data()
    return per_seed(lambda seed: fit(X, Y, DIGITS_LAYERS, optimizer=Adam(DIGITS_LR),
                                     num_epochs=DIGITS_EPOCHS, mini_batch_size=DIGITS_BATCH,
                                     output_activation="softmax", batch_norm=batch_norm,
                                     rng=seed, progress=False))


def digits_dlguide(_dtype):
    return _digits_dlguide(False)


def digits_dlguide_bn(_dtype):
    return _digits_dlguide(True)


def _digits_torch(batch_norm):
    import torch

    torch.set_num_threads(1)
    X, _, y = digits_data()
    Xt, yt = torch.from_numpy(np.ascontiguousarray(X.T)), torch.from_numpy(y.ravel())

    def run(seed):
        torch.manual_seed(seed)
        layers = []
        for a, b in itertools.pairwise(DIGITS_LAYERS[:-1]):
            layers += [torch.nn.Linear(a, b, bias=not batch_norm, dtype=torch.float64)]
            layers += [torch.nn.BatchNorm1d(b, dtype=torch.float64)] if batch_norm else []
            layers += [torch.nn.ReLU()]
        model = torch.nn.Sequential(*layers, torch.nn.Linear(DIGITS_LAYERS[-2],
                                                             DIGITS_LAYERS[-1],
                                                             dtype=torch.float64))
        _torch_loop(torch, model, torch.nn.functional.cross_entropy, Xt, yt, DIGITS_LR,
                    DIGITS_EPOCHS, DIGITS_BATCH)

    return per_seed(run)


def digits_torch(_dtype):
    return _digits_torch(False)


def digits_torch_bn(_dtype):
    return _digits_torch(True)


def digits_sklearn(_dtype):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X, _, y = digits_data()

    def run(seed):
        clf = MLPClassifier(hidden_layer_sizes=tuple(DIGITS_LAYERS[1:-1]), solver="adam",
                            alpha=0.0, batch_size=DIGITS_BATCH, learning_rate_init=DIGITS_LR,
                            max_iter=DIGITS_EPOCHS, tol=0.0, n_iter_no_change=10**6,
                            random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X.T, y.ravel())

    return per_seed(run)


WORKLOADS = {f.__name__: f for f in (epoch_times_dlguide, epoch_times_floor,
                                     epoch_times_adam_alone, epoch_times_plain,
                                     epoch_times_sklearn, epoch_times_torch,
                                     moons_dlguide, moons_plain, moons_torch,
                                     digits_dlguide, digits_dlguide_bn, digits_torch,
                                     digits_torch_bn, digits_sklearn)}


def child(name, dtype, seed):
    global SEEDS
    SEEDS = [int(seed)]
    times = WORKLOADS[name](np.dtype(dtype))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB on Linux
    print(json.dumps({"times": times, "peak_mib": peak}))


def run_child(name, dtype, seed):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, __file__, "--child", name, dtype, str(seed)],
                          capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_round_robin(names, dtype):
    """Each contender's runs, one child process per run, the contenders taking
    turns (A B C, A B C, ...): a slow spell of the machine then hits all of them
    alike instead of one. Median time of all runs; peak memory of the largest."""
    out = {name: {"times": [], "peak_mib": 0.0} for name in names}
    for seed in range(REPEATS):
        for name in names:
            if "error" in out[name]:
                continue
            r = run_child(name, dtype, seed)
            if "error" in r:
                out[name] = r
                continue
            out[name]["times"] += r["times"]
            out[name]["peak_mib"] = max(out[name]["peak_mib"], r["peak_mib"])
    for r in out.values():
        if "error" not in r:
            r["median_s"] = statistics.median(r["times"])
    return out


# --- the book -----------------------------------------------------------------


def sphinx(root, executed=None):
    """Seconds of one build of the book in ``root``; the chapters it executed are
    appended to ``executed``."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-c", ".", "-j", "auto",
                           "docs", "_build/html"], cwd=root, check=True, capture_output=True,
                          text=True,
                          env={k: v for k, v in os.environ.items() if k != "DLGUIDE_JCACHE"})
    seconds = time.perf_counter() - t
    if executed is not None:
        executed += [Path(line.split(":")[0]).relative_to(root / "docs").with_suffix("").as_posix()
                     for line in (proc.stdout + proc.stderr).splitlines()
                     if "Executing notebook" in line]
    return seconds


def slowest_chapters(root, n=5):
    from jupyter_cache import get_cache

    cache = root / "_build" / ".jupyter_cache"
    if not cache.is_dir():
        return []
    records = get_cache(str(cache)).list_cache_records()
    rows = [(Path(r.uri).relative_to(root / "docs").as_posix() if r.uri else "?",
             float(r.data.get("execution_seconds", 0.0))) for r in records]
    return sorted(rows, key=lambda r: -r[1])[:n]


def edit_and_build(root, path, executed):
    """Seconds of a build after appending a comment to ``path`` (inside ``root``)."""
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "\n<!-- bench edit -->\n" if path.suffix == ".md"
                    else original + "\n# bench edit\n", encoding="utf-8")
    return sphinx(root, executed)


def copy_of_the_sources(target):
    """The files git tracks, copied to ``target``: the book is timed there, so a
    bench run never edits a tracked file nor touches this checkout's _build."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        dest = target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest)
    return target


def bench_book():
    with tempfile.TemporaryDirectory(prefix="dlguide-bench-") as tmp:
        root = copy_of_the_sources(Path(tmp))
        clean = sphinx(root)
        slow = slowest_chapters(root)
        again = statistics.median(sphinx(root) for _ in range(REPEATS))
        by_chapter, by_module = [], []
        chapter = edit_and_build(root, root / "docs" / "part1" / "logistic-regression.md",
                                 by_chapter)
        module = edit_and_build(root, root / "dlguide" / "schedules.py", by_module)
    return {"clean_s": clean, "no_change_s": again, "one_chapter_s": chapter,
            "one_module_s": module, "slowest_chapters": slow,
            "executed_after_chapter_edit": by_chapter, "executed_after_module_edit": by_module}


# --- main ---------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description="dlguide benchmarks")
    parser.add_argument("--child", nargs=3, metavar=("WORKLOAD", "DTYPE", "SEED"))
    parser.add_argument("--skip-book", action="store_true")
    parser.add_argument("--json", default=str(ROOT / "_build" / "bench.json"))
    args = parser.parse_args(argv)
    if args.child:
        return child(*args.child)

    results = {"machine": {"python": platform.python_version(), "numpy": np.__version__,
                           "cpus": os.cpu_count()}}
    try:
        from threadpoolctl import threadpool_info

        results["machine"]["blas"] = [(i.get("internal_api"), i.get("architecture"))
                                      for i in threadpool_info()]
    except ImportError:
        pass
    print(f"Large network {LAYERS}, {M_LARGE} examples, batches of {BATCH}, Adam, "
          f"{EPOCHS} epochs; median over {REPEATS} runs each, contenders taking turns")
    print(f"{'dtype':8} {'contender':22} {'s/epoch':>9} {'x floor':>8} {'peak MiB':>9}")
    for dtype in ("float64", "float32"):
        labels = {"floor (matmuls only)": "epoch_times_floor",
                  "Adam step alone": "epoch_times_adam_alone",
                  "dlguide.train.fit": "epoch_times_dlguide",
                  "plain NumPy loop": "epoch_times_plain",
                  "scikit-learn MLP": "epoch_times_sklearn",
                  "PyTorch (CPU)": "epoch_times_torch"}
        runs = run_round_robin(list(labels.values()), dtype)
        rows = {label: runs[name] for label, name in labels.items()}
        floor = rows["floor (matmuls only)"].get("median_s")
        for label, r in rows.items():
            if "error" in r:
                print(f"{dtype:8} {label:22} {'n/a':>9}  ({r['error']})")
                continue
            r["x_floor"] = r["median_s"] / floor if floor else None
            print(f"{dtype:8} {label:22} {r['median_s']:9.3f} {r['x_floor']:8.2f} "
                  f"{r['peak_mib']:9.0f}")
        adam = rows["Adam step alone"].get("x_floor")
        if adam is not None:
            rows["limit_x_floor"] = 1.0 + adam
            print(f"{dtype:8} {'limit: floor + Adam':22} {'':9} {1.0 + adam:8.2f}")
        results[f"large_{dtype}"] = rows

    print("\nMoons [2, 5, 2, 1], 300 examples, batches of 64, 5,000 epochs, Adam")
    runs = run_round_robin(["moons_dlguide", "moons_plain", "moons_torch"], "float64")
    small = {"dlguide": runs["moons_dlguide"], "plain": runs["moons_plain"],
             "pytorch": runs["moons_torch"]}
    for label, r in small.items():
        print(f"  {label:10} " + (f"{r['median_s']:.2f} s" if "median_s" in r else r["error"]))
    for other in ("plain", "pytorch"):
        if "median_s" in small["dlguide"] and "median_s" in small[other]:
            ratio = small[other]["median_s"] / small["dlguide"]["median_s"]
            small[f"{other}_over_dlguide"] = ratio
            print(f"  {other} / dlguide: {ratio:.1f}x")
    results["moons"] = small

    print(f"\nDigits {DIGITS_LAYERS} softmax, 1,797 examples, batches of {DIGITS_BATCH}, "
          f"{DIGITS_EPOCHS} epochs, Adam, float64 (s per run)")
    names = {"dlguide": "digits_dlguide", "dlguide, batch norm": "digits_dlguide_bn",
             "PyTorch": "digits_torch", "PyTorch, batch norm": "digits_torch_bn",
             "scikit-learn MLP": "digits_sklearn"}
    runs = run_round_robin(list(names.values()), "float64")
    digits = {label: runs[name] for label, name in names.items()}
    for label, r in digits.items():
        print(f"  {label:22} " + (f"{r['median_s']:.3f} s" if "median_s" in r else r["error"]))
    for ours, theirs in (("dlguide", "PyTorch"), ("dlguide", "scikit-learn MLP"),
                         ("dlguide, batch norm", "PyTorch, batch norm")):
        if "median_s" in digits[ours] and "median_s" in digits[theirs]:
            ratio = digits[theirs]["median_s"] / digits[ours]["median_s"]
            digits[f"{theirs} / {ours}"] = ratio
            print(f"  {theirs} / {ours}: {ratio:.1f}x")
    results["digits"] = digits

    if not args.skip_book:
        print("\nThe book")
        book = bench_book()
        labels = {"clean_s": "clean build, every chapter executed",
                  "no_change_s": f"no change (median of {REPEATS})",
                  "one_chapter_s": "one chapter edited (prose)",
                  "one_module_s": "dlguide/schedules.py edited"}
        for key, label in labels.items():
            print(f"  {label:38} {book[key]:7.1f} s")
        for key in ("executed_after_chapter_edit", "executed_after_module_edit"):
            print(f"  {key.replace('_', ' ')}: {len(book[key])} chapters "
                  f"({', '.join(book[key]) or 'none'})")
        print("  slowest chapters (execution): " + ", ".join(
            f"{uri} {sec:.1f} s" for uri, sec in book["slowest_chapters"]))
        results["book"] = book

    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2, default=str))
    print(f"\nwritten to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
