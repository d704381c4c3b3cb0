"""Tests of dlguide.step, the fast step of fit: pinned to the taught functions.

The rule for a fast path (dlguide/step.py): it runs the same kernels as the
public functions and differs only in bookkeeping; this test trains with fit and
with a loop of model_forward, model_backward, compute_cost, l2_cost and
Adam.update, and requires the same numbers.
"""

from __future__ import annotations

import numpy as np
import pytest

from dlguide.data import make_moons, one_hot, random_mini_batches
from dlguide.initializers import initialize_parameters
from dlguide.network import compute_cost, model_backward, model_forward
from dlguide.optimizers import Adam
from dlguide.regularization import l2_cost
from dlguide.step import RUNNING_BETA, FlatLayout
from dlguide.train import fit


@pytest.fixture(scope="module")
def moons():
    return make_moons(120, noise=0.1, rng=1)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(("hidden", "lambd", "keep_prob"), [
    ("relu", 0.0, 1.0), ("tanh", 0.4, 1.0), ("sigmoid", 0.0, 0.8), ("leaky_relu", 0.4, 0.7),
])
def test_fast_step_equals_the_plain_functions(moons, dtype, hidden, lambd, keep_prob):
    """fit's step (buffers reused, 1/b folded into dZ[L], epoch cost from the logits,
    L2 on the flat buffer) gives what model_forward, model_backward, compute_cost,
    l2_cost and Adam.update give, up to rounding, with a short last batch and dropout."""
    X, Y = moons  # 120 examples: batches of 50, 50 and 20
    X = X.astype(dtype)
    dims, b, epochs = [2, 6, 4, 1], 50, 3
    params, history = fit(X, Y, dims, optimizer=Adam(0.02), num_epochs=epochs,
                          mini_batch_size=b, lambd=lambd, keep_prob=keep_prob,
                          hidden_activation=hidden, rng=7, progress=False)
    gen, opt, m = np.random.default_rng(7), Adam(0.02), X.shape[1]
    p = initialize_parameters(dims, "he", dtype=dtype, rng=gen)
    costs = []
    for _ in range(epochs):
        total = 0.0
        for Xb, Yb in random_mini_batches(X, Y.astype(dtype), b, rng=gen):
            AL, caches = model_forward(Xb, p, hidden_activation=hidden, keep_prob=keep_prob,
                                       rng=gen)
            total += compute_cost(AL, Yb) * Yb.shape[1]
            grads = model_backward(AL, Yb, caches, lambd=lambd * Yb.shape[1] / m)
            opt.update(p, grads)
        costs.append(total / m + (l2_cost(p, lambd, m) if lambd else 0.0))
    tol = {"rtol": 1e-10, "atol": 1e-12} if dtype == np.float64 else {"rtol": 2e-4, "atol": 1e-5}
    for k in p:
        assert params[k].dtype == dtype
        np.testing.assert_allclose(params[k], p[k], **tol)
    np.testing.assert_allclose(history["cost"], costs, **tol)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(("output", "batch_norm", "hidden", "lambd", "keep_prob"), [
    ("softmax", False, "relu", 0.0, 1.0), ("softmax", False, "tanh", 0.3, 0.8),
    ("sigmoid", True, "relu", 0.0, 1.0), ("softmax", True, "leaky_relu", 0.2, 0.75),
    ("softmax", True, "sigmoid", 0.0, 1.0),
])
def test_fast_step_equals_the_plain_functions_softmax_and_batch_norm(
        dtype, output, batch_norm, hidden, lambd, keep_prob):
    """The same equality for a softmax output over 3 classes and for batch norm: the
    step's forward and backward, its epoch cost from the logits, and the running
    averages it keeps, against model_forward/model_backward/compute_cost, Adam.update
    and the running averages written out from the caches."""
    rng = np.random.default_rng(3)
    m, C = 110, 3  # batches of 40, 40 and 30
    X = rng.normal(size=(4, m)).astype(dtype)
    labels = rng.integers(0, C, size=(1, m))
    Y = one_hot(labels, C) if output == "softmax" else (labels == 0).astype(float)
    dims, b, epochs = [4, 6, 5, Y.shape[0]], 40, 3
    params, history = fit(X, Y, dims, optimizer=Adam(0.02), num_epochs=epochs,
                          mini_batch_size=b, lambd=lambd, keep_prob=keep_prob,
                          hidden_activation=hidden, output_activation=output,
                          batch_norm=batch_norm, rng=5, progress=False)
    gen, opt = np.random.default_rng(5), Adam(0.02)
    p = initialize_parameters(dims, "he", dtype=dtype, rng=gen, batch_norm=batch_norm)
    running = {}
    for l in range(1, len(dims) - 1 if batch_norm else 1):
        running[f"mu{l}"] = np.zeros((dims[l], 1), dtype)
        running[f"sigma2{l}"] = np.ones((dims[l], 1), dtype)
    costs = []
    for _ in range(epochs):
        total = 0.0
        for Xb, Yb in random_mini_batches(X, Y.astype(dtype), b, rng=gen):
            AL, caches = model_forward(Xb, p, hidden_activation=hidden, keep_prob=keep_prob,
                                       rng=gen, output_activation=output)
            total += compute_cost(AL, Yb) * Yb.shape[1]
            grads = model_backward(AL, Yb, caches, lambd=lambd * Yb.shape[1] / m)
            opt.update(p, grads)
            for l, cache in enumerate(caches[:-1], start=1):
                if batch_norm:
                    running[f"mu{l}"] = RUNNING_BETA * running[f"mu{l}"] + (
                        1 - RUNNING_BETA) * cache.bn.mu
                    running[f"sigma2{l}"] = RUNNING_BETA * running[f"sigma2{l}"] + (
                        1 - RUNNING_BETA) * cache.bn.var
        costs.append(total / m + (l2_cost(p, lambd, m) if lambd else 0.0))
    tol = {"rtol": 1e-9, "atol": 1e-11} if dtype == np.float64 else {"rtol": 5e-4, "atol": 5e-5}
    assert set(params) == set(p) | set(running)
    for k in p:
        assert params[k].dtype == dtype
        np.testing.assert_allclose(params[k], p[k], **tol, err_msg=k)
    for k in running:
        np.testing.assert_allclose(params[k], running[k], **tol, err_msg=k)
    np.testing.assert_allclose(history["cost"], costs, **tol)


def test_the_flat_layout_places_every_parameter_once():
    params = initialize_parameters([3, 4, 2, 1], rng=0)
    layout = FlatLayout(params)
    assert layout == FlatLayout.for_dims([3, 4, 2, 1])
    assert hash(layout) == hash(FlatLayout.for_dims([3, 4, 2, 1]))
    assert layout != FlatLayout.for_dims([3, 5, 2, 1])
    assert layout.size == sum(p.size for p in params.values())
    theta = layout.pack(params, np.float64)
    views = layout.views(theta)
    for k, p in params.items():
        np.testing.assert_array_equal(views[k], p)
        assert np.shares_memory(views[k], theta)
    covered = np.zeros(layout.size, int)
    for a, b, _ in layout.slots.values():
        covered[a:b] += 1
    assert (covered == 1).all()
    assert "W1 (4, 3)" in repr(layout)
