"""Misuse tables for dlguide.optimizers (constructors and ``update``) and
dlguide.train.fit: a refusal leaves the optimizer's ``v``, ``s``, ``t`` and
learning rate, the parameters and the ``rng`` exactly as they were."""

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
    bad_unit_interval,
    cases,
    deep,
    expect_ok,
    expect_refusal,
)

from dlguide.initializers import initialize_parameters
from dlguide.optimizers import Adam, GradientDescent, Momentum, RMSprop
from dlguide.train import fit

PARAMS = initialize_parameters([3, 4, 1], rng=0)
GRADS = {"d" + k: np.full_like(v, 0.1) for k, v in PARAMS.items()}
RNG = np.random.default_rng(5)


def warmed(opt):
    """``opt`` after one update, so that its state (v, s, t) is not trivial."""
    opt.update(deep(PARAMS), GRADS)
    return opt


def update(opt, params, grads):
    return opt.update(params, grads)


OPTIMIZERS = [GradientDescent(0.1), Momentum(0.1), RMSprop(0.01), Adam(0.01)]
CASES = []

# --- constructors ------------------------------------------------------------------------------

for cls in (GradientDescent, Momentum, RMSprop, Adam):
    CASES += cases(cls, 0, bad_positive("learning_rate", full=cls is GradientDescent),
                   args=(0.1,), name="learning_rate")
CASES += cases(Momentum, "beta", bad_unit_interval("beta"), args=(0.1,))
CASES += cases(RMSprop, "beta", bad_unit_interval("beta")[:6], args=(0.1,))
CASES += cases(RMSprop, "epsilon", bad_positive("epsilon")[:7], args=(0.1,))
CASES += cases(Adam, "beta1", bad_unit_interval("beta1")[:7], args=(0.1,))
CASES += cases(Adam, "beta2", bad_unit_interval("beta2")[:7], args=(0.1,))
CASES += cases(Adam, "epsilon", bad_positive("epsilon")[:6], args=(0.1,))

# --- update ------------------------------------------------------------------------------------------

