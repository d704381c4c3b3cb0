"""Misuse tables for dlguide.losses and dlguide.network."""

from __future__ import annotations

import numpy as np
import pytest
from misuse_helpers import (
    bad_arrays,
    bad_choice,
    bad_flag,
    bad_int,
    bad_positive,
    bad_probability,
    cases,
    deep,
    expect_ok,
    expect_refusal,
    with_,
)

from dlguide.initializers import initialize_parameters
from dlguide.losses import cross_entropy, cross_entropy_from_logits
from dlguide.network import (
    L_layer_model,
    compute_cost,
    model_backward,
    model_forward,
    predict,
    update_parameters,
)

X = np.random.default_rng(0).standard_normal((3, 6))
Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0]])
PARAMS = initialize_parameters([3, 4, 1], rng=0)
AL, CACHES = model_forward(X, PARAMS)
GRADS = model_backward(AL, Y, CACHES)
RNG = np.random.default_rng(7)  # passed (copied) wherever a function takes rng


KEYS = r"params must have the keys W1, b1, \.\.\., WL, bL for consecutive layers; got keys "
BAD_PARAMS = [  # (params, exc, match, id) for a network on X
    ([PARAMS["W1"], PARAMS["b1"]], TypeError, r"params must be a dict like .*got list", "list"),
    (None, TypeError, r"params must be a dict.*got NoneType", "None"),
    ("params", TypeError, r"params must be a dict.*got str", "str"),
    ({}, ValueError, KEYS + r"\[\]", "empty-dict"),
    (with_(PARAMS, b2=None), ValueError, KEYS + r"\['W1', 'W2', 'b1'\]", "missing-b2"),
    (with_(PARAMS, W3=np.ones((1, 1))), ValueError, KEYS, "extra-W3"),
    ({"w1": PARAMS["W1"], "b1": PARAMS["b1"], "w2": PARAMS["W2"], "b2": PARAMS["b2"]},
     ValueError, KEYS + r"\['b1', 'b2', 'w1', 'w2'\]", "lower-case-keys"),
    (with_(PARAMS, W1=PARAMS["W1"].T), ValueError,
     r"params\['W1'\] must have 3 columns because X has 3 rows; got shape \(3, 4\)",
     "W1-transposed"),
    (with_(PARAMS, b1=PARAMS["b1"].T), ValueError,
     r"params\['b1'\] must have shape \(4, 1\) to match params\['W1'\] of shape \(4, 3\); got "
     r"shape \(1, 4\)", "b1-transposed"),
    (with_(PARAMS, W2=np.ones((1, 5))), ValueError,
     r"params\['W2'\] must have 4 columns because W1 gives 4 rows; got shape \(1, 5\)",
     "W2-does-not-chain"),
    (with_(PARAMS, W1=PARAMS["W1"] * np.nan), ValueError, r"params\['W1'\] must be finite",
     "W1-nan"),
    (with_(PARAMS, b2=np.array([[np.inf]])), ValueError, r"params\['b2'\] must be finite",
     "b2-inf"),
    (with_(PARAMS, W1=PARAMS["W1"].astype(np.float16)), TypeError,
     r"params\['W1'\] must be float32 or float64 .*float16", "W1-float16"),
    (with_(PARAMS, W1=PARAMS["W1"].astype(object)), TypeError,
     r"params\['W1'\] must hold numbers; got an array of dtype object", "W1-object"),
    (with_(PARAMS, b1=PARAMS["b1"].ravel()), ValueError,
     r"params\['b1'\] must be a 2-D array of shape \(n\[l\], 1\); got shape \(4,\)", "b1-rank1"),
    (with_(PARAMS, W1="W"), TypeError, r"params\['W1'\] must be a numpy array; got str",
     "W1-str"),
]
BAD_OUTPUT_LAYER = (
    initialize_parameters([3, 4, 2], rng=0), ValueError,
    r"the output layer W2 must have 1 row \(one sigmoid unit\); got shape \(2, 4\)",
    "two-outputs")

CASES = []

# --- losses ------------------------------------------------------------------------------------

