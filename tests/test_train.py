"""Tests of dlguide.train.fit: results, reproducibility, dtype, the rng contract and
argument checks that run before any work is done."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from dlguide.data import make_blobs, make_moons, random_mini_batches
from dlguide.initializers import initialize_parameters
from dlguide.network import compute_cost, model_backward, model_forward, predict
from dlguide.optimizers import Adam, GradientDescent, Momentum, RMSprop
from dlguide.schedules import schedule_lr_decay
from dlguide.train import fit

DIMS = [2, 5, 3, 1]


@pytest.fixture(scope="module")
def blobs():
    return make_blobs(200, distance=4.0, rng=0)


@pytest.fixture(scope="module")
def moons():
    return make_moons(120, noise=0.1, rng=1)


def run(X, Y, **kw):
    args = {"optimizer": Adam(0.01), "num_epochs": 10, "mini_batch_size": 32, "rng": 0,
            "progress": False}
    args.update(kw)
    dims = args.pop("layer_dims", [X.shape[0], 5, 3, 1])
    return fit(X, Y, dims, **args)


def as_bytes(params):
    return {k: v.tobytes() for k, v in params.items()}


# --- results -----------------------------------------------------------------------


def test_returns_params_and_one_cost_per_epoch(blobs):
    X, Y = blobs
    params, history = run(X, Y, num_epochs=7)
    assert sorted(params) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    assert [params[f"W{l}"].shape for l in (1, 2, 3)] == [(5, 2), (3, 5), (1, 3)]
    assert [params[f"b{l}"].shape for l in (1, 2, 3)] == [(5, 1), (3, 1), (1, 1)]
    assert len(history["cost"]) == len(history["learning_rate"]) == 7
    assert all(isinstance(c, float) and np.isfinite(c) for c in history["cost"])


@pytest.mark.parametrize("make_opt", [lambda: GradientDescent(0.5), lambda: Momentum(0.5),
                                      lambda: RMSprop(0.01), lambda: Adam(0.01)])
def test_cost_decreases_on_an_easy_problem(blobs, make_opt):
    X, Y = blobs
    params, history = run(X, Y, optimizer=make_opt(), num_epochs=40)
    assert history["cost"][-1] < 0.5 * history["cost"][0]
    assert float(np.mean(predict(X, params) == Y)) > 0.9


def test_learns_the_moons(moons):
    X, Y = moons
    params, history = run(X, Y, layer_dims=[2, 8, 4, 1], num_epochs=150, mini_batch_size=16)
    assert history["cost"][-1] < 0.4 * history["cost"][0]
    assert float(np.mean(predict(X, params) == Y)) > 0.9


def test_zero_epochs_returns_the_initialization(blobs):
    X, Y = blobs
    params, history = run(X, Y, num_epochs=0, init="xavier", rng=3)
    expected = initialize_parameters(DIMS, "xavier", rng=3)
    assert as_bytes(params) == as_bytes(expected)
    assert history == {"cost": [], "learning_rate": []}


# --- reproducibility and the rng contract ------------------------------------------------


@pytest.mark.parametrize("kw", [{}, {"keep_prob": 0.8, "lambd": 0.5}])
def test_same_rng_identical_params_bit_for_bit(blobs, kw):
    X, Y = blobs
    p1, h1 = run(X, Y, rng=5, **kw)
    p2, h2 = run(X, Y, rng=np.random.default_rng(5), **kw)
    assert as_bytes(p1) == as_bytes(p2)
    assert h1 == h2


def test_different_rng_differs(blobs):
    X, Y = blobs
    p1, h1 = run(X, Y, rng=5)
    p2, h2 = run(X, Y, rng=6)
    assert all(not np.array_equal(p1[k], p2[k]) for k in p1)
    assert h1["cost"] != h2["cost"]


def test_same_init_different_shuffles_differ(blobs):
    """The rng also drives the shuffles, not only the initialization."""
    X, Y = blobs
    init = initialize_parameters(DIMS, "he", rng=0)
    p1, _ = run(X, Y, init=init, optimizer=GradientDescent(0.1), rng=1)
    p2, _ = run(X, Y, init=init, optimizer=GradientDescent(0.1), rng=2)
    assert not np.array_equal(p1["W1"], p2["W1"])


@pytest.mark.parametrize("keep_prob", [1.0, 0.75])
def test_fit_uses_the_shuffles_of_random_mini_batches(moons, keep_prob):
    """fit equals a loop written with the public functions and the same generator:
    initialization, then per epoch random_mini_batches, then per batch the dropout masks."""
    X, Y = moons
    lr, b, epochs, dims = 0.3, 16, 3, [2, 6, 1]
    params, history = fit(X, Y, dims, optimizer=GradientDescent(lr), num_epochs=epochs,
                          mini_batch_size=b, keep_prob=keep_prob, rng=11, progress=False)
    gen = np.random.default_rng(11)
    p = initialize_parameters(dims, "he", rng=gen)
    costs = []
    for _ in range(epochs):
        total = 0.0
        for Xb, Yb in random_mini_batches(X, Y, b, rng=gen):
            AL, caches = model_forward(Xb, p, keep_prob=keep_prob, rng=gen)
            total += compute_cost(AL, Yb) * Yb.shape[1]
            grads = model_backward(AL, Yb, caches)
            p = {k: v - lr * grads["d" + k] for k, v in p.items()}
        costs.append(total / X.shape[1])
    for k in p:
        np.testing.assert_allclose(params[k], p[k], rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(history["cost"], costs, rtol=1e-11)


def test_split_runs_continue_exactly(blobs):
    """fit(5) then fit(5, init=params) with the same generator and optimizer is fit(10):
    the optimizer state and the shuffles carry over."""
    X, Y = blobs
    opt, gen = Adam(0.01), np.random.default_rng(4)
    p5, h5 = run(X, Y, optimizer=opt, num_epochs=5, rng=gen, keep_prob=0.9)
    p10, h10 = run(X, Y, optimizer=opt, num_epochs=5, rng=gen, keep_prob=0.9, init=p5)
    q, hq = run(X, Y, optimizer=Adam(0.01), num_epochs=10, rng=4, keep_prob=0.9)
    assert as_bytes(p10) == as_bytes(q)
    assert h5["cost"] + h10["cost"] == hq["cost"]


# --- init as a dict ----------------------------------------------------------------------


def test_init_dict_continues_training_without_mutating_it(blobs):
    X, Y = blobs
    p1, h1 = run(X, Y, num_epochs=5)
    saved = {k: v.copy() for k, v in p1.items()}
    p2, h2 = run(X, Y, num_epochs=5, init=p1, layer_dims=None, rng=1)
    for k in p1:
        np.testing.assert_array_equal(p1[k], saved[k])  # the given dict is untouched
        assert not np.shares_memory(p2[k], p1[k])
        assert not np.array_equal(p2[k], p1[k])
    # it starts where the first run ended, far below a fresh start
    fresh_first = run(X, Y, num_epochs=1, rng=1)[1]["cost"][0]
    assert h2["cost"][0] < h1["cost"][-1] * 1.5 < fresh_first


def test_init_dict_with_matching_layer_dims_is_accepted(blobs):
    X, Y = blobs
    init = initialize_parameters(DIMS, "he", rng=0)
    p, _ = run(X, Y, init=init, layer_dims=DIMS, num_epochs=1)
    assert sorted(p) == sorted(init)


# --- float32 -----------------------------------------------------------------------------


@pytest.mark.parametrize("kw", [{}, {"keep_prob": 0.8, "lambd": 0.3}])
def test_float32_all_the_way(blobs, kw):
    X, Y = blobs
    X32 = X.astype(np.float32)
    opt = Adam(0.01)
    seen = []

    def record(epoch, params, history):
        seen.append({k: v.dtype for k, v in params.items()})

    params, history = run(X32, Y, optimizer=opt, callback=record, **kw)
    assert all(v.dtype == np.float32 for v in params.values())
    assert all(d == np.float32 for dtypes in seen for d in dtypes.values())
    assert all(v.dtype == np.float32 for v in opt.v.values())  # no float64 state either
    assert all(v.dtype == np.float32 for v in opt.s.values())
    assert all(np.isfinite(history["cost"]))
    assert history["cost"][-1] < history["cost"][0]
    assert predict(X32, params).dtype == np.float32
    if not kw:  # without dropout (whose float32 masks are other draws), float32
        _, h64 = run(X, Y)  # training tracks the float64 run closely
        np.testing.assert_allclose(history["cost"], h64["cost"], rtol=1e-3)


def test_float64_init_dict_with_float32_data_trains_in_float32(blobs):
    X, Y = blobs
    init = initialize_parameters(DIMS, "he", rng=0)
    params, _ = run(X.astype(np.float32), Y, init=init, num_epochs=2)
    assert all(v.dtype == np.float32 for v in params.values())
    assert all(v.dtype == np.float64 for v in init.values())


# --- L2 in the history -----------------------------------------------------------------


def test_history_cost_includes_the_l2_term(blobs):
    """With a tiny learning rate the parameters barely move, so the first epoch's cost
    is the regularized cost of the initial parameters."""
    X, Y = blobs
    init = initialize_parameters(DIMS, "he", rng=0)
    _, h = run(X, Y, init=init, optimizer=GradientDescent(1e-9), num_epochs=1, lambd=2.0)
    _, h0 = run(X, Y, init=init, optimizer=GradientDescent(1e-9), num_epochs=1)
    AL, _ = model_forward(X, init)
    assert h["cost"][0] == pytest.approx(compute_cost(AL, Y, init, 2.0), rel=1e-6)
    assert h0["cost"][0] == pytest.approx(compute_cost(AL, Y), rel=1e-6)
    assert h["cost"][0] > h0["cost"][0]


def test_l2_shrinks_the_weights(blobs):
    X, Y = blobs
    p0, _ = run(X, Y, num_epochs=30)
    p1, _ = run(X, Y, num_epochs=30, lambd=20.0)
    def norm(p):
        return sum(float(np.sum(p[f"W{l}"] ** 2)) for l in (1, 2, 3))

    assert norm(p1) < 0.7 * norm(p0)


# --- schedule, callback, progress ----------------------------------------------------


def test_schedule_is_applied_each_epoch(blobs):
    X, Y = blobs
    schedule = functools.partial(schedule_lr_decay, decay_rate=1.0, time_interval=2)
    opt = GradientDescent(0.2)
    seen = []
    _, history = run(X, Y, optimizer=opt, num_epochs=6, schedule=schedule,
                     callback=lambda e, p, h: seen.append(opt.learning_rate))
    expected = [0.2, 0.2, 0.1, 0.1, 0.2 / 3, 0.2 / 3]
    np.testing.assert_allclose(history["learning_rate"], expected, rtol=1e-15)
    np.testing.assert_allclose(seen, expected, rtol=1e-15)


def test_schedule_changes_the_result(blobs):
    X, Y = blobs
    schedule = functools.partial(schedule_lr_decay, decay_rate=1.0, time_interval=1)
    p1, _ = run(X, Y, optimizer=GradientDescent(0.2), num_epochs=3)
    p2, _ = run(X, Y, optimizer=GradientDescent(0.2), num_epochs=3, schedule=schedule)
    assert not np.array_equal(p1["W1"], p2["W1"])


def test_without_schedule_the_rate_is_constant(blobs):
    X, Y = blobs
    _, history = run(X, Y, optimizer=Adam(0.03), num_epochs=4)
    assert history["learning_rate"] == [0.03] * 4


def test_callback_called_once_per_epoch(blobs):
    X, Y = blobs
    calls = []

    def callback(epoch, params, history):
        calls.append((epoch, len(history["cost"]), sorted(params)))

    run(X, Y, num_epochs=4, callback=callback)
    assert calls == [(e, e + 1, ["W1", "W2", "W3", "b1", "b2", "b3"]) for e in range(4)]


def test_progress_bar_on_stderr(blobs, capsys):
    X, Y = blobs
    _, history = run(X, Y, num_epochs=3, progress=True)
    out, err = capsys.readouterr()
    assert out == ""
    assert "epoch 3/3" in err
    assert f"cost {history['cost'][-1]:.4f}" in err
    assert "[" + "#" * 30 + "]" in err  # the final bar is full
    assert err.endswith("\n")


def test_no_progress_writes_nothing(blobs, capsys):
    X, Y = blobs
    run(X, Y, num_epochs=3, progress=False)
    assert capsys.readouterr() == ("", "")


# --- bad arguments, refused before any work ---------------------------------------------


BAD = [
    ({"layer_dims": [3, 4, 1]}, ValueError, r"layer_dims\[0\] must equal the number of features"),
    ({"layer_dims": [2, 4, 2]}, ValueError, "the last layer must have 1 unit"),
    ({"layer_dims": [2]}, ValueError, "layer_dims"),
    ({"keep_prob": 0.0}, ValueError, r"keep_prob must be in \(0, 1\]"),
    ({"keep_prob": 1.5}, ValueError, r"keep_prob must be in \(0, 1\]"),
    ({"mini_batch_size": 0}, ValueError, "mini_batch_size must be finite and > 0"),
    ({"mini_batch_size": 8.0}, TypeError, "mini_batch_size must be an int"),
    ({"num_epochs": -1}, ValueError, "num_epochs must be finite and >= 0"),
    ({"lambd": -0.1}, ValueError, "lambd must be finite and >= 0"),
    ({"X": "nan"}, ValueError, "X must be finite"),
    ({"Y": "short"}, ValueError, "same number of columns"),
    ({"optimizer": "adam"}, TypeError, "optimizer must be a dlguide.optimizers optimizer"),
    ({"optimizer": None}, TypeError, "optimizer must be"),
    ({"init": "glorot"}, ValueError, "init must be one of"),
    ({"init": "dict_wrong_nx"}, ValueError, r"init\['W1'\] must have 2 columns"),
    ({"init": "dict_2_outputs"}, ValueError, "the last layer must have 1 unit"),
    ({"init": "dict_other_dims"}, ValueError, "does not match the parameters in init"),
    ({"hidden_activation": "softmax"}, ValueError, "hidden_activation must be one of"),
    ({"schedule": 0.5}, TypeError, "schedule must be None or a callable"),
    ({"rng": "seed"}, TypeError, "rng must be an int seed"),
    ({"rng": -1}, ValueError, "rng must be a non-negative int seed"),
]


@pytest.mark.parametrize(("change", "exc", "match"), BAD,
                         ids=[f"{next(iter(c))}={next(iter(c.values()))}" for c, _, _ in BAD])
def test_bad_arguments_are_refused_before_any_work(blobs, change, exc, match):
    X, Y = blobs
    X = X.copy()
    opt = Adam(0.01)
    calls = []
    kw = {"optimizer": opt, "callback": lambda *a: calls.append(a)}
    kw.update(change)
    if kw.get("X") == "nan":
        X[1, 7] = np.nan
        del kw["X"]
    if kw.get("Y") == "short":
        Y = Y[:, :-1]
        del kw["Y"]
    init = kw.get("init")
    if init == "dict_wrong_nx":
        kw["init"] = initialize_parameters([3, 4, 1], rng=0)
    elif init == "dict_2_outputs":
        kw["init"], kw["layer_dims"] = initialize_parameters([2, 4, 2], rng=0), None
    elif init == "dict_other_dims":
        kw["init"], kw["layer_dims"] = initialize_parameters([2, 4, 1], rng=0), DIMS
    with pytest.raises(exc, match=match):
        run(X, Y, **kw)
    assert calls == []  # no epoch ran
    assert opt.t == 0  # no update either
    assert opt.v == {}
    assert opt.learning_rate == 0.01


def test_bad_callback_is_refused_before_any_work(blobs):
    X, Y = blobs
    opt = Momentum(0.1)
    with pytest.raises(TypeError, match="callback must be None or callable"):
        run(X, Y, optimizer=opt, callback="print")
    assert opt.v == {}
