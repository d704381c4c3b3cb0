"""Misuse tables for dlguide.data, dlguide.averages, dlguide.schedules and
dlguide.diagnostics."""

from __future__ import annotations

import numpy as np
import pytest
from misuse_helpers import (
    bad_arrays,
    bad_flag,
    bad_int,
    bad_positive,
    bad_unit_interval,
    cases,
    deep,
    expect_ok,
    expect_refusal,
)

from dlguide.averages import ewa
from dlguide.data import (
    Standardizer,
    make_blobs,
    make_circles,
    make_moons,
    make_planar,
    random_mini_batches,
    train_dev_test_split,
)
from dlguide.diagnostics import diagnose
from dlguide.schedules import (
    exponential_decay,
    inverse_sqrt_decay,
    inverse_time_decay,
    schedule_lr_decay,
    staircase_decay,
)

RNG = np.random.default_rng(3)
X = np.arange(12.0).reshape(2, 6)
Y = np.array([[0.0, 1.0, 0.0, 1.0, 1.0, 0.0]])


def standardizer_fit(scaler, X):
    return scaler.fit(X)


def standardizer_transform(scaler, X):
    return scaler.transform(X)


FITTED = Standardizer().fit(X)
CASES = []

# --- generators ---------------------------------------------------------------------------------

GENERATORS = {make_planar: ("petals", "noise"), make_moons: ("noise",),
              make_circles: ("noise", "factor"), make_blobs: ("distance", "std", "n_x")}
for gen, names in GENERATORS.items():
    CASES += cases(gen, "m", bad_int("m")[:8], kwargs={"rng": RNG})
    CASES += cases(gen, "rng", [
        ("seed", TypeError, r"rng must be an int seed, a numpy.random.Generator or None; got str",
         "str"),
        (-1, ValueError, r"rng must be a non-negative int seed; got -1", "negative"),
        (np.random.RandomState(0), TypeError, r"rng must be an int seed.*got RandomState",
         "RandomState"),
    ], kwargs={"m": 10})
    for name in names:
        if name in ("petals", "n_x"):
            table = bad_int(name)[:6]
        elif name == "factor":
            table = [*bad_positive(name)[:6],
                (1.0, ValueError, r"factor must be in \(0, 1\); got 1.0", "one"),
                (2.5, ValueError, r"factor must be in \(0, 1\); got 2.5", "above-1")]
        else:
            table = [*bad_positive(name, allow_zero=name != "std")[:6],
                (1e300, ValueError, rf"{name} must be at most 1e\+100 \(larger points overflow "
                 r"float64\); got 1e\+300", "huge")]
        CASES += cases(gen, name, table, kwargs={"m": 10, "rng": RNG})
CASES += [
    pytest.param(make_planar, (), {"m": 5, "rng": RNG}, ValueError,
                 r"m must be even \(two equal classes\); got 5", id="make_planar-odd-m"),
    pytest.param(make_planar, (), {"m": 10, "petals": 10**30, "rng": RNG}, ValueError,
                 r"petals must be at most 1000000; got 10+$", id="make_planar-petals-huge"),
]

# --- splits and mini-batches ---------------------------------------------------------------------

for fn in (train_dev_test_split, random_mini_batches):
    CASES += cases(fn, 0, bad_arrays("X", X, short=fn is random_mini_batches), args=(X, Y),
                   kwargs={"rng": RNG}, name="X")
    CASES += cases(fn, 1, bad_arrays("Y", Y, short=True), args=(X, Y), kwargs={"rng": RNG},
                   name="Y")
    CASES += [
        pytest.param(fn, (X, Y[:, :5]), {"rng": RNG}, ValueError,
                     r"X and Y must have the same number of columns \(examples\); got "
                     r"X.shape=\(2, 6\) and Y.shape=\(1, 5\)", id=f"{fn.__name__}-other-m"),
        pytest.param(fn, (X.T, Y), {"rng": RNG}, ValueError,
                     r"X and Y must have the same number of columns", id=f"{fn.__name__}-X.T"),
        pytest.param(fn, (X, Y.T), {"rng": RNG}, ValueError,
                     r"Y must have one column per example, m = 6 like X; got shape \(6, 1\), "
                     r"the transpose", id=f"{fn.__name__}-Y.T"),
        pytest.param(fn, (X, Y), {"rng": "seed"}, TypeError, r"rng must be an int seed",
                     id=f"{fn.__name__}-rng-str"),
    ]