BAD_GRADS = [
    ([GRADS["dW1"]], TypeError, r"grads must be a dict of arrays like \{'dW1': \.\.\.\}; got list",
     "list"),
    ({**GRADS, "db2": None}, TypeError, r"grads\['db2'\] must be a numpy array; got NoneType",
     "db2-None"),
    ({k: v for k, v in GRADS.items() if k != "db1"}, ValueError,
     r"grads must have the key 'db1' for parameter 'b1'", "missing-db1"),
    ({**GRADS, "dW1": GRADS["dW1"] * np.nan}, ValueError,
     r"grads\['dW1'\] must be finite; got 12 NaN or infinite value\(s\)", "dW1-nan"),
    ({**GRADS, "db2": GRADS["db2"] * np.inf}, ValueError, r"grads\['db2'\] must be finite",
     "db2-inf"),
    ({**GRADS, "dW1": GRADS["dW1"].astype(object)}, TypeError,
     r"grads\['dW1'\] must hold numbers; got an array of dtype object", "dW1-object"),
    ({**GRADS, "dW1": GRADS["dW1"].astype(np.float16)}, TypeError,
     r"grads\['dW1'\] must be float32 or float64.*float16", "dW1-float16"),
    ({**GRADS, "dW1": GRADS["dW1"].T}, ValueError,
     r"grads\['dW1'\] must have the shape of params\['W1'\], \(4, 3\); got \(3, 4\)",
     "dW1-transposed"),
    ({**GRADS, "db1": GRADS["db1"].ravel()}, ValueError,
     r"grads\['db1'\] must be a 2-D array of shape \(4, 1\)", "db1-rank1"),
    ({**GRADS, "dW2": np.full((1, 4), 1e200)}, ValueError, None, "dW2-overflows"),
]
BAD_PARAMS = [
    ({}, TypeError, r"params must be a non-empty dict of arrays; got dict", "empty"),
    (None, TypeError, r"params must be a non-empty dict of arrays; got NoneType", "None"),
    ({**PARAMS, "W1": PARAMS["W1"].tolist()}, TypeError,
     r"params\['W1'\] must be a float32 or float64 ndarray \(updated in place\); got list",
     "W1-list"),
    ({**PARAMS, "W1": PARAMS["W1"].astype(int)}, TypeError,
     r"params\['W1'\] must be a float32 or float64 ndarray.*got ndarray of dtype int64",
     "W1-int"),
    ({**PARAMS, "W1": PARAMS["W1"].astype(np.float16)}, TypeError,
     r"params\['W1'\] must be a float32 or float64 ndarray.*of dtype float16", "W1-float16"),
    ({**PARAMS, "b1": PARAMS["b1"] * np.nan}, ValueError, r"params\['b1'\] must be finite",
     "b1-nan"),
    ({**PARAMS, "W1": np.zeros((5, 3))}, ValueError,
     r"params\['W1'\] must keep its shape and dtype between updates: the optimizer holds state "
     r"for a \(4, 3\) float64 array, got \(5, 3\) float64 \(call optimizer.reset\(\)",
     "W1-other-shape"),
]
for opt in OPTIMIZERS:
    kind = type(opt).__name__
    overflow = (r"grads\['dW2'\] and learning_rate must be small enough that the step is "
                r"finite; the update of params\['W2'\] overflows float64")
    grads_table = [(g, exc, match or overflow, i) for g, exc, match, i in BAD_GRADS]
    if kind in ("GradientDescent", "Momentum"):  # 0.1 * 1e200 is a finite step
        grads_table = grads_table[:-1]
    if kind != "Adam":  # Adam gets every case; the others, one of each kind of check
        keep = {"missing-db1", "dW1-nan", "dW1-object", "dW1-transposed", "dW2-overflows",
                "b1-nan", "W1-int", "W1-other-shape"}
        grads_table = [case for case in grads_table if case[3] in keep]
    CASES += cases(update, 2, grads_table, args=(warmed(deep(opt)), PARAMS, GRADS),
                   name=f"{kind}.grads")
    CASES += cases(update, 1, [case for case in BAD_PARAMS if kind == "Adam" or case[3] in keep],
                   args=(warmed(deep(opt)), PARAMS, GRADS), name=f"{kind}.params")
CASES += [
    pytest.param(update, (warmed(Adam(0.01)), {k: v.astype(np.float32) for k, v in
                                                PARAMS.items()}, GRADS), {}, ValueError,
                 r"params\['W1'\] must keep its shape and dtype between updates.*got \(4, 3\) "
                 r"float32", id="update-Adam-now-float32"),
    pytest.param(update, (GradientDescent(1e300), PARAMS, {**GRADS, "dW1": np.full((4, 3),
                                                                                  1e10)}),
                 {}, ValueError, r"grads\['dW1'\] and learning_rate must be small enough",
                 id="update-GradientDescent-lr-overflow"),
]
for lr, exc, ident in ((-0.1, ValueError, "negative"), (float("nan"), ValueError, "nan"),
                       ("0.1", TypeError, "str"), (10**400, ValueError, "10**400")):
    bad_lr = warmed(Adam(0.01))
    bad_lr.learning_rate = lr
    CASES.append(pytest.param(update, (bad_lr, PARAMS, GRADS), {}, exc,
                              r"learning_rate must be (finite and > 0|a real number)",
                              id=f"update-learning_rate-set-to-{ident}"))

# --- fit ---------------------------------------------------------------------------------------------

X = np.random.default_rng(1).standard_normal((3, 20))
Y = (X[:1] + X[1:2] > 0).astype(float)
DIMS = [3, 4, 1]
FKW = {"optimizer": Adam(0.01), "num_epochs": 2, "rng": RNG, "progress": False}
ARGS = (X, Y, DIMS)
CASES += cases(fit, 0, bad_arrays("X", X, short=True), args=ARGS, kwargs=FKW, name="X")
CASES += cases(fit, 1, bad_arrays("Y", Y, short=True), args=ARGS, kwargs=FKW, name="Y")
CASES += cases(fit, "num_epochs", bad_int("num_epochs", allow_zero=True)[:6], args=ARGS,
               kwargs=FKW)
