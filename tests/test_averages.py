"""Tests of dlguide.averages.ewa: the recurrence, its unrolled sum, bias correction."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlguide.averages import ewa

series = st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=40)
betas = st.floats(0.0, 0.99)


def recurrence(theta, beta):
    v, out = 0.0, []
    for x in theta:
        v = beta * v + (1 - beta) * x
        out.append(v)
    return np.array(out)


def unrolled(theta, beta):
    """v_t = (1 - beta) sum_{i <= t} beta^(t - i) theta_i, computed as a sum for each t."""
    theta = np.asarray(theta, dtype=np.float64)
    return np.array([
        (1 - beta) * sum(beta ** (t - i) * theta[i] for i in range(t + 1))
        for t in range(theta.size)
    ])


@given(theta=series, beta=betas)
def test_matches_the_recurrence(theta, beta):
    np.testing.assert_allclose(ewa(theta, beta), recurrence(theta, beta), rtol=1e-12, atol=1e-9)


@given(theta=series, beta=betas)
def test_matches_the_unrolled_sum(theta, beta):
    np.testing.assert_allclose(ewa(theta, beta), unrolled(theta, beta), rtol=1e-9, atol=1e-8)


@given(theta=series, beta=betas)
def test_bias_correction_divides_by_1_minus_beta_t(theta, beta):
    t = np.arange(1, len(theta) + 1)
    np.testing.assert_allclose(ewa(theta, beta, bias_correction=True),
                               unrolled(theta, beta) / (1 - beta**t), rtol=1e-9, atol=1e-8)


@given(c=st.floats(-1e3, 1e3), T=st.integers(1, 60), beta=st.floats(0.0, 0.999))
def test_bias_correction_gives_the_exact_mean_of_a_constant_series(c, T, beta):
    v_hat = ewa(np.full(T, c), beta, bias_correction=True)
    np.testing.assert_allclose(v_hat, np.full(T, c), rtol=1e-9, atol=1e-12)


def test_without_correction_a_constant_series_starts_low():
    """The weights (1 - beta) beta^(t - i) sum to 1 - beta^t, not 1."""
    beta = 0.9
    v = ewa(np.ones(50), beta)
    np.testing.assert_allclose(v, 1 - beta ** np.arange(1, 51), rtol=1e-12)
    assert v[0] == pytest.approx(0.1)


def test_course_example_values():
    np.testing.assert_allclose(ewa([10.0, 10.0], 0.9), [1.0, 1.9], rtol=1e-12)
    np.testing.assert_allclose(ewa([10.0, 10.0], 0.9, bias_correction=True), [10.0, 10.0],
                               rtol=1e-12)


def test_impulse_response_is_the_weight_sequence():
    """A single 1 at the start is remembered with weight (1 - beta) beta^k after k steps."""
    beta = 0.9
    theta = np.zeros(30)
    theta[0] = 1.0
    np.testing.assert_allclose(ewa(theta, beta), (1 - beta) * beta ** np.arange(30), rtol=1e-12)
    # after 1 / (1 - beta) = 10 steps the weight has fallen to about 1/e of its start
    assert ewa(theta, beta)[10] / ewa(theta, beta)[0] == pytest.approx(np.exp(-1), rel=0.06)


def test_beta_zero_returns_the_series():
    theta = np.array([3.0, -1.0, 4.0, 1.5])
    np.testing.assert_array_equal(ewa(theta, 0.0), theta)
    np.testing.assert_array_equal(ewa(theta, 0.0, bias_correction=True), theta)


def test_shape_dtype_and_input_untouched():
    theta = np.array([1.0, 2.0, 3.0], dtype=np.float32)
    v = ewa(theta, 0.5)
    assert v.shape == (3,)
    assert v.dtype == np.float32
    np.testing.assert_array_equal(theta, [1.0, 2.0, 3.0])
    assert ewa([1, 2, 3], 0.5).dtype == np.float64  # integers become float


@pytest.mark.parametrize(("beta", "exc", "match"), [
    (1.0, ValueError, r"beta must be in \[0, 1\)"),
    (1.5, ValueError, r"beta must be in \[0, 1\); got 1.5"),
    (-0.1, ValueError, r"beta must be in \[0, 1\); got -0.1"),
    (float("nan"), ValueError, "beta"),
    ("0.9", TypeError, "beta must be a real number"),
])
def test_bad_beta(beta, exc, match):
    with pytest.raises(exc, match=match):
        ewa([1.0, 2.0], beta)


def test_bad_theta():
    with pytest.raises(ValueError, match=r"theta must be a 1-D array"):
        ewa(np.ones((2, 3)), 0.9)
    with pytest.raises(ValueError, match="theta must be finite"):
        ewa([1.0, np.nan], 0.9)
    with pytest.raises(TypeError, match="theta must hold numbers"):
        ewa(["a", "b"], 0.9)