for fn, name, out in ((cross_entropy, "AL", AL), (cross_entropy_from_logits, "ZL", CACHES[-1].Z)):
    short = fn is cross_entropy_from_logits  # the same check_targets as cross_entropy
    CASES += cases(fn, 0, bad_arrays(name, out, short=short), args=(out, Y), name=name)
    CASES += cases(fn, 1, bad_arrays("Y", Y, short=short), args=(out, Y), name="Y")
    CASES += [
        pytest.param(fn, (out.T, Y), {}, ValueError,
                     rf"{name} must have 1 row\(s\), shape \(1, m\); got shape \(6, 1\)",
                     id=f"{fn.__name__}-{name}-transposed"),
        pytest.param(fn, (out, Y.T), {}, ValueError,
                     r"Y must have 1 row\(s\), shape \(1, m\); got shape \(6, 1\)",
                     id=f"{fn.__name__}-Y-transposed"),
        pytest.param(fn, (out, Y[:, :5]), {}, ValueError,
                     rf"{name} and Y must have the same number of columns \(examples\); got "
                     rf"{name}.shape=\(1, 6\) and Y.shape=\(1, 5\)",
                     id=f"{fn.__name__}-other-m"),
        pytest.param(fn, (out, 2 * Y), {}, ValueError,
                     r"Y must hold labels 0 or 1; got 2 at index \(0, 1\) \(3 value\(s\) outside "
                     r"\{0, 1\}\)", id=f"{fn.__name__}-labels-0-2"),
        pytest.param(fn, (out, Y - 0.5), {}, ValueError,
                     r"Y must hold labels 0 or 1; got -0.5 at index \(0, 0\)",
                     id=f"{fn.__name__}-labels-centred"),
        pytest.param(fn, (out, [[True, False, True, False, True, False]]), {}, None, None,
                     id=f"{fn.__name__}-bool-labels-work"),
    ]
for fn in (cross_entropy, compute_cost):
    CASES += [
        pytest.param(fn, (AL + 1, Y), {}, ValueError,
                     r"AL must hold probabilities in \[0, 1\]; got 1\.\d+ at index \(0, 0\) "
                     r"\(6 value\(s\) outside \[0, 1\]\)", id=f"{fn.__name__}-AL-above-1"),
        pytest.param(fn, (-AL, Y), {}, ValueError,
                     r"AL must hold probabilities in \[0, 1\]; got -0\.\d+", id=f"{fn.__name__}-"
                     "AL-negative"),
    ]
CASES += [
    pytest.param(cross_entropy_from_logits, (np.array([[1e308, -1e308]]), np.array([[0, 1]])),
                 {}, None, None, id="cross_entropy_from_logits-huge-logits-work"),
]

# --- compute_cost -------------------------------------------------------------------------------

CASES += cases(compute_cost, 0, bad_arrays("AL", AL, short=True), args=(AL, Y), name="AL")
CASES += cases(compute_cost, 1, bad_arrays("Y", Y, short=True), args=(AL, Y), name="Y")
CASES += cases(compute_cost, "lambd", bad_positive("lambd", allow_zero=True),
               args=(AL, Y, PARAMS))
CASES += cases(compute_cost, 2, [c for c in BAD_PARAMS[:7] if c[0] is not None],
               args=(AL, Y, PARAMS), kwargs={"lambd": 0.1}, name="params")
CASES += [
    pytest.param(compute_cost, (AL, Y), {"lambd": 0.1}, ValueError,
                 r"params must be given when lambd > 0 \(the L2 term needs W\)",
                 id="compute_cost-lambd-without-params"),
    pytest.param(compute_cost, (AL, Y, "params"), {}, TypeError, r"params must be a dict",
                 id="compute_cost-params-str-lambd-0"),
    pytest.param(compute_cost, (AL, Y, with_(PARAMS, W1=np.full((4, 3), 1e200))),
                 {"lambd": 1.0}, ValueError,
                 r"params and lambd must be small enough that the L2 term .* is finite; it "
                 r"overflows", id="compute_cost-l2-overflow"),
    pytest.param(compute_cost, (np.zeros((1, 0)), np.zeros((1, 0))), {}, ValueError,
                 r"AL must not be empty", id="compute_cost-m0"),
    pytest.param(compute_cost, (AL, Y, PARAMS), {"lambd": 10**400}, ValueError,
                 r"lambd must be finite and >= 0", id="compute_cost-lambd-huge"),
]

