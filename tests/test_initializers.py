"""Tests of dlguide.initializers: shapes, scales, determinism, dtype, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlguide.initializers import METHODS, initialize_parameters


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("layer_dims", [[2, 1], [3, 4, 1], [5, 4, 3, 2, 1], (12, 7, 3)])
def test_shapes(method, layer_dims):
    params = initialize_parameters(layer_dims, method, rng=0)
    L = len(layer_dims) - 1
    assert list(params) == [f"{p}{l}" for l in range(1, L + 1) for p in "Wb"]
    for l in range(1, L + 1):
        assert params[f"W{l}"].shape == (layer_dims[l], layer_dims[l - 1])
        assert params[f"b{l}"].shape == (layer_dims[l], 1)
        assert params[f"W{l}"].dtype == np.float64
        assert not params[f"b{l}"].any()  # biases always start at zero


@given(st.lists(st.integers(1, 6), min_size=2, max_size=5), st.sampled_from(METHODS),
       st.integers(0, 2**32))
def test_shapes_chain_property(layer_dims, method, seed):
    params = initialize_parameters(layer_dims, method, rng=seed)
    assert len(params) == 2 * (len(layer_dims) - 1)
    for l in range(1, len(layer_dims)):
        assert params[f"W{l}"].shape == (layer_dims[l], layer_dims[l - 1])
        assert params[f"b{l}"].shape == (layer_dims[l], 1)
        assert np.all(np.isfinite(params[f"W{l}"]))


def test_zeros_are_zeros():
    params = initialize_parameters([4, 3, 2, 1], "zeros", rng=0)
    for v in params.values():
        np.testing.assert_array_equal(v, 0.0)


# Statistics on a (500, 400) layer: 200,000 draws, so the sample standard deviation
# is within about 0.16% of the true one (one standard error); we allow 2% and a
# mean within 0.02 standard deviations (about 9 standard errors of the mean).
BIG = [400, 500]


@pytest.mark.parametrize(("method", "expected_std"),
                         [("he", np.sqrt(2 / 400)), ("xavier", np.sqrt(1 / 400))])
def test_he_and_xavier_standard_deviation(method, expected_std):
    W = initialize_parameters(BIG, method, rng=0)["W1"]
    assert W.std() == pytest.approx(expected_std, rel=0.02)
    assert abs(W.mean()) < 0.02 * expected_std


def test_he_std_depends_on_fan_in_not_fan_out():
    W = initialize_parameters([50, 4000], "he", rng=1)["W1"]  # n_prev = 50
    assert W.std() == pytest.approx(np.sqrt(2 / 50), rel=0.02)


@pytest.mark.parametrize("scale", [0.01, 0.5, 3.0])
def test_random_uses_scale(scale):
    W = initialize_parameters(BIG, "random", scale=scale, rng=0)["W1"]
    assert W.std() == pytest.approx(scale, rel=0.02)
    # Same seed: the same standard normal draws, multiplied by the scale.
    base = initialize_parameters(BIG, "random", scale=1.0, rng=0)["W1"]
    np.testing.assert_allclose(W, scale * base, rtol=1e-12)


def test_scale_is_ignored_by_he_and_xavier():
    a = initialize_parameters([5, 3, 1], "he", scale=0.01, rng=3)
    b = initialize_parameters([5, 3, 1], "he", scale=7.0, rng=3)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])


@pytest.mark.parametrize("method", ["he", "xavier", "random"])
def test_same_seed_gives_identical_arrays(method):
    a = initialize_parameters([6, 5, 4, 1], method, rng=42)
    b = initialize_parameters([6, 5, 4, 1], method, rng=42)
    c = initialize_parameters([6, 5, 4, 1], method, rng=np.random.default_rng(42))
    for k in a:
        assert a[k].tobytes() == b[k].tobytes() == c[k].tobytes()  # bit for bit


@pytest.mark.parametrize("method", ["he", "xavier", "random"])
def test_different_seeds_differ(method):
    a = initialize_parameters([6, 5, 1], method, rng=1)
    b = initialize_parameters([6, 5, 1], method, rng=2)
    assert not np.array_equal(a["W1"], b["W1"])
    assert not np.array_equal(a["W2"], b["W2"])


def test_a_generator_is_advanced():
    rng = np.random.default_rng(0)
    a = initialize_parameters([3, 2], rng=rng)
    b = initialize_parameters([3, 2], rng=rng)
    assert not np.array_equal(a["W1"], b["W1"])


def test_layers_are_not_copies_of_each_other():
    params = initialize_parameters([4, 4, 4, 1], "he", rng=0)
    assert not np.array_equal(params["W1"], params["W2"])
    # Units of one layer differ: the symmetry is broken.
    assert len({tuple(row) for row in params["W1"]}) == 4


@pytest.mark.parametrize("method", METHODS)
def test_dtype_float32_is_honoured(method):
    p32 = initialize_parameters([5, 3, 1], method, dtype=np.float32, rng=7)
    p64 = initialize_parameters([5, 3, 1], method, rng=7)
    for k in p32:
        assert p32[k].dtype == np.float32
        np.testing.assert_array_equal(p32[k], p64[k].astype(np.float32))
    assert initialize_parameters([2, 1], method, dtype="float32", rng=0)["W1"].dtype == np.float32


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("layer_dims", [[2, 0, 1], [2, 3, -1], [0, 1]])
def test_layer_dims_with_zero_or_negative(layer_dims):
    with pytest.raises(ValueError, match=r"layer_dims must hold positive ints; got -?[01] at "
                                         r"position \d of \["):
        initialize_parameters(layer_dims)


@pytest.mark.parametrize("bad", [2.5, 3.0, "3", None, True])
def test_layer_dims_with_non_int(bad):
    with pytest.raises(TypeError, match=rf"layer_dims must hold positive ints; got {bad!r} at "
                                        r"position 1"):
        initialize_parameters([2, bad, 1])


def test_layer_dims_numpy_ints_are_fine():
    params = initialize_parameters(np.array([3, 2, 1]), rng=0)
    assert params["W1"].shape == (2, 3)


@pytest.mark.parametrize("layer_dims", [[3], []])
def test_layer_dims_too_short(layer_dims):
    with pytest.raises(ValueError, match=r"layer_dims must list at least the input and output"):
        initialize_parameters(layer_dims)


@pytest.mark.parametrize("layer_dims", [3, "abc", None])
def test_layer_dims_not_a_list(layer_dims):
    with pytest.raises(TypeError, match=r"layer_dims must be a list of layer sizes"):
        initialize_parameters(layer_dims)


def test_unknown_method():
    with pytest.raises(ValueError, match=r"method must be one of \['he', 'random', 'xavier', "
                                         r"'zeros'\]; got 'glorot'"):
        initialize_parameters([2, 1], "glorot")
    with pytest.raises(ValueError, match=r"got 'He'"):
        initialize_parameters([2, 1], "He")
    with pytest.raises(TypeError, match=r"method must be a string.*got int"):
        initialize_parameters([2, 1], 2)


@pytest.mark.parametrize("scale", [0, -0.01, float("nan")])
def test_bad_scale(scale):
    with pytest.raises(ValueError, match=rf"scale must be finite and > 0; got {scale}"):
        initialize_parameters([2, 1], "random", scale=scale)


def test_bad_dtype():
    with pytest.raises(TypeError, match=r"dtype must be float32 or float64; got int32"):
        initialize_parameters([2, 1], dtype=np.int32)


@pytest.mark.parametrize("rng", [1.5, "a", True, np.random.RandomState(0)])
def test_rng_of_a_wrong_type(rng):
    with pytest.raises(TypeError, match=r"rng must be an int seed, a numpy.random.Generator or "
                                        rf"None; got {type(rng).__name__}"):
        initialize_parameters([2, 1], rng=rng)


def test_negative_seed():
    with pytest.raises(ValueError, match=r"rng must be a non-negative int seed; got -1"):
        initialize_parameters([2, 1], rng=-1)