CASES += cases(fit, "mini_batch_size", bad_int("mini_batch_size")[:6], args=ARGS, kwargs=FKW)
CASES += cases(fit, "lambd", bad_positive("lambd", allow_zero=True)[:6], args=ARGS, kwargs=FKW)
CASES += cases(fit, "keep_prob", bad_probability("keep_prob")[:7], args=ARGS, kwargs=FKW)
CASES += cases(fit, "hidden_activation", bad_choice("hidden_activation", ["relu"]), args=ARGS,
               kwargs=FKW)
CASES += cases(fit, "progress", bad_flag("progress"), args=ARGS, kwargs=FKW)
OPT = r"optimizer must be a dlguide.optimizers optimizer such as Adam\(0.001\); got "
reused = warmed(Adam(0.01))
on_other_dims = Adam(0.01)
fit(X, Y, [3, 2, 1], optimizer=on_other_dims, num_epochs=1, rng=0, progress=False)
lr_changed = Adam(0.01)
lr_changed.learning_rate = 0.0
CASES += cases(fit, "optimizer", [
    (Adam, TypeError, r"optimizer must be an optimizer instance such as Adam\(0.001\); got the "
     r"class Adam itself \(call it with a learning rate\)", "the-class"),
    (GradientDescent, TypeError, r"got the class GradientDescent itself \(call it", "GD-class"),
    ("adam", TypeError, OPT + "str", "str"),
    (None, TypeError, OPT + "NoneType", "None"),
    ({"lr": 0.1}, TypeError, OPT + "dict", "dict"),
    (reused, ValueError, r"optimizer holds state from an earlier run on other parameters "
     r"\(\['W1', 'W2', 'b1', 'b2'\]\), not FlatLayout.*: call optimizer.reset\(\)", "used-by-update"),
    (on_other_dims, ValueError, r"optimizer holds state from an earlier run on other parameters "
     r"\(FlatLayout\(W1 \(2, 3\).*\), not FlatLayout\(W1 \(4, 3\)", "other-architecture"),
    (lr_changed, ValueError, r"optimizer.learning_rate must be finite and > 0; got 0.0",
     "learning_rate-set-to-0"),
], args=ARGS, kwargs=FKW)
SCHED = r"schedule must return a finite learning rate > 0 for every epoch; it returned "
CASES += cases(fit, "schedule", [
    (0.5, TypeError, r"schedule must be None or a callable schedule\(learning_rate0, epoch\); "
     r"got float", "float"),
    ("exponential", TypeError, r"schedule must be None or a callable.*got str", "str"),
    (lambda lr0, epoch: -lr0, ValueError, SCHED + r"-0.01 for epoch 0 \(learning_rate0=0.01\)",
     "negative"),
    (lambda lr0, epoch: 0.0 if epoch == 1 else lr0, ValueError, SCHED + r"0.0 for epoch 1",
     "zero-at-epoch-1"),
    (lambda lr0, epoch: float("nan"), ValueError, SCHED + "nan for epoch 0", "nan"),
    (lambda lr0, epoch: 10**400, ValueError, SCHED + "1000000000", "10**400"),
    (lambda lr0, epoch: str(lr0), ValueError, SCHED + "'0.01' for epoch 0", "returns-str"),
    (lambda lr0, epoch: np.array([lr0]), ValueError, SCHED + r"array\(\[0.01\]\)",
     "returns-array"),
    (lambda lr0, epoch: True, ValueError, SCHED + "True", "returns-bool"),
    (lambda lr0, epoch: None, ValueError, SCHED + "None", "returns-None"),
], args=ARGS, kwargs=FKW)
INIT = r"init must be one of \['he', 'random', 'xavier', 'zeros'\] or a dict of parameters; got "
CASES += cases(fit, "init", [
    ("glorot", ValueError, INIT + "'glorot'", "unknown"),
    (5, TypeError, INIT + "int", "int"),
    (initialize_parameters([2, 4, 1], rng=0), ValueError,
     r"init\['W1'\] must have 3 columns because X has 3 rows", "dict-wrong-n_x"),
    ({**PARAMS, "b1": None}, TypeError, r"init\['b1'\] must be a numpy array; got NoneType",
     "dict-b1-None"),
    ({**PARAMS, "W1": PARAMS["W1"].astype(np.float16)}, TypeError,
     r"init\['W1'\] must be float32 or float64.*float16", "dict-float16"),
], args=ARGS, kwargs=FKW)
CASES += cases(fit, 2, [
    ([3, 4, 2], ValueError, r"the last layer must have 1 unit \(a sigmoid output\); got sizes "
     r"\[3, 4, 2\]", "two-outputs"),
    ([2, 4, 1], ValueError, r"layer_dims\[0\] must equal the number of features "
     r"X.shape\[0\]=3; got layer_dims=\[2, 4, 1\]", "wrong-n_x"),
    ({3, 4, 1}, TypeError, r"layer_dims must be a list of layer sizes.*got set", "set"),
    (None, TypeError, r"layer_dims must be a list of layer sizes.*got NoneType", "None"),
], args=ARGS, kwargs=FKW, name="layer_dims")
CASES += [
    pytest.param(fit, (X, 2 * Y, DIMS), FKW, ValueError, r"Y must hold labels 0 or 1; got 2",
                 id="fit-labels-0-2"),
    pytest.param(fit, (X, Y - 0.5, DIMS), FKW, ValueError, r"Y must hold labels 0 or 1",
                 id="fit-labels-centred"),
    pytest.param(fit, (X[:, :0], Y[:, :0], DIMS), FKW, ValueError,
                 r"X must not be empty: it needs at least one row and one column \(example\)",
                 id="fit-m0"),
    pytest.param(fit, (X, Y[:, :19], DIMS), FKW, ValueError,
                 r"X and Y must have the same number of columns", id="fit-other-m"),
    pytest.param(fit, (X.T, Y.T, DIMS), FKW, ValueError,
                 r"Y must have 1 row\(s\), shape \(1, m\); got shape \(20, 1\)",
                 id="fit-both-transposed"),
    pytest.param(fit, ARGS, {**FKW, "callback": "print"}, TypeError,
                 r"callback must be None or callable; got str", id="fit-callback-str"),
    pytest.param(fit, ARGS, {**FKW, "rng": "seed"}, TypeError, r"rng must be an int seed",
                 id="fit-rng-str"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "exc", "match"), CASES)