# --- model_forward and predict -------------------------------------------------------------------

MF = {"keep_prob": 0.5, "rng": RNG}
for fn, kw in ((model_forward, MF), (predict, {})):
    short = fn is predict  # the same checks as model_forward
    CASES += cases(fn, 0, bad_arrays("X", X, short=short), args=(X, PARAMS), kwargs=kw,
                   name="X")
    CASES += cases(fn, 1, [*BAD_PARAMS[:9 if short else None], BAD_OUTPUT_LAYER],
                   args=(X, PARAMS), kwargs=kw, name="params")
    CASES += cases(fn, "hidden_activation", bad_choice("hidden_activation", ["relu"]),
                   args=(X, PARAMS), kwargs=kw)
    CASES += [
        pytest.param(fn, (X.T, PARAMS), kw, ValueError,
                     r"params\['W1'\] must have 6 columns because X has 6 rows; got shape "
                     r"\(4, 3\)", id=f"{fn.__name__}-X-transposed"),
        pytest.param(fn, (np.full((3, 2), 1e300), with_(PARAMS, W1=np.full((4, 3), 1e300))), kw,
                     ValueError, r"X and params must be small enough that every layer's Z = "
                     r"W @ A_prev \+ b .* is finite; it overflows", id=f"{fn.__name__}-overflow"),
    ]
CASES += cases(model_forward, "keep_prob", bad_probability("keep_prob", full=True),
               args=(X, PARAMS),
               kwargs={"rng": RNG})
CASES += [
    pytest.param(model_forward, (X, PARAMS), {"keep_prob": 0.5, "rng": rng}, exc, match,
                 id=f"model_forward-rng-{ident}")
    for rng, exc, match, ident in [
        ("seed", TypeError, r"rng must be an int seed, a numpy.random.Generator or None; got str",
         "str"),
        (-1, ValueError, r"rng must be a non-negative int seed; got -1", "negative"),
        (1.5, TypeError, r"rng must be an int seed.*got float", "float"),
        (np.random.RandomState(0), TypeError, r"rng must be an int seed.*got RandomState",
         "RandomState"),
    ]
] + [
    pytest.param(model_forward, (X, PARAMS), {"rng": "seed"}, TypeError,
                 r"rng must be an int seed.*got str", id="model_forward-rng-str-without-dropout"),
    pytest.param(model_forward, (X, PARAMS), {"keep_prob": 1e-320, "rng": RNG}, ValueError,
                 r"X and params must be small enough .*A / keep_prob.*; it overflows",
                 id="model_forward-keep_prob-tiny"),
]
THRESHOLD = r"threshold must be in \(0, 1\); got "
CASES += [
    pytest.param(predict, (X, PARAMS), {"threshold": t}, exc, match, id=f"predict-threshold-{i}")
    for t, exc, match, i in [
        (float("nan"), ValueError, THRESHOLD + "nan", "nan"),
        (-1, ValueError, THRESHOLD + "-1", "negative"),
        (2, ValueError, THRESHOLD + "2", "2"),
        (1, ValueError, THRESHOLD + "1", "1"),
        (0, ValueError, THRESHOLD + "0", "0"),
        ("0.5", TypeError, r"threshold must be a real number; got str '0.5'", "str"),
        (None, TypeError, r"threshold must be a real number; got NoneType", "None"),
        (np.array([0.5]), TypeError, r"threshold must be a real number; got ndarray", "array"),
    ]
]

# --- model_backward --------------------------------------------------------------------------------

CASES += cases(model_backward, 0, bad_arrays("AL", AL, short=True), args=(AL, Y, CACHES),
               name="AL")
CASES += cases(model_backward, 1, bad_arrays("Y", Y, short=True), args=(AL, Y, CACHES),
               name="Y")
CASES += cases(model_backward, "lambd", bad_positive("lambd", allow_zero=True)[:5],
               args=(AL, Y, CACHES))
