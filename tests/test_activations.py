"""Tests of dlguide.activations: values, derivatives, dtypes and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dlguide import activations as act
from dlguide.gradcheck import gradient_check

FORWARD = {
    "sigmoid": act.sigmoid,
    "tanh": act.tanh,
    "relu": act.relu,
    "leaky_relu": act.leaky_relu,
}
BACKWARD = {
    "sigmoid": act.sigmoid_backward,
    "tanh": act.tanh_backward,
    "relu": act.relu_backward,
    "leaky_relu": act.leaky_relu_backward,
}
NAMES = sorted(FORWARD)


def reference(name, Z):
    """Straightforward textbook formulas, in float64."""
    Z = np.asarray(Z, dtype=np.float64)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-Z))
    if name == "tanh":
        return (np.exp(Z) - np.exp(-Z)) / (np.exp(Z) + np.exp(-Z))
    if name == "relu":
        return np.where(Z > 0, Z, 0.0)
    return np.where(Z > 0, Z, 0.01 * Z)


def away_from_zero(rng, shape, low=0.1, high=4.0):
    """Pre-activations with |z| in [low, high]: no ReLU kink within reach of epsilon."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(low, high, size=shape)


def central_difference(f, Z, h=1e-6):
    return (f(Z + h) - f(Z - h)) / (2 * h)


# --- values -------------------------------------------------------------------


def test_sigmoid_course_values():
    np.testing.assert_allclose(act.sigmoid(np.array([0.0, 2.0])), [0.5, 0.88079708],
                               rtol=0, atol=5e-9)


def test_known_values():
    Z = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_array_equal(act.relu(Z), [[0.0, 0.0, 3.0]])
    np.testing.assert_allclose(act.leaky_relu(Z), [[-0.02, 0.0, 3.0]])
    np.testing.assert_allclose(act.leaky_relu(Z, alpha=0.2), [[-0.4, 0.0, 3.0]])
    np.testing.assert_allclose(act.tanh(np.array([0.0, 1.0])), [0.0, 0.76159416], atol=5e-9)
    # The derivatives the chapters quote: sigma'(0) = 1/4, tanh'(0) = 1.
    one = np.ones((1, 1))
    assert act.sigmoid_backward(one, np.zeros((1, 1)))[0, 0] == 0.25
    assert act.tanh_backward(one, np.zeros((1, 1)))[0, 0] == 1.0


@pytest.mark.parametrize("name", NAMES)
def test_forward_matches_textbook_formula(name):
    Z = np.linspace(-30, 30, 600).reshape(3, -1)
    np.testing.assert_allclose(FORWARD[name](Z), reference(name, Z), rtol=1e-12, atol=1e-15)


def test_tanh_is_shifted_scaled_sigmoid():
    Z = np.linspace(-5, 5, 41)
    np.testing.assert_allclose(act.tanh(Z), 2 * act.sigmoid(2 * Z) - 1, atol=1e-14)


@pytest.mark.parametrize("name", NAMES)
def test_forward_does_not_modify_input(name):
    Z = np.array([[-1.0, 0.5, 2.0]])
    before = Z.copy()
    FORWARD[name](Z)
    BACKWARD[name](np.ones_like(Z), Z)
    np.testing.assert_array_equal(Z, before)


def test_scalar_input_to_forward():
    assert float(act.sigmoid(0.0)) == 0.5
    assert float(act.sigmoid(np.float32(2.0))) == pytest.approx(0.88079708, abs=1e-7)
    assert act.sigmoid(np.float32(2.0)).dtype == np.float32
    assert float(act.relu(-1.0)) == 0.0
    assert float(act.tanh(0.0)) == 0.0


def test_integer_and_boolean_input_become_float64():
    for name in NAMES:
        A = FORWARD[name](np.array([[1, -2, 0]]))
        assert A.dtype == np.float64
        np.testing.assert_allclose(A, reference(name, [[1, -2, 0]]), atol=1e-15)
    assert act.relu(np.array([True, False])).dtype == np.float64


# --- properties (hypothesis) -------------------------------------------------

finite64 = st.floats(allow_nan=False, allow_infinity=False, width=64)
finite32 = st.floats(allow_nan=False, allow_infinity=False, width=32)
shapes = hnp.array_shapes(min_dims=1, max_dims=3, max_side=5)


