"""Tests of dlguide.optimizers against a straightforward NumPy reference of the course's formulas.

The reference below is written the way the formulas read (new arrays, no in-place
tricks), so it shares no code with the package: any slip in the in-place kernels
(a missing 1 - beta, a bias correction with the wrong t, sqrt in the wrong place)
moves the results far beyond the 1e-12 tolerance.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlguide.optimizers import Adam, GradientDescent, Momentum, Optimizer, RMSprop
from dlguide.step import FlatLayout

RTOL = 1e-12  # the package computes sqrt(s)/sqrt(c2) where the reference has sqrt(s/c2)
ATOL = 1e-15


class Reference:
    """The course's update rules, one parameter at a time, state per name."""

    def __init__(self, kind, lr, beta=0.9, beta1=0.9, beta2=0.999, eps=1e-8):
        self.kind, self.lr, self.beta = kind, lr, beta
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.v, self.s, self.t = {}, {}, 0

    def step(self, params, grads):
        self.t += 1
        out = {}
        for name, W in params.items():
            g = grads["d" + name]
            v = self.v.get(name, np.zeros_like(W))
            s = self.s.get(name, np.zeros_like(W))
            if self.kind == "gd":
                W = W - self.lr * g
            elif self.kind == "momentum":
                v = self.beta * v + (1 - self.beta) * g
                W = W - self.lr * v
            elif self.kind == "rmsprop":
                s = self.beta * s + (1 - self.beta) * g**2
                W = W - self.lr * g / (np.sqrt(s) + self.eps)
            else:  # adam
                v = self.beta1 * v + (1 - self.beta1) * g
                s = self.beta2 * s + (1 - self.beta2) * g**2
                v_hat = v / (1 - self.beta1**self.t)
                s_hat = s / (1 - self.beta2**self.t)
                W = W - self.lr * v_hat / (np.sqrt(s_hat) + self.eps)
            self.v[name], self.s[name] = v, s
            out[name] = W
        return out


def make(kind, lr, beta=0.9, beta1=0.9, beta2=0.999, eps=1e-8):
    """The package optimizer matching ``Reference(kind, ...)``."""
    if kind == "gd":
        return GradientDescent(lr)
    if kind == "momentum":
        return Momentum(lr, beta=beta)
    if kind == "rmsprop":
        return RMSprop(lr, beta=beta, epsilon=eps)
    return Adam(lr, beta1=beta1, beta2=beta2, epsilon=eps)


KINDS = ["gd", "momentum", "rmsprop", "adam"]
SHAPES = {"W1": (3, 2), "b1": (3, 1), "W2": (1, 3), "b2": (1, 1)}