def test_refused(fn, args, kwargs, exc, match):
    expect_refusal(fn, *deep(args), exc=exc, match=match, **deep(kwargs))


# --- what works ------------------------------------------------------------------------------------


@pytest.mark.parametrize("opt", OPTIMIZERS, ids=lambda o: type(o).__name__)
def test_update_accepts_list_gradients_and_0d_and_float32(opt):
    opt = deep(opt)
    p = {"W": np.ones((2, 2)), "c": np.array(1.0), "f": np.ones((1, 1), np.float32)}
    g = {"dW": [[1.0, 1.0], [1.0, 1.0]], "dc": 2.0, "df": [[1.0]]}
    out = expect_ok(opt.update, p, g, mutates=True)
    assert out is p
    assert p["f"].dtype == np.float32
    assert (p["W"] < 1).all()
    assert p["c"] < 1


def test_fit_with_one_example_and_lists():
    result = expect_ok(fit, X[:, :1].tolist(), Y[:, :1].tolist(), np.array(DIMS),
                       optimizer=GradientDescent(0.1), num_epochs=3, rng=0, progress=False,
                       mutates=True)
    assert len(result.history["cost"]) == 3
    assert all(np.isfinite(result.history["cost"]))


@pytest.mark.parametrize("opt", OPTIMIZERS, ids=lambda o: type(o).__name__)
def test_update_refuses_a_read_only_parameter_before_changing_any(opt):
    """W1 would have been updated, then b2 would have failed half-way (Adam's t
    already counted)."""
    opt, params = warmed(deep(opt)), deep(PARAMS)
    params["b2"].flags.writeable = False
    expect_refusal(opt.update, params, GRADS, exc=ValueError,
                   match=r"params\['b2'\] must be writeable \(update changes it in place\); got "
                         r"a read-only array")