PLAIN = [tuple(c) for c in CACHES]
CASES += [
    pytest.param(model_backward, (AL, 2 * Y, CACHES), {}, ValueError,
                 r"Y must hold labels 0 or 1; got 2", id="model_backward-labels-0-2"),
    pytest.param(model_backward, (AL + 1, Y, CACHES), {}, ValueError,
                 r"AL must hold probabilities in \[0, 1\]", id="model_backward-AL-above-1"),
    pytest.param(model_backward, (AL[:, :4], Y[:, :4], CACHES), {}, ValueError,
                 r"caches\[0\] holds m = 6 examples \(A_prev.shape=\(3, 6\)\), but AL and Y have "
                 r"m = 4: AL, Y and caches must come from one forward pass",
                 id="model_backward-m-disagrees-with-caches"),
    pytest.param(model_backward, (AL, Y[:, :4], CACHES), {}, ValueError,
                 r"AL and Y must have the same number of columns", id="model_backward-other-m"),
    pytest.param(model_backward, (AL, Y, {"c": CACHES}), {}, TypeError,
                 r"caches must be the non-empty list returned by model_forward; got dict",
                 id="model_backward-caches-dict"),
    pytest.param(model_backward, (AL, Y, []), {}, TypeError,
                 r"caches must be the non-empty list.*got list \(empty\)",
                 id="model_backward-caches-empty"),
    pytest.param(model_backward, (AL, Y, None), {}, TypeError,
                 r"caches must be the non-empty list.*got NoneType", id="model_backward-None"),
    pytest.param(model_backward, (AL, Y, CACHES[::-1]), {}, ValueError,
                 r"caches\[1\] does not follow caches\[0\]: its A_prev has 3 rows, the previous "
                 r"layer has 1 units",
                 id="model_backward-caches-reversed"),
    pytest.param(model_backward, (AL, Y, CACHES[:1]), {}, ValueError,
                 r"caches\[0\], the output layer, must be one sigmoid unit or C >= 2 softmax units; got 4 unit\(s\) with "
                 r"activation 'relu'", id="model_backward-caches-output-missing"),
    pytest.param(model_backward, (AL, Y, [list(c) for c in CACHES]), {}, TypeError,
                 r"caches\[0\] must be the pair \(linear_cache, Z\).*got list",
                 id="model_backward-cache-lists"),
    pytest.param(model_backward, (AL, Y, PLAIN), {}, ValueError,
                 r"hidden_activation must be given: caches\[0\] is a plain tuple",
                 id="model_backward-plain-tuples-need-activation"),
    pytest.param(model_backward, (AL, Y, CACHES), {"hidden_activation": "tanh"}, ValueError,
                 r"hidden_activation='tanh' contradicts caches\[0\], which records the "
                 r"activation 'relu'", id="model_backward-contradiction"),
    pytest.param(model_backward, (AL, Y, PLAIN), {"hidden_activation": "swish"}, ValueError,
                 r"hidden_activation must be one of .*got 'swish'",
                 id="model_backward-unknown-activation"),
    pytest.param(model_backward, (AL, Y, [CACHES[0], (CACHES[1][0], CACHES[1][1] * np.nan)]),
                 {}, ValueError, r"caches\[1\]\[1\] \(Z\) must be finite",
                 id="model_backward-cache-Z-nan"),
]

# --- update_parameters -----------------------------------------------------------------------------

CASES += cases(update_parameters, 0, BAD_PARAMS[:7], args=(PARAMS, GRADS, 0.1), name="params")
CASES += cases(update_parameters, 2, bad_positive("learning_rate", full=True),
               args=(PARAMS, GRADS, 0.1), name="learning_rate")
