"""Misuse tables for dlguide.activations and dlguide.layers.

Activations take any shape (a scalar, rank 1 and rank 3 are right, and so is
an empty array); the layers take (n, m) arrays with m >= 1 examples.
"""

from __future__ import annotations

import numpy as np
import pytest
from misuse_helpers import (
    bad_arrays,
    bad_choice,
    bad_unit_interval,
    cases,
    deep,
    expect_ok,
    expect_refusal,
)

from dlguide.activations import (
    leaky_relu,
    leaky_relu_backward,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    tanh,
    tanh_backward,
)
from dlguide.layers import (
    LayerCache,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
)

Z = np.array([[-2.0, 0.5, 3.0], [1.0, -1.0, 0.0]])
FORWARDS = [sigmoid, tanh, relu, leaky_relu]
BACKWARDS = [sigmoid_backward, tanh_backward, relu_backward, leaky_relu_backward]

CASES = []
# The full tables for sigmoid, whose checks every activation shares; short ones for the rest.
for g in FORWARDS:
    CASES += cases(g, 0, bad_arrays("Z", Z, ndim=None, empty=False, short=g is not sigmoid),
                   args=(Z,), name="Z")
for g_back in BACKWARDS:
    short = g_back is not sigmoid_backward
    CASES += cases(g_back, 0, bad_arrays("dA", Z, ndim=None, empty=False, short=short),
                   args=(Z, Z), name="dA")
    CASES += cases(g_back, 1, bad_arrays("Z", Z, ndim=None, empty=False, short=short),
                   args=(Z, Z), name="Z")
    CASES += [
        pytest.param(g_back, (Z, Z.T), {}, ValueError,
                     r"dA and Z must have the same shape; got dA.shape=\(2, 3\) and "
                     r"Z.shape=\(3, 2\)", id=f"{g_back.__name__}-transposed"),
        pytest.param(g_back, (Z[:, :2], Z), {}, ValueError,
                     r"dA and Z must have the same shape", id=f"{g_back.__name__}-other-m"),
        pytest.param(g_back, (Z.astype(np.float32), Z), {}, TypeError,
                     r"dA and Z must have the same dtype; got dA.dtype=float32 and "
                     r"Z.dtype=float64", id=f"{g_back.__name__}-dtypes"),
    ]
CASES += cases(leaky_relu, "alpha", bad_unit_interval("alpha", full=True), args=(Z,))
CASES += cases(leaky_relu_backward, "alpha", bad_unit_interval("alpha"), args=(Z, Z))

# --- layers ----------------------------------------------------------------------------------

A_PREV = np.arange(12.0).reshape(3, 4) / 10
W = np.array([[0.1, -0.2, 0.3], [0.5, 0.1, -0.4]])
B = np.array([[0.1], [-0.1]])
DZ = np.ones((2, 4))
LINEAR = (A_PREV, W, B)

for i, name in enumerate(["A_prev", "W", "b"]):
    good = LINEAR[i]
    CASES += cases(linear_forward, i, bad_arrays(name, good), args=LINEAR, name=name)
    CASES += cases(linear_activation_forward, i, bad_arrays(name, good, short=True),
                   args=(*LINEAR, "relu"), name=name)
    CASES += cases(linear_backward, 1, [
        (tuple(v if j == i else LINEAR[j] for j in range(3)), exc, f"cache: {match}", ident)
        for v, exc, match, ident in bad_arrays(name, good, short=True)], args=(DZ, LINEAR),
        name=f"cache.{name}")

CASES += cases(linear_activation_forward, 3, bad_choice("activation", ["relu"]),
               args=(*LINEAR, "relu"), name="activation")
CASES += cases(linear_backward, 0, bad_arrays("dZ", DZ, empty=False), args=(DZ, LINEAR),
               name="dZ")

SHAPES = [  # (A_prev, W, b, match)
    (A_PREV.T, W, B, r"W must have as many columns as A_prev has rows \(n\[l-1\]\); got "
                     r"W.shape=\(2, 3\) and A_prev.shape=\(4, 3\)", "A_prev-transposed"),
    (A_PREV, W.T, B, r"W must have as many columns as A_prev has rows", "W-transposed"),
    (A_PREV, W, B.T, r"b must have shape \(2, 1\) to match W.shape=\(2, 3\); got "
                     r"b.shape=\(1, 2\)", "b-transposed"),
    (A_PREV, W, np.zeros((3, 1)), r"b must have shape \(2, 1\)", "b-other-rows"),
]
for a, w, b, match, ident in SHAPES:
    CASES += [
        pytest.param(linear_forward, (a, w, b), {}, ValueError, match,
                     id=f"linear_forward-{ident}"),
        pytest.param(linear_activation_forward, (a, w, b, "tanh"), {}, ValueError, match,
                     id=f"linear_activation_forward-{ident}"),
        pytest.param(linear_backward, (DZ, (a, w, b)), {}, ValueError, "cache: " + match,
                     id=f"linear_backward-{ident}"),
    ]
