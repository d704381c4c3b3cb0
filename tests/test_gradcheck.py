"""Tests of dlguide.gradcheck against references it does not compute itself."""

from __future__ import annotations

import numpy as np
import pytest

from dlguide.gradcheck import gradient_check, numerical_gradient, relative_difference


def cubic(p):
    return float(np.sum(p["w"] ** 3))


def two_params(p):
    # J(A, B) = sum(exp(A) * B) + sum(sin(B)): dJ/dA = exp(A) * B, dJ/dB = exp(A) + cos(B).
    return float(np.sum(np.exp(p["A"]) * p["B"]) + np.sum(np.sin(p["B"])))


@pytest.fixture
def ab():
    rng = np.random.default_rng(0)
    return {"A": rng.standard_normal((2, 3)), "B": rng.standard_normal((2, 3))}


# --- numerical_gradient -------------------------------------------------------------


def test_numerical_gradient_of_known_functions(ab):
    g = numerical_gradient(two_params, ab)
    assert set(g) == {"dA", "dB"}
    np.testing.assert_allclose(g["dA"], np.exp(ab["A"]) * ab["B"], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(g["dB"], np.exp(ab["A"]) + np.cos(ab["B"]), rtol=1e-6, atol=1e-8)


def test_numerical_gradient_is_two_sided():
    # For w^3 at w = 1 the two-sided difference is exactly 3 + eps^2; a one-sided
    # one would give 3 + 3 eps + eps^2.
    eps = 1e-3
    g = numerical_gradient(cubic, {"w": np.array([[1.0]])}, epsilon=eps)
    assert g["dw"][0, 0] == pytest.approx(3 + eps**2, rel=1e-9)


def test_numerical_gradient_shapes_dtype_and_no_side_effect():
    params = {"w": np.array([[1.0, -2.0, 0.5]], dtype=np.float32), "b": np.zeros((2, 1))}
    before = {k: v.copy() for k, v in params.items()}
    g = numerical_gradient(lambda p: float(np.sum(p["w"] ** 3) + np.sum(p["b"])), params)
    assert g["dw"].shape == (1, 3)
    assert g["db"].shape == (2, 1)
    assert g["dw"].dtype == np.float64
    np.testing.assert_allclose(g["dw"], 3 * before["w"].astype(np.float64) ** 2, rtol=1e-6)
    np.testing.assert_allclose(g["db"], 1.0, rtol=1e-6)
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])


def test_numerical_gradient_of_a_linear_function_is_exact_per_entry():
    C = np.arange(6.0).reshape(2, 3) - 2.5
    g = numerical_gradient(lambda p: float(np.sum(C * p["W"])), {"W": np.ones((2, 3))},
                           epsilon=0.5)
    np.testing.assert_allclose(g["dW"], C, rtol=1e-12, atol=1e-12)


# --- relative_difference ---------------------------------------------------------------


def test_relative_difference_reference_values():
    g = {"dw": np.array([3.0, 4.0])}
    assert relative_difference(g, {"dw": np.zeros(2)}) == 1.0
    assert relative_difference(g, g) == 0.0
    assert relative_difference({"dw": np.zeros(2)}, {"dw": np.zeros(2)}) == 0.0
    # ||g - 2g|| / (||g|| + ||2g||) = 1/3, and -g gives 1.
    assert relative_difference(g, {"dw": 2 * g["dw"]}) == pytest.approx(1 / 3, rel=1e-12)
    assert relative_difference(g, {"dw": -g["dw"]}) == pytest.approx(1.0, rel=1e-12)


def test_relative_difference_does_not_depend_on_key_order():
    a = {"dW": np.array([[1.0, 2.0]]), "db": np.array([[3.0]])}
    b = {"db": np.array([[3.0]]), "dW": np.array([[1.0, 2.0]])}
    assert relative_difference(a, b) == 0.0
    assert relative_difference(b, a) == 0.0


def test_relative_difference_errors():
    with pytest.raises(ValueError, match=r"grads is missing the key\(s\) \['db'\]"):
        relative_difference({"dw": np.ones(2)}, {"dw": np.ones(2), "db": np.ones(1)})
    with pytest.raises(ValueError, match=r"grads\['dw'\] and approx\['dw'\] must have the same "
                                         r"shape; got \(2,\) and \(3,\)"):
        relative_difference({"dw": np.ones(2)}, {"dw": np.ones(3)})
    with pytest.raises(ValueError, match=r"must have the same shape; got \(2, 1\) and \(1, 2\)"):
        relative_difference({"dw": np.ones((2, 1))}, {"dw": np.ones((1, 2))})  # was 0.0


# --- gradient_check -------------------------------------------------------------------


def test_gradient_check_accepts_the_right_gradient(ab):
    grads = {"dA": np.exp(ab["A"]) * ab["B"], "dB": np.exp(ab["A"]) + np.cos(ab["B"])}
    assert gradient_check(two_params, ab, grads) < 1e-7


@pytest.mark.parametrize("mistake", ["factor", "sign", "swapped", "missing-term"])
def test_gradient_check_rejects_a_wrong_gradient(ab, mistake):
    dA, dB = np.exp(ab["A"]) * ab["B"], np.exp(ab["A"]) + np.cos(ab["B"])
    wrong = {
        "factor": {"dA": 2 * dA, "dB": dB},
        "sign": {"dA": dA, "dB": -dB},
        "swapped": {"dA": dB, "dB": dA},
        "missing-term": {"dA": dA, "dB": np.exp(ab["A"])},  # forgot d sin(B) / dB
    }[mistake]
    assert gradient_check(two_params, ab, wrong) > 1e-3


def test_gradient_check_agrees_with_relative_difference(ab):
    wrong = {"dA": 2 * np.exp(ab["A"]) * ab["B"], "dB": np.exp(ab["A"]) + np.cos(ab["B"])}
    expected = relative_difference(wrong, numerical_gradient(two_params, ab))
    assert gradient_check(two_params, ab, wrong) == pytest.approx(expected, rel=1e-12)


def test_gradient_check_errors():
    params = {"w": np.ones((1, 2))}
    good = {"dw": np.ones((1, 2))}
    with pytest.raises(TypeError, match=r"cost_fn must be a callable.*got int"):
        gradient_check(3, params, good)
    with pytest.raises(TypeError, match=r"params must be a non-empty dict of arrays; got list"):
        gradient_check(cubic, [np.ones(2)], good)
    with pytest.raises(TypeError, match=r"params must be a non-empty dict"):
        gradient_check(cubic, {}, good)
    with pytest.raises(TypeError, match=r"grads must be a dict of arrays like \{'dW1': \.\.\.\}; got tuple"):
        gradient_check(cubic, params, (np.ones((1, 2)),))
    with pytest.raises(ValueError, match=r"grads must have the key 'dw' for parameter 'w'; got keys \['w'\]"):
        gradient_check(cubic, params, {"w": np.ones((1, 2))})
    with pytest.raises(ValueError, match=r"grads\['dw'\] must have the shape of params\['w'\], \(1, 2\); got \(2, 1\)"):
        gradient_check(cubic, params, {"dw": np.ones((2, 1))})
    with pytest.raises(ValueError, match=r"epsilon must be finite and > 0; got 0"):
        gradient_check(cubic, params, good, epsilon=0)
    with pytest.raises(TypeError, match=r"epsilon must be a real number; got str"):
        numerical_gradient(cubic, params, epsilon="1e-7")