BAD_GRADS = [
    ([GRADS["dW1"]], TypeError, r"grads must be a dict of arrays like \{'dW1': \.\.\.\}; got list",
     "list"),
    (None, TypeError, r"grads must be a dict.*got NoneType", "None"),
    (with_(GRADS, db2=None), ValueError,
     r"grads must have the key 'db2' for parameter 'b2'; got keys \['dW1', 'dW2', 'db1'\]",
     "missing-db2"),
    ({k[1:]: v for k, v in GRADS.items()}, ValueError, r"grads must have the key 'dW1'",
     "keys-without-d"),
    (with_(GRADS, dW1=GRADS["dW1"] * np.nan), ValueError,
     r"grads\['dW1'\] must be finite; got 12 NaN or infinite value\(s\)", "dW1-nan"),
    (with_(GRADS, db1=GRADS["db1"] + np.inf), ValueError, r"grads\['db1'\] must be finite",
     "db1-inf"),
    (with_(GRADS, dW1=GRADS["dW1"].astype(object)), TypeError,
     r"grads\['dW1'\] must hold numbers; got an array of dtype object", "dW1-object"),
    (with_(GRADS, dW1=GRADS["dW1"].astype(np.float16)), TypeError,
     r"grads\['dW1'\] must be float32 or float64.*float16", "dW1-float16"),
    (with_(GRADS, dW1=GRADS["dW1"].astype(complex)), TypeError,
     r"grads\['dW1'\] must be real; got dtype complex128", "dW1-complex"),
    (with_(GRADS, dW1=GRADS["dW1"].T), ValueError,
     r"grads\['dW1'\] must have the shape of params\['W1'\], \(4, 3\); got \(3, 4\)",
     "dW1-transposed"),
    (with_(GRADS, db1=GRADS["db1"].ravel()), ValueError,
     r"grads\['db1'\] must be a 2-D array of shape \(4, 1\), the shape of params\['b1'\]; got "
     r"shape \(4,\)", "db1-rank1"),
    (with_(GRADS, dW1="dW1"), TypeError, r"grads\['dW1'\] must be a numpy array; got str",
     "dW1-str"),
]
CASES += cases(update_parameters, 1, BAD_GRADS, args=(PARAMS, GRADS, 0.1), name="grads")
CASES += [
    pytest.param(update_parameters, (PARAMS, with_(GRADS, dW1=np.full((4, 3), 1e300)), 1e300),
                 {}, ValueError,
                 r"params, grads and learning_rate must be small enough that params - "
                 r"learning_rate \* grads is finite; it overflows",
                 id="update_parameters-overflow"),
]

# --- L_layer_model ----------------------------------------------------------------------------------

LKW = {"num_iterations": 3, "rng": RNG}
DIMS = [3, 4, 1]
CASES += cases(L_layer_model, 0, bad_arrays("X", X), args=(X, Y, DIMS), kwargs=LKW, name="X")
CASES += cases(L_layer_model, 1, bad_arrays("Y", Y, short=True), args=(X, Y, DIMS), kwargs=LKW,
               name="Y")
CASES += cases(L_layer_model, "learning_rate", bad_positive("learning_rate"),
               args=(X, Y, DIMS), kwargs=LKW)
CASES += cases(L_layer_model, "num_iterations", bad_int("num_iterations", allow_zero=True),
               args=(X, Y, DIMS), kwargs=LKW)
CASES += cases(L_layer_model, "record_every", bad_int("record_every")[:4], args=(X, Y, DIMS),
               kwargs=LKW)
CASES += cases(L_layer_model, "scale", bad_positive("scale")[:5], args=(X, Y, DIMS),
               kwargs=LKW)
CASES += cases(L_layer_model, "hidden_activation", bad_choice("hidden_activation", ["relu"]),
               args=(X, Y, DIMS), kwargs=LKW)
CASES += cases(L_layer_model, "print_cost", bad_flag("print_cost"), args=(X, Y, DIMS),
               kwargs=LKW)
