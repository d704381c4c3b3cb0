"""Tests of the shared input checks in dlguide._validation."""

from __future__ import annotations

import numpy as np
import pytest

from dlguide._validation import (
    as_rng,
    check_array,
    check_choice,
    check_params,
    check_positive,
    check_probability,
    check_same_columns,
)

# --- as_rng ----------------------------------------------------------------------------


def test_as_rng_seeds_and_generators():
    g = np.random.default_rng(0)
    assert as_rng(g) is g
    a, b = as_rng(5), as_rng(np.int64(5))
    assert isinstance(a, np.random.Generator)
    assert a.random() == b.random() == np.random.default_rng(5).random()
    assert isinstance(as_rng(None), np.random.Generator)
    assert isinstance(as_rng(0), np.random.Generator)


@pytest.mark.parametrize("rng", [1.5, "a", True, [1, 2], np.random.RandomState(0), 2j])
def test_as_rng_wrong_type(rng):
    with pytest.raises(TypeError, match=r"rng must be an int seed, a numpy.random.Generator or "
                                        rf"None; got {type(rng).__name__}"):
        as_rng(rng)


def test_as_rng_negative_seed():
    with pytest.raises(ValueError, match=r"rng must be a non-negative int seed; got -3"):
        as_rng(-3)


# --- check_array -----------------------------------------------------------------------------


def test_check_array_converts_ints_and_bools_keeps_floats():
    assert check_array("X", [[1, 2]]).dtype == np.float64
    assert check_array("X", np.array([[True, False]])).dtype == np.float64
    x32 = np.ones((2, 2), dtype=np.float32)
    assert check_array("X", x32) is x32  # no copy, dtype kept
    x64 = np.ones((2, 2))
    assert check_array("X", x64) is x64


def test_check_array_rank_1_message_mentions_reshape():
    with pytest.raises(ValueError, match=r"^v must be a 2-D array of shape \(n, 1\); got shape "
                                         r"\(5,\); a rank-1 array is not a vector: make it a "
                                         r"column with v.reshape\(-1, 1\) or a row with "
                                         r"v.reshape\(1, -1\)$"):
        check_array("v", np.zeros(5), shape_hint="(n, 1)")


def test_check_array_other_ranks():
    with pytest.raises(ValueError, match=r"X must be a 2-D array of shape \(n, m\); got shape "
                                         r"\(2, 2, 2\)$"):
        check_array("X", np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match=r"got shape \(\)$"):
        check_array("X", 3.0)
    assert check_array("Z", np.zeros(4), ndim=1).shape == (4,)


def test_check_array_rows_and_cols():
    with pytest.raises(ValueError, match=r"Y must have 1 row\(s\), shape \(1, m\); got shape "
                                         r"\(2, 3\)"):
        check_array("Y", np.zeros((2, 3)), rows=1, shape_hint="(1, m)")
    with pytest.raises(ValueError, match=r"w must have 1 column\(s\).*got shape \(3, 2\)"):
        check_array("w", np.zeros((3, 2)), cols=1)
    assert check_array("w", np.zeros((3, 1)), rows=3, cols=1).shape == (3, 1)


@pytest.mark.parametrize("value", ["abc", b"abc", None, {"a": 1}])
def test_check_array_not_an_array(value):
    with pytest.raises(TypeError, match=rf"X must be a numpy array; got {type(value).__name__}"):
        check_array("X", value)


def test_check_array_non_numeric_and_complex():
    with pytest.raises(TypeError, match=r"X must hold numbers; got an array of dtype <U1"):
        check_array("X", np.array([["a", "b"]]))
    with pytest.raises(TypeError, match=r"X must hold numbers; got an array of dtype object"):
        check_array("X", np.array([[1, None]], dtype=object))
    with pytest.raises(TypeError, match=r"X must be real; got dtype complex128"):
        check_array("X", np.ones((1, 1), dtype=complex))


def test_check_array_finite():
    X = np.ones((2, 3))
    X[0, 0], X[1, 2] = np.nan, -np.inf
    with pytest.raises(ValueError, match=r"X must be finite; got 2 NaN or infinite value\(s\)"):
        check_array("X", X)
    assert check_array("X", X, finite=False) is X


# --- small checks ------------------------------------------------------------------------------


def test_check_same_columns():
    check_same_columns("X", np.zeros((2, 3)), "Y", np.zeros((1, 3)))
    with pytest.raises(ValueError, match=r"X and Y must have the same number of columns "
                                         r"\(examples\); got X.shape=\(2, 3\) and "
                                         r"Y.shape=\(1, 4\)"):
        check_same_columns("X", np.zeros((2, 3)), "Y", np.zeros((1, 4)))