def random_params(seed, shapes=SHAPES, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return {k: rng.standard_normal(s).astype(dtype) for k, s in shapes.items()}


def random_grads(rng, params, scale=1.0):
    return {"d" + k: (scale * rng.standard_normal(p.shape)).astype(p.dtype)
            for k, p in params.items()}


def copy(d):
    return {k: v.copy() for k, v in d.items()}


# --- against the reference -----------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", range(3))
def test_several_steps_match_the_reference(kind, seed):
    hp = {"lr": 0.05, "beta": 0.8, "beta1": 0.85, "beta2": 0.99, "eps": 1e-8}
    opt, ref = make(kind, **hp), Reference(kind, **hp)
    params = random_params(seed)
    expected = copy(params)
    rng = np.random.default_rng(100 + seed)
    for _ in range(6):
        grads = random_grads(rng, params)
        opt.update(params, grads)
        expected = ref.step(expected, grads)
        for k in params:
            np.testing.assert_allclose(params[k], expected[k], rtol=RTOL, atol=ATOL)
    if kind in ("momentum", "adam"):
        for k in params:
            np.testing.assert_allclose(opt.v[k], ref.v[k], rtol=RTOL, atol=ATOL)
    if kind in ("rmsprop", "adam"):
        for k in params:
            np.testing.assert_allclose(opt.s[k], ref.s[k], rtol=RTOL, atol=ATOL)


@given(kind=st.sampled_from(KINDS),
       lr=st.floats(1e-4, 1.0),
       beta=st.floats(0.0, 0.999),
       beta2=st.floats(0.0, 0.9999),
       seed=st.integers(0, 2**16))
def test_reference_property(kind, lr, beta, beta2, seed):
    hp = {"lr": lr, "beta": beta, "beta1": beta, "beta2": beta2, "eps": 1e-8}
    opt, ref = make(kind, **hp), Reference(kind, **hp)
    params = random_params(seed, {"W": (2, 3), "b": (2, 1)})
    expected = copy(params)
    rng = np.random.default_rng(seed)
    for _ in range(4):
        grads = random_grads(rng, params, scale=float(rng.uniform(0.01, 10)))
        opt.update(params, grads)
        expected = ref.step(expected, grads)
    for k in params:
        np.testing.assert_allclose(params[k], expected[k], rtol=1e-11, atol=1e-13)


def test_hand_computed_single_steps():
    g = {"dW1": np.array([[2.0, -4.0]])}
    # gradient descent: 1 - 0.1 * 2, 1 + 0.1 * 4
    p = GradientDescent(0.1).update({"W1": np.array([[1.0, 1.0]])}, g)
    np.testing.assert_allclose(p["W1"], [[0.8, 1.4]], rtol=1e-15)
    # momentum: v = 0.1 * dW = [0.2, -0.4]; W = 1 - 0.1 v
    p = Momentum(0.1, beta=0.9).update({"W1": np.array([[1.0, 1.0]])}, g)
    np.testing.assert_allclose(p["W1"], [[0.98, 1.04]], rtol=1e-15)
    # RMSprop: s = 0.01 * dW^2, sqrt(s) = 0.1 |dW|, so the step is lr * 10 * sign(dW)
    p = RMSprop(0.01, beta=0.99, epsilon=1e-8).update({"W1": np.array([[1.0, 1.0]])}, g)
    np.testing.assert_allclose(p["W1"], [[0.9, 1.1]], rtol=1e-7)


def test_momentum_second_step_by_hand():
    opt = Momentum(0.5, beta=0.5)
    p = {"w": np.array([[0.0]])}
    opt.update(p, {"dw": np.array([[4.0]])})  # v = 2, w = -1
    assert p["w"][0, 0] == -1.0
    opt.update(p, {"dw": np.array([[0.0]])})  # v = 1, w = -1.5
    assert p["w"][0, 0] == -1.5
    assert opt.v["w"][0, 0] == 1.0


def test_adam_first_step_is_lr_times_sign():
    """With t = 1, v_hat = dW and s_hat = dW^2: the first step is lr * dW / |dW|."""
    g = np.array([[3.0, -0.001, 250.0]])
    p = Adam(0.01).update({"W": np.zeros((1, 3))}, {"dW": g})
    np.testing.assert_allclose(p["W"], -0.01 * np.sign(g), rtol=1e-5)


def test_adam_step_count_starts_at_1_and_counts_updates():
    opt = Adam(0.01)
    assert opt.t == 0
    p = {"W": np.ones((2, 2))}
    for t in range(1, 4):
        opt.update(p, {"dW": np.ones((2, 2))})
        assert opt.t == t


def test_adam_constant_gradient_gives_constant_steps():
    """Bias correction makes v_hat = g and s_hat = g^2 exactly for a constant g."""
    opt = Adam(0.1, beta1=0.9, beta2=0.999, epsilon=1e-12)
    p = {"W": np.zeros((1, 1))}
    for t in range(1, 6):
        opt.update(p, {"dW": np.array([[0.5]])})
        np.testing.assert_allclose(p["W"], [[-0.1 * t]], rtol=1e-9)


# --- state per parameter name --------------------------------------------------------


@pytest.mark.parametrize("kind", ["momentum", "rmsprop"])
def test_state_is_kept_per_name_across_separate_calls(kind):
    """Two parameters updated in different calls, with different histories."""
    opt, ref = make(kind, 0.1, beta=0.7), Reference(kind, 0.1, beta=0.7)
    a = {"a": np.array([[1.0, 2.0]])}
    b = {"b": np.array([[-1.0], [0.5]])}
    ea, eb = copy(a), copy(b)
    for ga, gb in [(1.0, -3.0), (2.0, 0.5), (-1.0, 4.0)]:
        grad_a = {"da": np.full((1, 2), ga)}
        opt.update(a, grad_a)
        ea = ref.step(ea, grad_a)
        grad_b = {"db": np.full((2, 1), gb)}
        opt.update(b, grad_b)
        eb = ref.step(eb, grad_b)
    np.testing.assert_allclose(a["a"], ea["a"], rtol=RTOL)
    np.testing.assert_allclose(b["b"], eb["b"], rtol=RTOL)
    state = opt.v if kind == "momentum" else opt.s
    ref_state = ref.v if kind == "momentum" else ref.s
    assert set(state) == {"a", "b"}
    np.testing.assert_allclose(state["a"], ref_state["a"], rtol=RTOL)
    np.testing.assert_allclose(state["b"], ref_state["b"], rtol=RTOL)
    assert not np.allclose(state["a"].mean(), state["b"].mean())


def test_adam_state_per_name_with_different_gradients():
    opt, ref = Adam(0.05), Reference("adam", 0.05)
    params = {"W1": np.zeros((2, 2)), "b1": np.zeros((2, 1))}
    expected = copy(params)
    for step in range(3):
        grads = {"dW1": np.full((2, 2), step + 1.0), "db1": np.full((2, 1), -10.0 * step)}
        opt.update(params, grads)
        expected = ref.step(expected, grads)
    assert set(opt.v) == set(opt.s) == {"W1", "b1"}
    for k in params:
        np.testing.assert_allclose(opt.v[k], ref.v[k], rtol=RTOL)
        np.testing.assert_allclose(opt.s[k], ref.s[k], rtol=RTOL)
        np.testing.assert_allclose(params[k], expected[k], rtol=RTOL, atol=ATOL)


def test_two_optimizers_do_not_share_state():
    o1, o2 = Momentum(0.1), Momentum(0.1)
    o1.update({"W": np.zeros((1, 1))}, {"dW": np.ones((1, 1))})
    assert o2.v == {}
    assert set(o1.v) == {"W"}


def test_reset_clears_state():
    for opt in (Momentum(0.1), RMSprop(0.1), Adam(0.1)):
        p = random_params(0)
        rng = np.random.default_rng(0)
        for _ in range(3):
            opt.update(p, random_grads(rng, p))
        opt.reset()
        if hasattr(opt, "v"):
            assert opt.v == {}
        if hasattr(opt, "s"):
            assert opt.s == {}
        if isinstance(opt, Adam):
            assert opt.t == 0
        # after reset, a step is exactly a fresh optimizer's first step
        fresh = type(opt)(0.1)
        p1, p2 = random_params(1), random_params(1)
        g = random_grads(np.random.default_rng(5), p1)
        opt.update(p1, g)
        fresh.update(p2, g)
        for k in p1:
            assert p1[k].tobytes() == p2[k].tobytes()


# --- in place ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_update_is_in_place_and_returns_the_same_dict(kind):
    opt = make(kind, 0.1)
    params = random_params(0)
    arrays = dict(params)
    before = copy(params)
    grads = random_grads(np.random.default_rng(1), params)
    grads_before = copy(grads)
    out = opt.update(params, grads)
    assert out is params
    for k in params:
        assert out[k] is arrays[k]  # the same arrays, updated
        assert not np.array_equal(out[k], before[k])
        np.testing.assert_array_equal(grads["d" + k], grads_before["d" + k])


# --- the fused path used by fit -------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_flat_update_equals_per_name_update_bit_for_bit(kind):
    hp = {"lr": 0.03, "beta": 0.8, "beta1": 0.8, "beta2": 0.95}
    per_name, fused = make(kind, **hp), make(kind, **hp)
    params = random_params(3)
    layout = FlatLayout(params)
    theta = np.concatenate([p.ravel() for p in params.values()])
    assert theta.size == layout.size
    rng = np.random.default_rng(4)
    for _ in range(5):
        grads = random_grads(rng, params)
        dtheta = np.concatenate([grads["d" + k].ravel() for k in params])
        per_name.update(params, grads)
        fused.update_flat(theta, dtheta, layout)
    for k, (a, b, shape) in layout.slots.items():
        assert theta[a:b].reshape(shape).tobytes() == params[k].tobytes()
    if kind in ("momentum", "adam"):
        assert set(fused.v) == set(params)
        for k in params:
            assert fused.v[k].tobytes() == per_name.v[k].tobytes()
    if kind in ("rmsprop", "adam"):
        for k in params:
            assert fused.s[k].tobytes() == per_name.s[k].tobytes()
    if kind == "adam":
        assert fused.t == per_name.t == 5


# --- dtype ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_float32_stays_float32(kind):
    opt = make(kind, 0.01)
    params = random_params(0, dtype=np.float32)
    rng = np.random.default_rng(0)
    ref = Reference(kind, 0.01)
    expected = {k: v.astype(np.float64) for k, v in params.items()}
    for _ in range(3):
        grads = random_grads(rng, params)
        opt.update(params, grads)
        expected = ref.step(expected, {k: g.astype(np.float64) for k, g in grads.items()})
    for k in params:
        assert params[k].dtype == np.float32
        np.testing.assert_allclose(params[k], expected[k], rtol=1e-5, atol=1e-6)
    for name in ("v", "s"):
        for arr in getattr(opt, name, {}).values():
            assert arr.dtype == np.float32


# --- errors --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_missing_grad_key_is_refused(kind):
    opt = make(kind, 0.1)
    params = {"W1": np.ones((2, 2)), "b1": np.ones((2, 1))}
    with pytest.raises(ValueError, match=r"grads must have the key 'db1'"):
        opt.update(params, {"dW1": np.ones((2, 2))})


@pytest.mark.parametrize("kind", KINDS)
def test_wrong_grad_shape_is_refused(kind):
    opt = make(kind, 0.1)
    with pytest.raises(ValueError, match=r"grads\['dW1'\] must have the shape .*\(2, 2\)"):
        opt.update({"W1": np.ones((2, 2))}, {"dW1": np.ones((2, 1))})


def test_errors_leave_the_parameters_and_state_untouched():
    opt = Adam(0.1)
    params = {"W1": np.ones((2, 2)), "b1": np.ones((2, 1))}
    with pytest.raises(ValueError, match="db1"):
        opt.update(params, {"dW1": np.ones((2, 2)), "db1": np.ones((3, 1))})
    np.testing.assert_array_equal(params["W1"], np.ones((2, 2)))
    assert opt.t == 0
    assert opt.v == {}


@pytest.mark.parametrize(("params", "grads", "match"), [
    ({}, {}, "params must be a non-empty dict"),
    ([np.ones(2)], {}, "params must be a non-empty dict"),
    ({"W": np.ones((1, 1))}, [np.ones((1, 1))], "grads must be a dict"),
    ({"W": np.ones((1, 1), dtype=int)}, {"dW": np.ones((1, 1))}, "float32 or float64 ndarray"),
    ({"W": [[1.0]]}, {"dW": np.ones((1, 1))}, "float32 or float64 ndarray"),
])
def test_bad_containers_are_refused(params, grads, match):
    with pytest.raises(TypeError, match=match):
        GradientDescent(0.1).update(params, grads)


@pytest.mark.parametrize(("make_opt", "exc", "match"), [
    (lambda: GradientDescent(-0.1), ValueError, r"learning_rate must be finite and > 0"),
    (lambda: GradientDescent(0.0), ValueError, r"learning_rate must be finite and > 0"),
    (lambda: GradientDescent(float("nan")), ValueError, "learning_rate"),
    (lambda: GradientDescent("0.1"), TypeError, "learning_rate must be a real number"),
    (lambda: Momentum(0.1, beta=1.0), ValueError, r"beta must be in \[0, 1\)"),
    (lambda: Momentum(0.1, beta=-0.1), ValueError, r"beta must be in \[0, 1\); got -0.1"),
    (lambda: Momentum(-1.0), ValueError, "learning_rate"),
    (lambda: RMSprop(0.1, beta=1.5), ValueError, r"beta must be in \[0, 1\)"),
    (lambda: RMSprop(0.1, epsilon=0.0), ValueError, "epsilon must be finite and > 0"),
    (lambda: Adam(0.1, beta1=1.0), ValueError, r"beta1 must be in \[0, 1\)"),
    (lambda: Adam(0.1, beta2=1.0), ValueError, r"beta2 must be in \[0, 1\)"),
    (lambda: Adam(0.1, beta2=-0.5), ValueError, "beta2"),
    (lambda: Adam(0.1, epsilon=-1e-8), ValueError, "epsilon"),
    (lambda: Adam(0.1, beta1=True), TypeError, "beta1 must be a real number"),
])
def test_bad_hyperparameters_are_refused(make_opt, exc, match):
    with pytest.raises(exc, match=match):
        make_opt()


def test_learning_rate_changed_to_a_bad_value_is_refused_at_update():
    opt = GradientDescent(0.1)
    opt.learning_rate = -0.5
    p = {"W": np.ones((1, 1))}
    with pytest.raises(ValueError, match="learning_rate"):
        opt.update(p, {"dW": np.ones((1, 1))})
    assert p["W"][0, 0] == 1.0


def test_beta_zero_momentum_is_gradient_descent():
    p1, p2 = random_params(0), random_params(0)
    rng = np.random.default_rng(0)
    m, gd = Momentum(0.1, beta=0.0), GradientDescent(0.1)
    for _ in range(3):
        g = random_grads(rng, p1)
        m.update(p1, g)
        gd.update(p2, g)
    for k in p1:
        np.testing.assert_allclose(p1[k], p2[k], rtol=1e-15)


def test_base_class_cannot_step():
    with pytest.raises(NotImplementedError):
        Optimizer(0.1).update({"W": np.ones((1, 1))}, {"dW": np.ones((1, 1))})


def test_repr_shows_the_hyperparameters():
    assert repr(Adam(0.01)) == "Adam(learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-08)"
    assert repr(Momentum(0.5, beta=0.8)) == "Momentum(learning_rate=0.5, beta=0.8)"