LD = r"layer_dims must "
BAD_DIMS = [
    ({3, 4, 1}, TypeError, LD + r"be a list of layer sizes like \[n_x, n1, \.\.\., 1\]; got set",
     "set"),
    ({3: 4, 4: 1}, TypeError, LD + r"be a list of layer sizes.*got dict", "dict"),
    ("341", TypeError, LD + r"be a list of layer sizes.*got str", "str"),
    (None, TypeError, LD + r"be a list of layer sizes.*got NoneType", "None"),
    (3, TypeError, LD + r"be a list of layer sizes.*got int", "int"),
    ([3], ValueError, LD + r"list at least the input and output sizes; got \[3\]", "one-size"),
    ([3, 0, 1], ValueError, LD + r"hold positive ints; got 0 at position 1 of \[3, 0, 1\]",
     "zero-units"),
    ([3, -4, 1], ValueError, LD + r"hold positive ints; got -4 at position 1", "negative"),
    ([3, 2.5, 1], TypeError, LD + r"hold positive ints; got 2.5 at position 1", "float-size"),
    ([3, True, 1], TypeError, LD + r"hold positive ints; got True at position 1", "bool-size"),
    ([3, "4", 1], TypeError, LD + r"hold positive ints; got '4' at position 1", "str-size"),
    (np.array([3.0, 4.0, 1.0]), TypeError, LD + r"hold positive ints; got np.float64\(3.0\)",
     "float-array"),
    ([4, 4, 1], ValueError,
     r"layer_dims\[0\] must equal the number of features X.shape\[0\]=3; got "
     r"layer_dims=\[4, 4, 1\]", "wrong-n_x"),
    ([3, 4, 2], ValueError,
     r"the last layer must have 1 unit \(a sigmoid output\); got sizes \[3, 4, 2\]",
     "two-outputs"),
]
CASES += cases(L_layer_model, 2, BAD_DIMS, args=(X, Y, DIMS), kwargs=LKW, name="layer_dims")
INIT = r"init must be one of \['he', 'random', 'xavier', 'zeros'\] or a dict of parameters; got "
BAD_INIT = [
    ("glorot", ValueError, INIT + "'glorot'", "unknown"),
    (None, TypeError, INIT + "NoneType", "None"),
    (PARAMS["W1"], TypeError, INIT + "ndarray", "array"),
    (with_(PARAMS, b2=None), ValueError, r"init must have the keys W1, b1", "dict-missing-b2"),
    (initialize_parameters([2, 4, 1], rng=0), ValueError,
     r"init\['W1'\] must have 3 columns because X has 3 rows", "dict-wrong-n_x"),
    (initialize_parameters([3, 5, 1], rng=0), ValueError,
     r"layer_dims \[3, 4, 1\] does not match the parameters in init, which have sizes "
     r"\[3, 5, 1\]", "dict-other-dims"),
    (with_(PARAMS, W1=PARAMS["W1"].astype(np.float16)), TypeError,
     r"init\['W1'\] must be float32 or float64.*float16", "dict-float16"),
    (with_(PARAMS, W2=PARAMS["W2"] * np.nan), ValueError, r"init\['W2'\] must be finite",
     "dict-nan"),
]
CASES += cases(L_layer_model, "init", BAD_INIT, args=(X, Y, DIMS), kwargs=LKW)
CASES += [
    pytest.param(L_layer_model, (X, Y.T, DIMS), LKW, ValueError,
                 r"Y must have 1 row\(s\), shape \(1, m\); got shape \(6, 1\)",
                 id="L_layer_model-Y-transposed"),
    pytest.param(L_layer_model, (X.T, Y, DIMS), LKW, ValueError,
                 r"X and Y must have the same number of columns \(examples\); got "
                 r"X.shape=\(6, 3\) and Y.shape=\(1, 6\)", id="L_layer_model-X-transposed"),
    pytest.param(L_layer_model, (X[:, :5], Y, DIMS), LKW, ValueError,
                 r"X and Y must have the same number of columns", id="L_layer_model-other-m"),
    pytest.param(L_layer_model, (X, 2 * Y, DIMS), LKW, ValueError,
                 r"Y must hold labels 0 or 1; got 2", id="L_layer_model-labels-0-2"),
    pytest.param(L_layer_model, (X, Y * 0.5, DIMS), LKW, ValueError,
                 r"Y must hold labels 0 or 1; got 0.5", id="L_layer_model-labels-probabilities"),
    pytest.param(L_layer_model, (X[:, :0], Y[:, :0], DIMS), LKW, ValueError,
                 r"X must not be empty: it needs at least one row and one column \(example\); "
                 r"got shape \(3, 0\)", id="L_layer_model-m0"),
    pytest.param(L_layer_model, (X, Y, DIMS), {**LKW, "rng": "seed"}, TypeError,
                 r"rng must be an int seed", id="L_layer_model-rng-str"),
    pytest.param(L_layer_model, (np.full((3, 6), 1.5e308), Y, DIMS),
                 {**LKW, "init": with_(PARAMS, W1=np.ones((4, 3)))}, ValueError,
                 r"L_layer_model: X and the starting parameters must be small enough that the "
                 r"cost is finite; at iteration 0, before any update, it is (inf|nan)",
                 id="L_layer_model-X-overflows-before-any-update"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "exc", "match"), CASES)