RATIOS = r"ratios must be three non-negative numbers summing to 1; got "
CASES += cases(train_dev_test_split, 2, [
    ("100", TypeError, r"ratios must be three numbers; got '100'", "str"),
    ({0.5, 0.3, 0.2}, TypeError, r"ratios must be three numbers; got \{", "set"),
    ({"train": 0.6, "dev": 0.2, "test": 0.2}, TypeError, r"ratios must be three numbers; got \{",
     "dict"),
    (None, TypeError, r"ratios must be three numbers; got None", "None"),
    (0.6, TypeError, r"ratios must be three numbers; got 0.6", "scalar"),
    ((0.6, "0.2", 0.2), TypeError, r"ratios must be three numbers", "str-entry"),
    ((True, False, False), TypeError, r"ratios must be three numbers", "bools"),
    ((0.6, 0.2), ValueError, RATIOS + r"\(0.6, 0.2\)", "two"),
    ((0.6, 0.2, 0.1, 0.1), ValueError, RATIOS, "four"),
    ((0.6, 0.6, -0.2), ValueError, RATIOS + r"\(0.6, 0.6, -0.2\)", "negative"),
    ((0.6, 0.2, 0.3), ValueError, RATIOS, "sum-above-1"),
    ((0.6, float("nan"), 0.4), ValueError, RATIOS, "nan"),
    ((10**400, 0, 0), ValueError, RATIOS, "10**400"),
], args=(X, Y, (0.6, 0.2, 0.2)), kwargs={"rng": RNG}, name="ratios")
CASES += cases(random_mini_batches, 2, bad_int("mini_batch_size")[:9], args=(X, Y, 2),
               kwargs={"rng": RNG}, name="mini_batch_size")

# --- Standardizer -----------------------------------------------------------------------------------

CASES += cases(standardizer_fit, 1, bad_arrays("X", X, short=True), args=(Standardizer(), X),
               name="X")
CASES += cases(standardizer_transform, 1, bad_arrays("X", X, short=True), args=(FITTED, X),
               name="X")
CASES += [
    pytest.param(standardizer_transform, (Standardizer(), X), {}, ValueError,
                 r"this Standardizer is not fitted yet: call fit\(X_train\) first",
                 id="transform-not-fitted"),
    pytest.param(standardizer_transform, (FITTED, X[:1]), {}, ValueError,
                 r"X must have 2 row\(s\), shape \(n_x, m\); got shape \(1, 6\)",
                 id="transform-other-features"),
    pytest.param(standardizer_transform, (FITTED, X.T), {}, ValueError,
                 r"X must have 2 row\(s\).*got shape \(6, 2\)", id="transform-transposed"),
    pytest.param(standardizer_fit, (Standardizer(), np.array([[1e308, -1e308, 1e308]])), {},
                 ValueError, r"X must be small enough that each feature's mean and standard "
                 r"deviation are finite; it overflows", id="fit-overflow"),
    pytest.param(standardizer_transform,
                 (Standardizer().fit(np.array([[0.0, 1e-150]])), np.array([[1e300]])), {},
                 ValueError, r"X must be close enough to the training data that \(X - mu\) / "
                 r"sigma is finite; it overflows", id="transform-overflow"),
]

# --- ewa -------------------------------------------------------------------------------------------

THETA = np.array([1.0, 2.0, 3.0])
CASES += cases(ewa, 0, bad_arrays("theta", THETA, ndim=1, ragged=False), args=(THETA,),
               name="theta")
CASES += [
    pytest.param(ewa, (THETA[None],), {}, ValueError,
                 r"theta must be a 1-D array of shape \(T,\); got shape \(1, 3\)",
                 id="ewa-theta-row"),
    pytest.param(ewa, (np.float64(1.0),), {}, ValueError,
                 r"theta must be a 1-D array of shape \(T,\); got shape \(\)", id="ewa-theta-0d"),
    pytest.param(ewa, (np.full(3, 1.7976931348623157e308),), {"beta": 0.3}, None, None,
                 id="ewa-largest-floats-work"),
]
CASES += cases(ewa, "beta", bad_unit_interval("beta"), args=(THETA,))
CASES += cases(ewa, "bias_correction", bad_flag("bias_correction"), args=(THETA,))

# --- schedules -------------------------------------------------------------------------------------

SCHEDULES = {inverse_time_decay: {"decay_rate": 1.0}, schedule_lr_decay: {"decay_rate": 1.0},
             exponential_decay: {}, inverse_sqrt_decay: {}, staircase_decay: {}}