CASES += [
    pytest.param(linear_forward, (A_PREV.astype(np.float32), W, B), {}, TypeError,
                 r"A_prev, W and b must have one dtype; got float32, float64 and float64",
                 id="linear_forward-mixed-dtypes"),
    pytest.param(linear_backward, (DZ.T, LINEAR), {}, ValueError,
                 r"dZ must have 2 row\(s\), shape \(n\[l\], m\); got shape \(4, 2\)",
                 id="linear_backward-dZ-transposed"),
    pytest.param(linear_backward, (DZ[:, :3], LINEAR), {}, ValueError,
                 r"dZ must have 4 column\(s\), shape \(n\[l\], m\); got shape \(2, 3\)",
                 id="linear_backward-dZ-other-m"),
    pytest.param(linear_backward, (DZ, list(LINEAR)), {}, TypeError,
                 r"cache must be the tuple \(A_prev, W, b\) returned by linear_forward; got list",
                 id="linear_backward-cache-list"),
    pytest.param(linear_backward, (DZ, LINEAR[:2]), {}, TypeError,
                 r"cache must be the tuple \(A_prev, W, b\).*got tuple of length 2",
                 id="linear_backward-cache-short"),
    pytest.param(linear_backward, (DZ, None), {}, TypeError,
                 r"cache must be the tuple \(A_prev, W, b\).*got NoneType",
                 id="linear_backward-cache-None"),
    pytest.param(linear_backward, (np.zeros((2, 0)), (A_PREV[:, :0], W, B)), {}, ValueError,
                 r"cache: A_prev must not be empty", id="linear_backward-m0"),
]

# linear_activation_backward: the cache is a LayerCache or the course's tuple
_, LAYER = linear_activation_forward(A_PREV, W, B, "relu")
PLAIN = ((A_PREV, W, B), LAYER.Z)
DA = np.ones((2, 4))
CASES += cases(linear_activation_backward, 0, bad_arrays("dA", DA, empty=False, short=True),
               args=(DA, LAYER), name="dA")
CASES += cases(linear_activation_backward, "activation",
               bad_choice("activation", ["relu"])[:2], args=(DA, PLAIN))
CASES += [
    pytest.param(linear_activation_backward, (DA, PLAIN), {}, ValueError,
                 r"activation must be given: cache is a plain tuple", id="lab-plain-no-act"),
    pytest.param(linear_activation_backward, (DA, LAYER), {"activation": "tanh"}, ValueError,
                 r"activation='tanh' contradicts cache, which records the activation 'relu'",
                 id="lab-contradiction"),
    pytest.param(linear_activation_backward, (DA, LAYER[0]), {"activation": "relu"}, TypeError,
                 r"cache must be the pair \(linear_cache, Z\).*got LinearCache of length 3",
                 id="lab-linear-cache-only"),
    pytest.param(linear_activation_backward, (DA, "cache"), {"activation": "relu"}, TypeError,
                 r"cache must be the pair \(linear_cache, Z\).*got str", id="lab-cache-str"),
    pytest.param(linear_activation_backward, (DA.T, LAYER), {}, ValueError,
                 r"dA must have 2 row\(s\).*got shape \(4, 2\)", id="lab-dA-transposed"),
    pytest.param(linear_activation_backward, (DA, ((A_PREV, W, B), LAYER.Z.T)),
                 {"activation": "relu"}, ValueError,
                 r"cache\[1\] \(Z\) must have 2 row\(s\).*got shape \(4, 2\)",
                 id="lab-Z-transposed"),
    pytest.param(linear_activation_backward, (DA, ((A_PREV, W, B), LAYER.Z * np.nan)),
                 {"activation": "relu"}, ValueError, r"cache\[1\] \(Z\) must be finite",
                 id="lab-Z-nan"),
    pytest.param(linear_activation_backward, (DA, ((A_PREV, W.T, B), LAYER.Z)),
                 {"activation": "relu"}, ValueError,
                 r"cache\[0\] \(the linear cache\): W must have as many columns as A_prev",
                 id="lab-linear-cache-W-transposed"),
    pytest.param(linear_activation_backward,
                 (DA, LayerCache((A_PREV, W, B), LAYER.Z, "swish")), {}, ValueError,
                 r"cache.activation must be one of \[.*\]; got 'swish'",
                 id="lab-cache-records-unknown-activation"),
    pytest.param(linear_activation_backward,
                 (DA, LayerCache((A_PREV, W, B), LAYER.Z, "relu", np.full((2, 4), 0.5), 0.5)),
                 {}, ValueError, r"cache.D \(the dropout mask\) must hold only 0 and 1",
                 id="lab-mask-not-0-1"),
    pytest.param(linear_activation_backward,
                 (DA, LayerCache((A_PREV, W, B), LAYER.Z, "relu", np.ones((2, 4), bool), 0.0)),
                 {}, ValueError, r"cache.keep_prob must be in \(0, 1\]; got 0",
                 id="lab-cache-keep_prob-0"),
    pytest.param(linear_activation_backward,
                 (DA, LayerCache((A_PREV, W, B), LAYER.Z, "relu", np.ones((2, 4), bool), "1")),
                 {}, TypeError, r"cache.keep_prob must be a real number; got str",
                 id="lab-cache-keep_prob-str"),
]