def test_check_choice():
    assert check_choice("method", "he", ("he", "xavier")) == "he"
    with pytest.raises(ValueError, match=r"method must be one of \['he', 'xavier'\]; got 'HE'"):
        check_choice("method", "HE", ("xavier", "he"))
    with pytest.raises(TypeError, match=r"method must be a string, one of \['he'\]; got int"):
        check_choice("method", 1, ("he",))


@pytest.mark.parametrize("value", [1, 1.0, 0.5, 1e-12, np.float32(0.3)])
def test_check_probability_accepts(value):
    out = check_probability("keep_prob", value)
    assert isinstance(out, float)
    assert out == pytest.approx(float(value))


@pytest.mark.parametrize("value", [0, -0.1, 1.0000001, float("nan"), float("inf")])
def test_check_probability_rejects(value):
    with pytest.raises(ValueError, match=rf"keep_prob must be in \(0, 1\]; got {value}"):
        check_probability("keep_prob", value)


def test_check_probability_closed_interval_and_types():
    assert check_probability("p", 0, low_open=False) == 0.0
    with pytest.raises(ValueError, match=r"p must be in \[0, 1\]; got 2"):
        check_probability("p", 2, low_open=False)
    for bad in ("0.5", None, True, np.array([0.5])):
        with pytest.raises(TypeError, match=rf"p must be a real number; got {type(bad).__name__}"):
            check_probability("p", bad)


def test_check_positive():
    assert check_positive("lr", 0.1) == 0.1
    assert check_positive("n", np.int64(3), integer=True) == 3
    assert isinstance(check_positive("n", np.int64(3), integer=True), int)
    assert check_positive("lambd", 0, allow_zero=True) == 0.0
    with pytest.raises(ValueError, match=r"lr must be finite and > 0; got 0"):
        check_positive("lr", 0)
    with pytest.raises(ValueError, match=r"lambd must be finite and >= 0; got -1"):
        check_positive("lambd", -1, allow_zero=True)
    with pytest.raises(ValueError, match=r"lr must be finite and > 0; got inf"):
        check_positive("lr", float("inf"))
    with pytest.raises(TypeError, match=r"n must be an int; got float"):
        check_positive("n", 3.0, integer=True)
    with pytest.raises(TypeError, match=r"lr must be a real number; got bool"):
        check_positive("lr", True)
    with pytest.raises(TypeError, match=r"lr must be a real number; got str"):
        check_positive("lr", "0.1")


# --- check_params ------------------------------------------------------------------------------


def params_for(*dims):
    return {k: v for l in range(1, len(dims))
            for k, v in ((f"W{l}", np.ones((dims[l], dims[l - 1]))),
                         (f"b{l}", np.zeros((dims[l], 1))))}


def test_check_params_returns_L():
    assert check_params(params_for(3, 4, 1)) == 2
    assert check_params(params_for(3, 4, 2, 1), n_x=3) == 3


def test_check_params_keys():
    p = params_for(3, 4, 1)
    for bad in ({}, {**p, "W3": np.ones((1, 1))}, {k: v for k, v in p.items() if k != "b2"},
                {"W1": p["W1"], "b1": p["b1"], "W3": p["W2"], "b3": p["b2"]},
                {"w1": p["W1"], "b1": p["b1"]}):
        with pytest.raises(ValueError, match=r"params must have the keys W1, b1, \.\.\., WL, bL "
                                             r"for consecutive layers; got keys \["):
            check_params(bad)
    with pytest.raises(TypeError, match=r"params must be a dict.*got tuple"):
        check_params((p["W1"], p["b1"]))


def test_check_params_shapes_must_chain():
    p = params_for(3, 4, 1)
    with pytest.raises(ValueError, match=r"params\['W2'\] must have 4 columns because W1 gives 4 "
                                         r"rows; got shape \(1, 5\)"):
        check_params({**p, "W2": np.ones((1, 5))})
    with pytest.raises(ValueError, match=r"params\['W1'\] must have 2 columns because X has 2"):
        check_params(p, n_x=2)
    with pytest.raises(ValueError, match=r"params\['b2'\] must have shape \(1, 1\) to match "
                                         r"params\['W2'\] of shape \(1, 4\); got shape \(2, 1\)"):
        check_params({**p, "b2": np.zeros((2, 1))}, n_x=3)
    with pytest.raises(ValueError, match=r"params\['b2'\] must be a 2-D array.*got shape \(1,\).*"
                                         r"params\['b2'\]\.reshape\(-1, 1\)"):
        check_params({**p, "b2": np.zeros(1)})
    with pytest.raises(ValueError, match=r"params\['W1'\] must be finite"):
        check_params({**p, "W1": np.full((4, 3), np.nan)})
    with pytest.raises(ValueError, match=r"params\['W1'\] must be a 2-D array.*reshape"):
        check_params({**p, "W1": np.ones(12)})