for sched, kw in SCHEDULES.items():
    CASES += cases(sched, 0, bad_positive("learning_rate0")[:9], args=(0.1, 3), kwargs=kw,
                   name="learning_rate0")
    CASES += cases(sched, 1, bad_int("epoch", allow_zero=True)[:5], args=(0.1, 3), kwargs=kw,
                   name="epoch")
CASES += cases(inverse_time_decay, "decay_rate", bad_positive("decay_rate", allow_zero=True)[:5],
               args=(0.1, 3))
CASES += cases(schedule_lr_decay, "time_interval", bad_int("time_interval")[:5],
               args=(0.1, 3), kwargs={"decay_rate": 1.0})
CASES += cases(exponential_decay, "decay_rate", [*bad_positive("decay_rate")[:5],
    (1.5, ValueError, r"decay_rate must be in \(0, 1\]; got 1.5", "above-1")], args=(0.1, 3))
CASES += cases(inverse_sqrt_decay, "k", [*bad_positive("k")[:5],
    (1e300, ValueError, r"k \* learning_rate0 must be finite; got k=1e\+300 and "
     r"learning_rate0=1e\+10", "overflow")], args=(1e10, 3))
CASES += cases(staircase_decay, "drop", [*bad_positive("drop")[:4],
    (2.0, ValueError, r"drop must be in \(0, 1\]; got 2.0", "above-1")], args=(0.1, 3))
CASES += cases(staircase_decay, "epochs_per_drop", bad_int("epochs_per_drop")[:5],
               args=(0.1, 3))

# --- diagnose --------------------------------------------------------------------------------------

for i, name in enumerate(("train_error", "dev_error", "base_error")):
    CASES += cases(diagnose, i, [*bad_positive(name, allow_zero=True)[:6],
        (1.5, ValueError, rf"{name} must be an error rate in \[0, 1\]; got 1.5", "above-1"),
        ("5%", TypeError, rf"{name} must be a real number; got str", "percent-string"),
    ], args=(0.1, 0.2, 0.05), name=name)
CASES += cases(diagnose, "tolerance", bad_positive("tolerance", allow_zero=True)[:6],
               args=(0.1, 0.2))


@pytest.mark.parametrize(("fn", "args", "kwargs", "exc", "match"), CASES)
def test_refused(fn, args, kwargs, exc, match):
    if exc is None:  # a case that must work
        expect_ok(fn, *deep(args), **deep(kwargs))
        return
    expect_refusal(fn, *deep(args), exc=exc, match=match, **deep(kwargs))


# --- what works ------------------------------------------------------------------------------------


@pytest.mark.parametrize("gen", list(GENERATORS), ids=lambda g: g.__name__)
def test_generators_with_the_fewest_examples(gen):
    m = 2 if gen is make_planar else 1
    X1, Y1 = gen(m, rng=0)
    assert X1.shape[1] == Y1.shape[1] == m
    assert set(np.unique(Y1)) <= {0.0, 1.0}
    assert np.isfinite(X1).all()


def test_one_example_splits_and_batches():
    parts = expect_ok(train_dev_test_split, X[:, :1], Y[:, :1], rng=np.random.default_rng(0),
                      mutates=True)
    assert [p.shape[1] for p in parts] == [1, 1, 0, 0, 0, 0]
    batches = expect_ok(random_mini_batches, X[:, :1], Y[:, :1], 64, rng=0)
    assert len(batches) == 1
    np.testing.assert_array_equal(batches[0][0], X[:, :1])
    parts = train_dev_test_split(X.tolist(), Y.tolist(), [0.5, 0.5, 0], rng=0)
    assert [p.shape[1] for p in parts] == [3, 3, 3, 3, 0, 0]


def test_standardizer_one_example_and_lists():
    scaler = Standardizer()
    assert expect_ok(standardizer_fit, scaler, X[:, :1].tolist(), mutates=True) is scaler
    np.testing.assert_array_equal(scaler.sigma, [[1.0], [1.0]])  # a constant feature
    np.testing.assert_array_equal(scaler.transform(X[:, :1]), [[0.0], [0.0]])


def test_ewa_one_value_and_a_list():
    assert expect_ok(ewa, [4.0], 0.5).tolist() == [2.0]
    assert expect_ok(ewa, [4.0], 0.5, bias_correction=True).tolist() == [4.0]


def test_diagnose_at_the_edges():
    d = expect_ok(diagnose, 0, 1, 0)
    assert d.verdict == "high variance"
    assert expect_ok(diagnose, 1.0, 1.0, 1.0).verdict == "neither: low bias and low variance"