@given(hnp.arrays(np.float64, shapes, elements=finite64))
@example(np.array([1e308, -1e308, 0.0, -745.0, 710.0, 5e-324]))
@example(np.array([np.finfo(np.float64).max, -np.finfo(np.float64).max]))
def test_sigmoid_range_and_no_warning_float64(Z):
    # pytest turns every warning into an error (filterwarnings = error), so an
    # overflow in exp would fail this test; np.errstate makes it explicit too.
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        A = act.sigmoid(Z)
        dZ = act.sigmoid_backward(np.ones_like(Z), Z)
    assert A.shape == Z.shape
    assert A.dtype == np.float64
    assert np.all((A >= 0) & (A <= 1))
    assert np.all((dZ >= 0) & (dZ <= 0.25))
    # Monotone: a larger input never gives a smaller output.
    order = np.argsort(Z, axis=None, kind="stable")
    assert np.all(np.diff(A.ravel()[order]) >= 0)


@given(hnp.arrays(np.float32, shapes, elements=finite32))
@example(np.array([3e38, -3e38, 0.0, -100.0, 100.0], dtype=np.float32))
def test_sigmoid_range_and_no_warning_float32(Z):
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        A = act.sigmoid(Z)
    assert A.dtype == np.float32
    assert A.shape == Z.shape
    assert np.all((A >= 0) & (A <= 1))


@given(hnp.arrays(np.float64, shapes, elements=st.floats(-700, 700)))
def test_sigmoid_symmetry(Z):
    # sigma(-z) = 1 - sigma(z), up to rounding.
    np.testing.assert_allclose(act.sigmoid(-Z), 1 - act.sigmoid(Z), rtol=0, atol=1e-15)


@given(hnp.arrays(np.float64, shapes, elements=finite64))
@example(np.array([1e308, -1e308]))
def test_tanh_range(Z):
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        A = act.tanh(Z)
        dZ = act.tanh_backward(np.ones_like(Z), Z)
    assert A.shape == Z.shape
    assert np.all((A >= -1) & (A <= 1))
    assert np.all((dZ >= 0) & (dZ <= 1))
    np.testing.assert_array_equal(np.sign(A), np.sign(Z))


@given(hnp.arrays(np.float64, shapes, elements=finite64))
def test_relu_nonnegative_and_identity_on_positives(Z):
    A = act.relu(Z)
    assert A.shape == Z.shape
    assert np.all(A >= 0)
    np.testing.assert_array_equal(A[Z > 0], Z[Z > 0])
    np.testing.assert_array_equal(A[Z <= 0], 0.0)


@given(hnp.arrays(np.float64, shapes, elements=finite64),
       st.floats(0.0, 0.99, allow_nan=False))
def test_leaky_relu_is_max_of_alpha_z_and_z(Z, alpha):
    A = act.leaky_relu(Z, alpha=alpha)
    assert A.shape == Z.shape
    np.testing.assert_array_equal(A, np.maximum(alpha * Z, Z))


@given(data=st.data(), dtype=st.sampled_from([np.float32, np.float64]))
def test_dtype_and_shape_preserved(data, dtype):
    width = 32 if dtype == np.float32 else 64
    Z = data.draw(hnp.arrays(dtype, shapes, elements=st.floats(-(2.0**100), 2.0**100, width=width)))
    dA = data.draw(hnp.arrays(dtype, Z.shape, elements=st.floats(-10, 10, width=32)))
    for name in NAMES:
        A = FORWARD[name](Z)
        dZ = BACKWARD[name](dA, Z)
        assert A.dtype == dtype, name
        assert dZ.dtype == dtype, name
        assert A.shape == Z.shape == dZ.shape, name


@given(Z=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=6),
                    elements=st.floats(-20, 20).filter(lambda z: abs(z) > 1e-3)))
def test_backward_matches_central_difference(Z):
    for name in NAMES:
        expected = central_difference(FORWARD[name], Z)
        np.testing.assert_allclose(BACKWARD[name](np.ones_like(Z), Z), expected,
                                   rtol=1e-6, atol=1e-9, err_msg=name)


@given(Z=hnp.arrays(np.float64, (2, 3), elements=st.floats(-5, 5)),
       dA=hnp.arrays(np.float64, (2, 3), elements=st.floats(-5, 5)))
def test_backward_is_chain_rule_product(Z, dA):
    # dZ = dA * g'(Z): linear in dA.
    for name in NAMES:
        g = BACKWARD[name](np.ones_like(Z), Z)
        np.testing.assert_allclose(BACKWARD[name](dA, Z), dA * g, rtol=1e-12, atol=1e-300,
                                   err_msg=name)