# finite input whose result overflows float64: refused, no warning, no inf
HUGE = np.full((3, 4), 1e300)
CASES += [
    pytest.param(linear_forward, (HUGE, W * 1e10, B), {}, ValueError,
                 r"A_prev, W and b must be small enough that Z = W @ A_prev \+ b is finite; it "
                 r"overflows", id="linear_forward-overflow"),
    pytest.param(linear_activation_forward, (HUGE, W * 1e10, B, "sigmoid"), {}, ValueError,
                 r"A_prev, W and b must be small enough.*overflows",
                 id="linear_activation_forward-overflow"),
    pytest.param(linear_backward, (DZ * 1e300, (HUGE, W, B)), {}, ValueError,
                 r"dA \(or dZ\) and the cache must be small enough that the gradients .* are "
                 r"finite; it overflows", id="linear_backward-overflow"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "exc", "match"), CASES)
def test_refused(fn, args, kwargs, exc, match):
    expect_refusal(fn, *deep(args), exc=exc, match=match, **deep(kwargs))


# --- what works: m = 1, scalars, lists, any rank for the activations -----------------------------

G_REF = {
    sigmoid: lambda z: 1 / (1 + np.exp(-z)),
    tanh: np.tanh,
    relu: lambda z: np.maximum(z, 0),
    leaky_relu: lambda z: np.where(z > 0, z, 0.01 * z),
}


@pytest.mark.parametrize("g", FORWARDS, ids=lambda g: g.__name__)
@pytest.mark.parametrize("value", [
    3.0, -0.5, [1.0, -2.0], [[1, 2]], np.zeros((2, 0)), np.ones((2, 2, 2)), [[True, False]],
    np.float32(-1.5),
], ids=["float", "negative", "list", "int-list", "empty", "rank3", "bools", "float32-scalar"])
def test_activation_accepts_any_shape(g, value):
    A = expect_ok(g, deep(value))
    expected = G_REF[g](np.asarray(value, dtype=np.float64))
    assert A.shape == np.shape(value)
    assert A.dtype == (np.float32 if isinstance(value, np.float32) else np.float64)
    np.testing.assert_allclose(A, expected, rtol=1e-6)


@pytest.mark.parametrize("g_back", BACKWARDS, ids=lambda g: g.__name__)
def test_backward_of_scalars_and_lists(g_back):
    dZ = expect_ok(g_back, 1.0, 2.0)
    assert dZ.shape == ()
    assert np.isfinite(dZ)
    assert g_back([[1.0, 1.0]], [[-1.0, 2.0]]).shape == (1, 2)


def test_layers_with_one_example():
    Z1, cache = expect_ok(linear_forward, A_PREV[:, :1], W, B)
    np.testing.assert_allclose(Z1, W @ A_PREV[:, :1] + B)
    dA_prev, dW, db = expect_ok(linear_backward, np.ones((2, 1)), cache)
    np.testing.assert_allclose(dW, np.ones((2, 1)) @ A_PREV[:, :1].T)
    np.testing.assert_allclose(db, np.ones((2, 1)))
    np.testing.assert_allclose(dA_prev, W.T @ np.ones((2, 1)))
    A, layer = expect_ok(linear_activation_forward, [[1.0], [2.0], [3.0]], W, B, "tanh")
    np.testing.assert_allclose(A, np.tanh(W @ [[1.0], [2.0], [3.0]] + B))
    grads = expect_ok(linear_activation_backward, [[1.0], [1.0]], layer)
    assert [g.shape for g in grads] == [(3, 1), (2, 3), (2, 1)]


def test_layers_take_nested_lists():
    Z_list, _ = expect_ok(linear_forward, A_PREV.tolist(), W.tolist(), B.tolist())
    np.testing.assert_allclose(Z_list, W @ A_PREV + B)


def test_a_dropout_mask_keeps_float32():
    """A bool mask in a float32 cache gives float32 gradients (it gave float64)."""
    A32, W32, B32 = (a.astype(np.float32) for a in LINEAR)
    _, layer = linear_activation_forward(A32, W32, B32, "relu")
    mask = LayerCache((A32, W32, B32), layer.Z, "relu", np.ones((2, 4), bool), 0.5)
    grads = expect_ok(linear_activation_backward, np.ones((2, 4), np.float32), mask)
    assert [g.dtype for g in grads] == [np.float32] * 3
