"""Properties: whatever comes in, a function gives its documented result or a
``ValueError``/``TypeError``, never another exception, never a warning, never a
changed argument.

Each argument is drawn from a broad strategy: usually an array of the right
shape with any dtype (ints, bools, float16/32/64, complex) and any values
(NaN, infinities, the largest floats), sometimes an array of a random shape
(empty and rank 0 to 3 included), sometimes a random Python object. The
examples are derandomized by ``tests/conftest.py``; each property runs 100.
``pytest --hypothesis-show-statistics`` shows how often each function worked
and how often it refused (the strategies aim at both, about half and half).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from misuse_helpers import snapshot
from property_helpers import JUNK, arg, finite, outcome

from dlguide import DivergenceError
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
from dlguide.averages import ewa
from dlguide.data import Standardizer, random_mini_batches, train_dev_test_split
from dlguide.diagnostics import diagnose
from dlguide.gradcheck import numerical_gradient, relative_difference
from dlguide.initializers import initialize_parameters
from dlguide.layers import (
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
)
from dlguide.logistic import predict as logistic_predict
from dlguide.logistic import propagate
from dlguide.losses import cross_entropy, cross_entropy_from_logits
from dlguide.network import (
    L_layer_model,
    compute_cost,
    model_backward,
    model_forward,
    predict,
    update_parameters,
)
from dlguide.optimizers import Adam, GradientDescent, Momentum, RMSprop
from dlguide.regularization import dropout_backward, dropout_forward, l2_cost, l2_grads
from dlguide.schedules import (
    exponential_decay,
    inverse_sqrt_decay,
    inverse_time_decay,
    schedule_lr_decay,
    staircase_decay,
)
from dlguide.train import fit

PROPERTY = settings(max_examples=100, deadline=None)
FLOAT_DTYPES = (np.float64, np.float32)

# --- strategies ------------------------------------------------------------------------------------

@st.composite
def labels(draw, m):
    """Labels 0/1 most of the time (as float, int or bool), else anything."""
    if draw(st.integers(0, 3)) < 3:
        Y = draw(hnp.arrays(np.int64, (1, m), elements=st.integers(0, 1)))
        return Y.astype(draw(st.sampled_from([np.float64, np.float32, np.int64, np.bool_])))
    return draw(arg((1, m)))


SCALAR = st.one_of(st.floats(), st.integers(-(10**400), 10**400), st.floats(0, 1),
                   st.sampled_from([0, 1, 0.5, 1e-320, 1e308, -1.0, True, "0.1", None]))
RATE = st.one_of(st.floats(1e-4, 10), st.floats(1e-4, 10), SCALAR)  # mostly a sound rate
PROB = st.one_of(st.floats(0.01, 1), st.floats(0.01, 1), SCALAR)  # mostly in (0, 1]
SIZES = st.integers(1, 3)


# --- the check ----------------------------------------------------------------------------------------


def is_float_array(A, shape=None):
    return (isinstance(A, np.ndarray) and A.dtype in FLOAT_DTYPES
            and (shape is None or A.shape == shape))



# --- activations and layers -------------------------------------------------------------------------

FORWARD = [sigmoid, tanh, relu, leaky_relu]
BACKWARD = [sigmoid_backward, tanh_backward, relu_backward, leaky_relu_backward]
ANY_SHAPE = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3)


@PROPERTY
@given(st.sampled_from(FORWARD), ANY_SHAPE.flatmap(arg))
def test_activation(g, Z):
    ok, A = outcome(g, Z)
    if ok:
        assert is_float_array(A, np.shape(Z))
        assert finite(A)
        if g is sigmoid:
            assert ((A >= 0) & (A <= 1)).all()
        if g is tanh:
            assert (np.abs(A) <= 1).all()
        if g is relu:
            assert (A >= 0).all()


@PROPERTY
@given(st.sampled_from(BACKWARD), ANY_SHAPE.flatmap(lambda s: st.tuples(arg(s), arg(s))))
def test_activation_backward(g_back, pair):
    ok, dZ = outcome(g_back, *pair)
    if ok:
        assert is_float_array(dZ, np.shape(pair[1]))
        assert finite(dZ)


@st.composite
def linear_inputs(draw):
    n_prev, n, m = draw(SIZES), draw(SIZES), draw(SIZES)
    clean = not draw(st.booleans())
    return (draw(arg((n_prev, m), clean=clean)), draw(arg((n, n_prev), clean=clean)),
            draw(arg((n, 1), clean=clean)), n, m)


@PROPERTY
@given(linear_inputs(), st.sampled_from([None, "relu", "sigmoid", "tanh", "leaky_relu"]))
def test_linear_forward_and_its_backward(inputs, activation):
    A_prev, W, b, n, m = inputs
    if activation is None:
        ok, out = outcome(linear_forward, A_prev, W, b)
    else:
        ok, out = outcome(linear_activation_forward, A_prev, W, b, activation)
    if not ok:
        return
    Z, cache = out
    assert is_float_array(Z, (n, m))
    assert finite(Z)
    dZ = np.ones((n, m), Z.dtype)
    if activation is None:
        ok, grads = outcome(linear_backward, dZ, cache)
    else:
        ok, grads = outcome(linear_activation_backward, dZ, cache)
    if ok:
        assert [g.shape for g in grads] == [np.shape(A_prev), np.shape(W), (n, 1)]
        assert finite(*grads)


# --- losses and the network ----------------------------------------------------------------------------


@st.composite
def outputs_and_labels(draw, probabilities):
    m = draw(SIZES)
    if probabilities and draw(st.booleans()):
        AL = draw(hnp.arrays(np.float64, (1, m), elements=st.floats(0, 1)))
    else:
        AL = draw(arg((1, m)))
    return AL, draw(labels(m))


@PROPERTY
@given(outputs_and_labels(probabilities=True))
def test_cross_entropy_and_compute_cost(pair):
    for fn in (cross_entropy, compute_cost):
        ok, cost = outcome(fn, *pair)
        if ok:
            assert isinstance(cost, float)
            assert np.isfinite(cost)
            assert cost >= 0


@PROPERTY
@given(outputs_and_labels(probabilities=False))
def test_cross_entropy_from_logits(pair):
    ok, cost = outcome(cross_entropy_from_logits, *pair)
    if ok:
        assert isinstance(cost, float)
        assert np.isfinite(cost)
        assert cost >= -1e-12


@st.composite
def networks(draw):
    """(X, Y, params, dims): a small network whose arrays may be anything."""
    dims = [draw(SIZES) for _ in range(draw(st.integers(1, 2)))] + [1]
    m = draw(SIZES)
    clean = not draw(st.booleans())  # half the networks have sound arrays throughout
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = draw(arg((dims[l], dims[l - 1]), clean=clean))
        params[f"b{l}"] = draw(arg((dims[l], 1), clean=clean))
    if draw(st.integers(0, 9)) == 9:
        params = draw(st.one_of(JUNK, st.just({k: v for k, v in list(params.items())[1:]})))
    return draw(arg((dims[0], m), clean=clean)), draw(labels(m)), params, dims


@PROPERTY
@given(networks(), st.sampled_from(["relu", "tanh", "sigmoid", "leaky_relu"]),
       st.one_of(st.just(1.0), PROB))
def test_model_forward_backward_and_predict(net, activation, keep_prob):
    X, Y, params, _ = net
    rng = np.random.default_rng(0)
    ok, out = outcome(model_forward, X, params, hidden_activation=activation,
                      keep_prob=keep_prob, rng=rng, changes=("rng",))
    if ok:
        AL, caches = out
        assert is_float_array(AL, (1, np.shape(X)[1]))
        assert finite(AL)
        assert ((AL >= 0) & (AL <= 1)).all()
        ok, grads = outcome(model_backward, AL, Y, caches)
        if ok:
            assert set(grads) == {"d" + k for k in params}
            assert all(grads["d" + k].shape == np.shape(v) for k, v in params.items())
            assert finite(*grads.values())
            assert all(g.dtype == AL.dtype for g in grads.values())
    ok, pred = outcome(predict, X, params, hidden_activation=activation)
    if ok:
        assert is_float_array(pred, (1, np.shape(X)[1]))
        assert set(np.unique(pred)) <= {0.0, 1.0}


@PROPERTY
@given(networks(), RATE)
def test_update_parameters(net, learning_rate):
    _, _, params, _ = net
    grads = {"d" + k: v for k, v in params.items()} if isinstance(params, dict) else params
    ok, new = outcome(update_parameters, params, grads, learning_rate)
    if ok:
        assert set(new) == set(params)
        assert finite(*new.values())


@PROPERTY
@given(networks(), RATE, st.integers(0, 3))
def test_L_layer_model(net, learning_rate, num_iterations):
    X, Y, params, dims = net
    init = params if isinstance(params, dict) and len(params) % 2 == 0 else "he"
    ok, out = outcome(L_layer_model, X, Y, dims if init == "he" else None, init=init,
                      learning_rate=learning_rate, num_iterations=num_iterations, rng=0,
                      allowed=(ValueError, TypeError, DivergenceError))
    if ok:
        trained, costs = out
        assert finite(*trained.values(), costs)
        assert len(costs) == min(num_iterations, 1)


@PROPERTY
@given(networks(), st.sampled_from([GradientDescent, Momentum, RMSprop, Adam]), RATE,
       st.integers(0, 2), st.one_of(st.integers(1, 4), st.integers(1, 4), SCALAR))
def test_fit(net, opt_class, learning_rate, num_epochs, mini_batch_size):
    X, Y, params, dims = net
    rng = np.random.default_rng(0)
    try:
        optimizer = opt_class(learning_rate)
    except (ValueError, TypeError):
        optimizer = learning_rate  # then fit must refuse it
    init = params if isinstance(params, dict) and len(params) % 2 == 0 else "xavier"
    ok, result = outcome(fit, X, Y, dims if init == "xavier" else None, init=init,
                         optimizer=optimizer, num_epochs=num_epochs,
                         mini_batch_size=mini_batch_size, rng=rng, progress=False,
                         allowed=(ValueError, TypeError, DivergenceError),
                         changes=("rng", "optimizer"))
    if ok:
        assert finite(*result.params.values(), result.history["cost"])
        assert len(result.history["cost"]) == num_epochs


@PROPERTY
@given(networks(), RATE, st.one_of(st.integers(1, 5), SCALAR))
def test_l2(net, lambd, m):
    _, _, params, _ = net
    ok, cost = outcome(l2_cost, params, lambd, m)
    if ok:
        assert np.isfinite(cost)
        assert cost >= 0
    ok, grads = outcome(l2_grads, params, lambd, m)
    if ok:
        assert finite(*grads.values())


# --- logistic regression ---------------------------------------------------------------------------------


@st.composite
def logistic_inputs(draw):
    n_x, m = draw(SIZES), draw(SIZES)
    b = draw(st.one_of(st.floats(-3, 3), SCALAR, st.just(np.array([[0.5]]))))
    clean = not draw(st.booleans())
    return draw(arg((n_x, 1), clean=clean)), b, draw(arg((n_x, m), clean=clean)), draw(labels(m))


@PROPERTY
@given(logistic_inputs())
def test_logistic(inputs):
    w, b, X, Y = inputs
    ok, out = outcome(propagate, w, b, X, Y)
    if ok:
        grads, cost = out
        assert grads["dw"].shape == np.shape(w)
        assert finite(grads["dw"], grads["db"], cost)
    ok, pred = outcome(logistic_predict, w, b, X)
    if ok:
        assert is_float_array(pred, (1, np.shape(X)[1]))
        assert set(np.unique(pred)) <= {0.0, 1.0}


# --- regularization, data, averages ----------------------------------------------------------------------


@PROPERTY
@given(st.tuples(SIZES, SIZES).flatmap(
    lambda s: st.tuples(arg(s), st.one_of(hnp.arrays(np.bool_, s), arg(s)))), PROB)
def test_dropout(pair, keep_prob):
    A, D = pair
    rng = np.random.default_rng(0)
    ok, out = outcome(dropout_forward, A, keep_prob, rng=rng, changes=("rng",))
    if ok:
        A_dropped, mask = out
        assert is_float_array(A_dropped, np.shape(A))
        assert mask.dtype == bool
        assert finite(A_dropped)
    ok, dA = outcome(dropout_backward, A, D, keep_prob)
    if ok:
        assert is_float_array(dA, np.shape(A))
        assert finite(dA)


@PROPERTY
@given(st.integers(1, 5).flatmap(lambda m: st.tuples(arg((2, m)), arg((1, m)))),
       st.one_of(st.just((0.6, 0.2, 0.2)), JUNK), st.one_of(st.integers(1, 4), SCALAR))
def test_split_and_batches(pair, ratios, size):
    X, Y = pair
    ok, parts = outcome(train_dev_test_split, X, Y, ratios, rng=np.random.default_rng(0),
                        changes=("rng",))
    if ok:
        assert sum(p.shape[1] for p in parts[::2]) == np.shape(X)[1]
    ok, batches = outcome(random_mini_batches, X, Y, size, rng=np.random.default_rng(0),
                          changes=("rng",))
    if ok:
        assert sum(xb.shape[1] for xb, _ in batches) == np.shape(X)[1]


@PROPERTY
@given(st.tuples(SIZES, SIZES).flatmap(lambda s: st.tuples(arg(s), arg(s))))
def test_standardizer(pair):
    X_train, X_dev = pair
    scaler = Standardizer()
    ok, _ = outcome(scaler.fit, X_train, changes=("self",))
    if ok:
        assert finite(scaler.mu, scaler.sigma)
        assert (scaler.sigma > 0).all()
        ok, out = outcome(scaler.transform, X_dev)
        if ok:
            assert is_float_array(out, np.shape(X_dev))
            assert finite(out)


@PROPERTY
@given(st.integers(0, 4).flatmap(lambda T: arg((T,))), st.one_of(st.floats(0, 0.99), SCALAR),
       st.sampled_from([True, False, "no", None]))
def test_ewa(theta, beta, bias_correction):
    ok, v = outcome(ewa, theta, beta, bias_correction=bias_correction)
    if ok:
        assert is_float_array(v, np.shape(theta))
        assert finite(v)


# --- optimizers, schedules, diagnostics, gradients -----------------------------------------------------


@PROPERTY
@given(st.sampled_from([GradientDescent, Momentum, RMSprop, Adam]), RATE,
       st.tuples(SIZES, SIZES).flatmap(lambda s: st.tuples(arg(s, dtype=np.float64),
                                                           arg(s), arg(s))))
def test_optimizer_update(opt_class, learning_rate, arrays):
    W, dW1, dW2 = arrays
    ok, opt = outcome(opt_class, learning_rate)
    if not ok:
        return
    params = {"W": W}
    for dW in (dW1, dW2):  # two steps: the second one with state
        state = snapshot(opt)
        ok, out = outcome(opt.update, params=params, grads={"dW": dW}, changes=("self", "params"))
        if not ok:
            assert snapshot(opt) == state, "the optimizer changed before refusing"
            return
        assert out is params
        state = [*getattr(opt, "v", {}).values(), *getattr(opt, "s", {}).values()]
        assert finite(params["W"], *state)


@PROPERTY
@given(st.sampled_from([inverse_time_decay, schedule_lr_decay, exponential_decay,
                        inverse_sqrt_decay, staircase_decay]),
       RATE, st.one_of(st.integers(0, 100), st.integers(0, 10**6), SCALAR), PROB)
def test_schedules(schedule, learning_rate0, epoch, third):
    ok, rate = outcome(schedule, learning_rate0, epoch, third)
    if ok:
        assert isinstance(rate, float)
        assert np.isfinite(rate)
        assert rate >= 0


@PROPERTY
@given(st.one_of(st.floats(0, 1), SCALAR), st.one_of(st.floats(0, 1), SCALAR),
       st.one_of(st.floats(0, 1), SCALAR), st.one_of(st.floats(0, 1), SCALAR))
def test_diagnose(train_error, dev_error, base_error, tolerance):
    ok, d = outcome(diagnose, train_error, dev_error, base_error, tolerance=tolerance)
    if ok:
        assert d.verdict
        assert np.isfinite(d.avoidable_bias)
        assert np.isfinite(d.variance)


def squares(p):
    """A cost function that overflows quietly to inf (which gradcheck refuses)."""
    with np.errstate(over="ignore"):
        return float(np.sum(p["w"] ** 2))


@PROPERTY
@given(st.tuples(SIZES, SIZES).flatmap(lambda s: st.tuples(arg(s), arg(s))),
       st.one_of(st.just(1e-6), SCALAR))
def test_gradients(pair, epsilon):
    g, a = pair
    ok, diff = outcome(relative_difference, {"d": g}, {"d": a})
    if ok:
        assert 0 <= diff <= 1 + 1e-15  # ||g - a|| <= ||g|| + ||a||, up to rounding
        assert np.isfinite(diff)
    ok, num = outcome(numerical_gradient, squares, {"w": a}, epsilon=epsilon)
    if ok:
        assert num["dw"].shape == np.shape(a)
        assert finite(num["dw"])


@PROPERTY
@given(st.one_of(st.lists(st.integers(-2, 5), max_size=4), JUNK),
       st.sampled_from(["he", "xavier", "random", "zeros", "HE", None]),
       st.sampled_from([np.float64, np.float32, np.float16, int, "float32", None]),
       st.one_of(st.just(0.01), RATE, st.floats(1e30, 1e308)))
def test_initialize_parameters(layer_dims, method, dtype, scale):
    rng = np.random.default_rng(0)
    ok, params = outcome(initialize_parameters, layer_dims, method, dtype=dtype, scale=scale,
                         rng=rng, changes=("rng",))
    if ok:
        assert len(params) == 2 * (len(layer_dims) - 1)
        assert finite(*params.values())
        assert {v.dtype for v in params.values()} == {np.dtype(dtype)}