# --- gradient checks ----------------------------------------------------------


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("name", NAMES)
def test_backward_passes_gradient_check(name, seed):
    rng = np.random.default_rng(seed)
    Z = away_from_zero(rng, (3, 4))
    G = rng.standard_normal((3, 4))  # upstream gradient dA

    def cost(p):
        return float(np.sum(G * FORWARD[name](p["Z"])))

    dZ = BACKWARD[name](G, Z)
    assert gradient_check(cost, {"Z": Z}, {"dZ": dZ}) < 1e-7


def test_leaky_relu_backward_gradient_check_with_other_alpha():
    rng = np.random.default_rng(5)
    Z = away_from_zero(rng, (2, 5))
    G = rng.standard_normal((2, 5))
    dZ = act.leaky_relu_backward(G, Z, alpha=0.3)
    diff = gradient_check(lambda p: float(np.sum(G * act.leaky_relu(p["Z"], alpha=0.3))),
                          {"Z": Z}, {"dZ": dZ})
    assert diff < 1e-7
    # With the default slope the same backward is wrong for alpha = 0.3.
    wrong = act.leaky_relu_backward(G, Z)
    assert gradient_check(lambda p: float(np.sum(G * act.leaky_relu(p["Z"], alpha=0.3))),
                          {"Z": Z}, {"dZ": wrong}) > 1e-3


def test_relu_derivative_at_zero_is_zero():
    # The course's convention, and leaky ReLU's slope alpha at 0.
    assert act.relu_backward(np.array([1.0]), np.array([0.0]))[0] == 0.0
    assert act.leaky_relu_backward(np.array([1.0]), np.array([0.0]))[0] == 0.01


def test_activations_registry_pairs_forward_and_backward():
    Z = np.array([[-1.5, 0.3, 2.0]])
    dA = np.array([[0.2, -1.0, 3.0]])
    assert set(act.ACTIVATIONS) == set(NAMES)
    for name, (fwd, bwd) in act.ACTIVATIONS.items():
        np.testing.assert_array_equal(fwd(Z), FORWARD[name](Z))
        np.testing.assert_array_equal(bwd(dA, Z), BACKWARD[name](dA, Z))


# --- bad input -------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_backward_shape_mismatch(name):
    with pytest.raises(ValueError, match=r"dA and Z must have the same shape.*\(2, 3\).*\(3, 2\)"):
        BACKWARD[name](np.ones((2, 3)), np.ones((3, 2)))


@pytest.mark.parametrize("name", NAMES)
def test_non_numeric_input(name):
    with pytest.raises(TypeError, match=r"Z must be a numpy array; got str"):
        FORWARD[name]("abc")
    with pytest.raises(TypeError, match=r"Z must hold numbers; got an array of dtype object"):
        FORWARD[name](np.array([1.0, None], dtype=object))
    with pytest.raises(TypeError, match=r"dA must be a numpy array; got NoneType"):
        BACKWARD[name](None, np.ones(3))


def test_complex_input():
    with pytest.raises(TypeError, match=r"Z must be real; got dtype complex128"):
        act.sigmoid(np.array([1 + 1j]))


@pytest.mark.parametrize("alpha", [-0.1, 1.0, 2.0, float("nan")])
def test_leaky_relu_bad_alpha_value(alpha):
    with pytest.raises(ValueError, match=r"alpha must be"):
        act.leaky_relu(np.ones(2), alpha=alpha)
    with pytest.raises(ValueError, match=r"alpha must be"):
        act.leaky_relu_backward(np.ones(2), np.ones(2), alpha=alpha)


def test_leaky_relu_bad_alpha_type():
    with pytest.raises(TypeError, match=r"alpha must be a real number; got str"):
        act.leaky_relu(np.ones(2), alpha="0.1")


# --- the kernels' out= (used by dlguide.train.fit to reuse its buffers) -------------


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_kernels_write_into_out_what_they_return_without_it(name, dtype):
    forward, backward = act.ACTIVATIONS[name]
    r = np.random.default_rng(3)
    Z = (4 * r.standard_normal((3, 7))).astype(dtype)
    dA = r.standard_normal((3, 7)).astype(dtype)
    out = np.full_like(Z, np.nan)
    assert forward(Z, out=out) is out
    np.testing.assert_array_equal(out, forward(Z))
    out_b = np.full_like(Z, np.nan)
    assert backward(dA, Z, out=out_b) is out_b
    np.testing.assert_array_equal(out_b, backward(dA, Z))
    assert out.dtype == out_b.dtype == dtype