def test_refused(fn, args, kwargs, exc, match):
    if exc is None:  # a case that must work
        expect_ok(fn, *deep(args), **deep(kwargs))
        return
    expect_refusal(fn, *deep(args), exc=exc, match=match, **deep(kwargs))


# --- what works: m = 1, lists -----------------------------------------------------------------------


def test_one_example_everywhere():
    x, y = X[:, :1], Y[:, :1]
    al, caches = expect_ok(model_forward, x, PARAMS)
    assert al.shape == (1, 1)
    np.testing.assert_allclose(al, model_forward(X, PARAMS)[0][:, :1], rtol=1e-14)
    a = float(al[0, 0])
    assert expect_ok(cross_entropy, al, y) == pytest.approx(-np.log(1 - a), rel=1e-12)
    assert expect_ok(compute_cost, al, y) == pytest.approx(-np.log(1 - a), rel=1e-12)
    z = float(caches[-1].Z[0, 0])
    assert expect_ok(cross_entropy_from_logits, caches[-1].Z, y) == pytest.approx(
        np.logaddexp(0, z), rel=1e-12)
    grads = expect_ok(model_backward, al, y, caches)
    assert {k: v.shape for k, v in grads.items()} == {
        "dW1": (4, 3), "db1": (4, 1), "dW2": (1, 4), "db2": (1, 1)}
    np.testing.assert_allclose(grads["db2"], al - y)
    assert expect_ok(predict, x, PARAMS).tolist() == [[float(a > 0.5)]]
    params, costs = expect_ok(L_layer_model, x, y, DIMS, num_iterations=5, init=PARAMS)
    assert len(costs) == 1
    assert costs[0] == pytest.approx(np.logaddexp(0, z), rel=1e-12)  # y = 0
    assert params["W1"].shape == (4, 3)
    assert expect_ok(model_forward, x, params)[0][0, 0] < a  # it learned y = 0


def test_lists_are_accepted_where_arrays_belong():
    al, _ = expect_ok(model_forward, X.tolist(), {k: v.tolist() for k, v in PARAMS.items()})
    np.testing.assert_allclose(al, AL, rtol=1e-15)
    assert expect_ok(compute_cost, AL.tolist(), Y.tolist()) == compute_cost(AL, Y)
    new = expect_ok(update_parameters, {k: v.tolist() for k, v in PARAMS.items()},
                    {k: v.tolist() for k, v in GRADS.items()}, 0.1)
    for k in PARAMS:
        np.testing.assert_allclose(new[k], PARAMS[k] - 0.1 * GRADS["d" + k], rtol=1e-15)
    params, _ = expect_ok(L_layer_model, X.tolist(), Y.tolist(), np.array([3, 4, 1]),
                          num_iterations=2, rng=0)
    reference, _ = L_layer_model(X, Y, DIMS, num_iterations=2, rng=0)
    for k in params:
        np.testing.assert_array_equal(params[k], reference[k])


def test_compute_cost_with_params_and_no_l2_is_the_plain_cost():
    """params are checked whenever given (a str was ignored with lambd=0), and
    sound ones with lambd=0 change nothing."""
    assert expect_ok(compute_cost, AL, Y, PARAMS, lambd=0.0) == compute_cost(AL, Y)


def test_update_parameters_does_not_touch_its_input():
    new = expect_ok(update_parameters, PARAMS, GRADS, 0.5)
    assert all(new[k] is not PARAMS[k] for k in PARAMS)
