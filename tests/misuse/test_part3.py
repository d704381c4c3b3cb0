"""Misuse tables for the Part III API: softmax, one-hot labels, the categorical
cross-entropy, batch normalization (alone and in a network), a softmax output in
dlguide.network and dlguide.train.fit, and dlguide.tuning. Then a few properties,
in the style of test_properties.py."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from misuse_helpers import (
    bad_arrays,
    bad_choice,
    bad_flag,
    bad_int,
    bad_positive,
    cases,
    deep,
    expect_ok,
    expect_refusal,
    snapshot,
    with_,
)
from property_helpers import JUNK, arg, finite, outcome

from dlguide import DivergenceError
from dlguide.activations import softmax, softmax_backward
from dlguide.batchnorm import batchnorm_backward, batchnorm_forward
from dlguide.data import one_hot
from dlguide.initializers import initialize_parameters
from dlguide.layers import LayerCache
from dlguide.losses import categorical_cross_entropy, categorical_cross_entropy_from_logits
from dlguide.network import compute_cost, model_backward, model_forward, predict
from dlguide.optimizers import Adam
from dlguide.train import fit
from dlguide.tuning import (
    Choice,
    IntUniform,
    LogUniform,
    OneMinusLogUniform,
    SearchResult,
    Trial,
    Uniform,
    coarse_to_fine,
    fit_evaluator,
    log_uniform,
    one_minus_log_uniform,
    random_search,
)

_r = np.random.default_rng(0)
X = _r.standard_normal((3, 6))
LABELS = np.array([[0.0, 1.0, 2.0, 1.0, 0.0, 2.0]])
Y = one_hot(LABELS, 3)
Z = _r.standard_normal((3, 6))
A = softmax(Z)
DA = _r.standard_normal((3, 6))
RNG = np.random.default_rng(7)  # passed (copied) wherever a function takes rng

PARAMS = initialize_parameters([3, 4, 3], rng=0)  # a softmax network
AL, CACHES = model_forward(X, PARAMS, output_activation="softmax")
SIGMOID_PARAMS = initialize_parameters([3, 4, 1], rng=0)
AL_SIGMOID, CACHES_SIGMOID = model_forward(X, SIGMOID_PARAMS)
BN = initialize_parameters([3, 4, 5, 3], rng=0, batch_norm=True)  # two batch-normalized layers
RUNNING = {"mu1": np.zeros((4, 1)), "sigma21": np.ones((4, 1)),
           "mu2": np.zeros((5, 1)), "sigma22": np.ones((5, 1))}
BN_RUN = {**BN, **RUNNING}
AL_BN, CACHES_BN = model_forward(X, BN, output_activation="softmax")
AL_TEST, CACHES_TEST = model_forward(X, BN_RUN, output_activation="softmax", training=False)
GAMMA, BETA = np.full((3, 1), 1.5), np.full((3, 1), -0.5)
ZT, BNC = batchnorm_forward(Z, GAMMA, BETA)
SOFTMAX = {"output_activation": "softmax"}


def param(fn, args, kwargs, exc, match, ident):
    return pytest.param(fn, args, kwargs, exc, match, id=f"{fn.__name__}-{ident}")


CASES = []

# --- softmax and its backward --------------------------------------------------------------------

CASES += cases(softmax, 0, bad_arrays("Z", Z), args=(Z,), name="Z")
CASES += cases(softmax_backward, 0, bad_arrays("dA", DA, short=True), args=(DA, Z), name="dA")
CASES += cases(softmax_backward, 1, bad_arrays("Z", Z, short=True), args=(DA, Z), name="Z")
CASES += [
    param(softmax, (Z.T.ravel()[None, None],), {}, ValueError,
          r"Z must be a 2-D array of shape \(C, m\): C scores per example, one column each; got "
          r"shape \(1, 1, 18\)", "rank3-hint"),
    param(softmax_backward, (DA.T, Z), {}, ValueError,
          r"dA and Z must have the same shape; got dA.shape=\(6, 3\) and Z.shape=\(3, 6\)",
          "dA-transposed"),
    param(softmax_backward, (DA[:, :5], Z), {}, ValueError,
          r"dA and Z must have the same shape; got dA.shape=\(3, 5\)", "other-m"),
    param(softmax_backward, (np.full((3, 6), 1e300), Z.astype(np.float32)), {}, ValueError,
          r"dA must fit in float32, the dtype of Z; got a value of 1e\+300", "dA-beyond-float32"),
    param(softmax_backward, (np.array([[-1.7e308], [1.7e308]]), np.array([[0.0], [-700.0]])),
          {}, ValueError,
          r"dA and Z must be small enough that dZ = A \* \(dA - sum\(dA \* A\)\) is finite; it "
          r"overflows", "overflow"),
    param(softmax, (np.array([[1e308, 0.0], [-1e308, 1.0]]),), {}, None, None,
          "huge-range-works"),
    param(softmax, (Z[:, :1],), {}, None, None, "m1-works"),
    param(softmax, (Z.tolist(),), {}, None, None, "list-works"),
    param(softmax, (Z.astype(np.float32),), {}, None, None, "float32-works"),
    param(softmax_backward, (DA, np.array([[1e308] * 6, [-1e308] * 6, [0.0] * 6])), {}, None,
          None, "huge-Z-works"),
]

# --- one_hot -------------------------------------------------------------------------------------

CASES += cases(one_hot, 0, bad_arrays("labels", LABELS), args=(LABELS, 3), name="labels")
CASES += cases(one_hot, 1, bad_int("num_classes", full=True), args=(LABELS, 3),
               name="num_classes")
LAB = r"labels must hold integers in 0 \.\. num_classes - 1 = 2; got "
CASES += [
    param(one_hot, (LABELS + 0.5, 3), {}, ValueError, LAB + r"0.5 at column 0", "fractions"),
    param(one_hot, (LABELS - 1, 3), {}, ValueError, LAB + r"-1 at column 0", "negative"),
    param(one_hot, (LABELS + 1, 3), {}, ValueError, LAB + r"3 at column 2", "label-C"),
    param(one_hot, (np.array([[0.0, 1e300]]), 3), {}, ValueError, LAB + r"1e\+300 at column 1",
          "huge-label"),
    param(one_hot, (LABELS, 2), {}, ValueError,
          r"labels must hold integers in 0 \.\. num_classes - 1 = 1; got 2 at column 2",
          "too-few-classes"),
    param(one_hot, (LABELS.T, 3), {}, ValueError,
          r"labels must have 1 row\(s\), shape \(1, m\), integer class labels; got shape \(6, 1\)",
          "transposed"),
    param(one_hot, (Y, 3), {}, ValueError, r"labels must have 1 row\(s\).*got shape \(3, 6\)",
          "already-one-hot"),
    param(one_hot, (LABELS, 10**7), {}, ValueError,
          r"num_classes must be at most a million; got 10000000", "ten-million-classes"),
    param(one_hot, (LABELS, np.int64(3)), {}, None, None, "numpy-int-works"),
    param(one_hot, (LABELS.astype(np.int8), 3), {}, None, None, "int8-works"),
    param(one_hot, ([[True, False]], 2), {}, None, None, "bool-works"),
    param(one_hot, (LABELS[:, :1], 3), {}, None, None, "m1-works"),
    param(one_hot, (np.zeros((1, 4)), 1), {}, None, None, "one-class-works"),
]

# --- the categorical cross-entropy ----------------------------------------------------------------

for fn, name, out in ((categorical_cross_entropy, "AL", A),
                      (categorical_cross_entropy_from_logits, "ZL", Z)):
    short = fn is categorical_cross_entropy_from_logits  # the same checks
    CASES += cases(fn, 0, bad_arrays(name, out, short=short), args=(out, Y), name=name)
    CASES += cases(fn, 1, bad_arrays("Y", Y, short=short), args=(out, Y), name="Y")
    CASES += [
        param(fn, (out.T, Y), {}, ValueError,
              rf"{name} and Y must have the same shape \(C, m\), one column per example; got "
              rf"{name}.shape=\(6, 3\) and Y.shape=\(3, 6\): one is the transpose of the other",
              f"{name}-transposed"),
        param(fn, (out, Y.T), {}, ValueError,
              rf"{name} and Y must have the same shape.*Y.shape=\(6, 3\): one is the transpose",
              "Y-transposed"),
        param(fn, (out, Y[:, :5]), {}, ValueError,
              rf"{name} and Y must have the same number of columns \(examples\); got "
              rf"{name}.shape=\(3, 6\) and Y.shape=\(3, 5\)", "other-m"),
        param(fn, (out, LABELS), {}, ValueError,
              rf"Y must have 3 rows, one-hot like {name} of shape \(3, 6\) "
              r"\(dlguide.data.one_hot\(labels, 3\)\); got shape \(1, 6\)", "Y-class-labels"),
        param(fn, (out, Y[:2]), {}, ValueError,
              rf"Y must have 3 row\(s\), shape \(3, m\), one-hot like {name}; got shape \(2, 6\)",
              "Y-two-rows"),
        param(fn, (out[:1], Y[:1]), {}, ValueError,
              rf"{name} must have C >= 2 rows, one per class \(a single row is the binary case: "
              r"cross_entropy\); got shape \(1, 6\)", "one-row"),
        param(fn, (out[:1], Y), {}, ValueError, rf"{name} must have C >= 2 rows", "one-row-Y-3"),
        param(fn, (out, 2 * Y), {}, ValueError,
              r"Y must hold labels 0 or 1; got 2 at index \(0, 0\) \(6 value\(s\) outside "
              r"\{0, 1\}\)", "labels-0-2"),
        param(fn, (out, Y / 3 + Y * 0), {}, ValueError, r"Y must hold labels 0 or 1; got 0.333",
              "Y-soft"),
        param(fn, (out, Y + Y[[1, 2, 0]]), {}, ValueError,
              r"Y must be one-hot: a single 1 in each column \(dlguide.data.one_hot\); column "
              r"0 holds 2 ones", "Y-two-ones"),
        param(fn, (out, Y * (np.arange(6) != 4)), {}, ValueError,
              r"Y must be one-hot: .*column 4 holds 0 ones", "Y-zero-ones"),
        param(fn, (out[:, :1], Y[:, :1]), {}, None, None, "m1-works"),
        param(fn, (out.tolist(), Y.astype(bool).tolist()), {}, None, None, "lists-work"),
    ]
CCE = categorical_cross_entropy
CASES += [
    param(CCE, (A * 0.9, Y), {}, ValueError,
          r"AL must hold a probability distribution in each column \(a softmax output, summing "
          r"to 1\); column \d sums to 0.9", "columns-sum-0.9"),
    param(CCE, (np.exp(Z), Y), {}, ValueError, r"AL must hold probabilities in \[0, 1\]; got ",
          "exp-not-normalized"),
    param(CCE, (A - 0.5, Y), {}, ValueError, r"AL must hold probabilities in \[0, 1\]; got -0",
          "negative"),
    param(CCE, (np.vstack([A, np.zeros((1, 6))]), Y), {}, ValueError,
          r"Y must have 4 row\(s\), shape \(4, m\), one-hot like AL; got shape \(3, 6\)",
          "four-classes-three-rows"),
    param(CCE, (A.astype(np.float32) * np.float32(1.01), Y), {}, ValueError,
          r"AL must hold a probability distribution .*sums to 1.01", "float32-sum-1.01"),
    param(CCE, (Y, Y), {}, None, None, "certain-and-right-works"),
    param(CCE, (Y[::-1], Y), {}, None, None, "certain-and-wrong-works"),
]
CCEL = categorical_cross_entropy_from_logits
CASES += [
    param(CCEL, (np.array([[1e308, -1e308], [-1e308, 1e308]]), np.array([[0, 1], [1, 0]])), {},
          ValueError, r"ZL must be small enough that the cost is finite; got a largest \|ZL\| of "
          r"1e\+308", "overflow"),
    param(CCEL, (np.array([[3e38] * 3, [-3e38] * 3], np.float32), np.array([[0] * 3, [1] * 3])),
          {}, ValueError, r"ZL must be small enough that the cost is finite", "overflow-float32"),
    param(CCEL, (np.array([[1e308, -1e308], [-1e308, 1e308]]), np.eye(2)), {}, None, None,
          "huge-logits-right-work"),
    param(CCEL, (np.array([[1.7e308] * 4, [0.0] * 4]), np.array([[1] * 4, [0] * 4])), {}, None,
          None, "huge-sum-of-zero-losses-works"),
]

# --- batchnorm_forward and batchnorm_backward -----------------------------------------------------

BNF = batchnorm_forward
CASES += cases(BNF, 0, bad_arrays("Z", Z), args=(Z, GAMMA, BETA), name="Z")
CASES += cases(BNF, 1, bad_arrays("gamma", GAMMA, short=True), args=(Z, GAMMA, BETA),
               name="gamma")
CASES += cases(BNF, 2, bad_arrays("beta", BETA, short=True), args=(Z, GAMMA, BETA), name="beta")
CASES += cases(BNF, "epsilon", bad_positive("epsilon", full=True), args=(Z, GAMMA, BETA))
CASES += [
    param(BNF, (Z, GAMMA.T, BETA), {}, ValueError,
          r"gamma must have 3 row\(s\), shape \(3, 1\), one per unit; got shape \(1, 3\)",
          "gamma-row"),
    param(BNF, (Z, GAMMA, BETA[:2]), {}, ValueError,
          r"beta must have 3 row\(s\), shape \(3, 1\), one per unit; got shape \(2, 1\)",
          "beta-2-units"),
    param(BNF, (Z, np.ones((3, 6)), BETA), {}, ValueError,
          r"gamma must have 1 column\(s\), shape \(3, 1\)", "gamma-per-example"),
    param(BNF, (Z.T, GAMMA, BETA), {}, ValueError, r"gamma must have 6 row\(s\)",
          "Z-transposed"),
    param(BNF, (Z.astype(np.float32), GAMMA, BETA), {"epsilon": 1e-50}, ValueError,
          r"epsilon must be a number float32 holds, from 1.4013e-45 to 3.40282e\+38 \(it is "
          r"added to the variance in that dtype\); got 1e-50", "epsilon-0-in-float32"),
    param(BNF, (Z.astype(np.float32), GAMMA, BETA), {"epsilon": 1e39}, ValueError,
          r"epsilon must be a number float32 holds.*got 1e\+39", "epsilon-inf-in-float32"),
    param(BNF, (Z.astype(np.float32), GAMMA * 1e300, BETA), {}, ValueError,
          r"gamma must fit in float32, the dtype of Z; got a value of 1\.5e\+300", "gamma-f32"),
    param(BNF, (Z * 1e300, GAMMA, BETA), {}, ValueError,
          r"Z, gamma and beta must be small enough that each unit's variance over the batch and "
          r"gamma \* Z_norm \+ beta are finite; it overflows", "Z-overflow"),
    param(BNF, (Z, GAMMA * 1e308, BETA + 1.7e308), {}, ValueError,
          r"Z, gamma and beta must be small enough .*it overflows", "gamma-beta-overflow"),
    param(BNF, (Z, GAMMA, BETA, 1e-5), {}, TypeError,
          r"takes 3 positional arguments but 4 were given", "epsilon-positional"),
    param(BNF, (Z[:, :1], GAMMA, BETA), {}, None, None, "m1-works"),
    param(BNF, (np.ones((3, 6)), GAMMA, BETA), {}, None, None, "constant-units-work"),
    param(BNF, (Z.tolist(), GAMMA.tolist(), BETA.tolist()), {}, None, None, "lists-work"),
    param(BNF, (Z.astype(np.float32), GAMMA, BETA), {"epsilon": 1e-44}, None, None,
          "epsilon-subnormal-float32-works"),
    param(BNF, (Z,), {"gamma": GAMMA, "beta": BETA, "epsilon": 1e300}, None, None,
          "huge-epsilon-works"),
]
BNB = batchnorm_backward
CASES += cases(BNB, 0, bad_arrays("dZ_tilde", DA, short=True), args=(DA, BNC), name="dZ_tilde")
F32 = BNC._replace(Z_norm=BNC.Z_norm.astype(np.float32))
CASES += [
    param(BNB, (DA, tuple(BNC)), {}, TypeError,
          r"cache must be the BatchNormCache returned by batchnorm_forward; got tuple", "tuple"),
    param(BNB, (DA, BNC._asdict()), {}, TypeError, r"cache must be the BatchNormCache.*got dict",
          "dict"),
    param(BNB, (DA, None), {}, TypeError, r"cache must be the BatchNormCache.*got NoneType",
          "None"),
    param(BNB, (DA, CACHES[0]), {}, TypeError,
          r"cache must be the BatchNormCache.*got LayerCache", "layer-cache"),
    param(BNB, (DA.T, BNC), {}, ValueError,
          r"dZ_tilde must have 3 row\(s\), shape \(3, 6\); got shape \(6, 3\)", "transposed"),
    param(BNB, (DA[:, :5], BNC), {}, ValueError,
          r"dZ_tilde must have 6 column\(s\), shape \(3, 6\); got shape \(3, 5\)", "other-m"),
    param(BNB, (DA, BNC._replace(var=-BNC.var - 1)), {}, ValueError,
          r"cache.var must be >= 0 \(a variance\)", "var-negative"),
    param(BNB, (DA, BNC._replace(var=BNC.var * np.nan)), {}, ValueError,
          r"cache.var must be finite", "var-nan"),
    param(BNB, (DA, BNC._replace(gamma=GAMMA[:2])), {}, ValueError,
          r"cache.gamma must have 3 row\(s\)", "gamma-2-units"),
    param(BNB, (DA, BNC._replace(Z_norm=BNC.Z_norm.ravel())), {}, ValueError,
          r"cache.Z_norm must be a 2-D array of shape \(n, m\); got shape \(18,\)",
          "Z_norm-rank1"),
    param(BNB, (DA, BNC._replace(Z_norm="Z")), {}, TypeError,
          r"cache.Z_norm must be a numpy array; got str", "Z_norm-str"),
    param(BNB, (DA, BNC._replace(epsilon="1e-5")), {}, TypeError,
          r"cache.epsilon must be a real number; got str '1e-5'", "epsilon-str"),
    param(BNB, (DA, BNC._replace(epsilon=0.0)), {}, ValueError,
          r"cache.epsilon must be finite and > 0; got 0.0", "epsilon-0"),
    param(BNB, (DA, F32._replace(epsilon=1e-50)), {}, ValueError,
          r"cache.epsilon must be a number float32 holds", "epsilon-0-in-float32"),
    param(BNB, (np.full((3, 6), 1e300), F32), {}, ValueError,
          r"dZ_tilde must fit in float32, the dtype of cache.Z_norm; got a value of 1e\+300",
          "dZ_tilde-beyond-float32"),
    param(BNB, (DA, F32._replace(gamma=GAMMA * 1e300)), {}, ValueError,
          r"cache.gamma must fit in float32, the dtype of cache.Z_norm", "gamma-beyond-float32"),
    param(BNB, (np.full((3, 6), 1e308), BNC), {}, ValueError,
          r"dZ_tilde and the cache must be small enough that dZ, dgamma and dbeta are finite; "
          r"it overflows", "overflow"),
    param(BNB, (DA.tolist(), BNC), {}, None, None, "list-works"),
    param(BNB, (DA.astype(np.float32), BNC), {}, None, None, "float32-dZ-works"),
    param(BNB, (DA, BNC._replace(mu=None)), {}, None, None, "mu-is-not-needed"),
]

# --- model_forward and predict: a softmax output, batch norm --------------------------------------

KEYS = r"params must have the keys W1, b1, \.\.\., WL, bL for consecutive layers; got keys "
BAD_BN_PARAMS = [  # (params, exc, match, id) for a batch-normalized network on X
    (with_(BN, b1=np.zeros((4, 1))), ValueError, KEYS + r"\['W1', 'W2', 'W3', 'b1', 'b3'",
     "b1-with-gamma1"),
    (with_(BN, beta1=None), ValueError, KEYS, "gamma1-without-beta1"),
    (with_(BN, gamma2=None, beta2=None, b2=np.zeros((5, 1))), ValueError, KEYS,
     "layer-2-plain"),
    (with_(BN, b3=None, gamma3=np.ones((3, 1)), beta3=np.zeros((3, 1))), ValueError, KEYS,
     "output-layer-normalized"),
    (with_(BN, mu1=np.zeros((4, 1))), ValueError,
     KEYS + r".*mu\{l\} and sigma2\{l\} together or not at all, in every hidden layer or in "
     r"none", "mu1-without-sigma21"),
    (with_(BN_RUN, mu2=None, sigma22=None), ValueError, KEYS + r"\[.*'mu1', 'sigma21'\]",
     "running-in-layer-1-only"),
    (with_(BN_RUN, sigma21=None), ValueError, KEYS, "sigma21-missing"),
    (with_(BN, gamma1=np.ones((3, 1))), ValueError,
     r"params\['gamma1'\] must have shape \(4, 1\) to match params\['W1'\] of shape \(4, 3\); "
     r"got shape \(3, 1\)", "gamma1-3-units"),
    (with_(BN, beta2=BN["beta2"].T), ValueError, r"params\['beta2'\] must have shape \(5, 1\)",
     "beta2-transposed"),
    (with_(BN, gamma1=BN["gamma1"] * np.nan), ValueError, r"params\['gamma1'\] must be finite",
     "gamma1-nan"),
    (with_(BN, beta1=BN["beta1"].astype(np.float16)), TypeError,
     r"params\['beta1'\] must be float32 or float64", "beta1-float16"),
    (with_(BN, gamma1="ones"), TypeError, r"params\['gamma1'\] must be a numpy array; got str",
     "gamma1-str"),
    (with_(BN_RUN, sigma21=-RUNNING["sigma21"]), ValueError,
     r"params\['sigma21'\] must be >= 0 \(a running variance\)", "sigma21-negative"),
    (with_(BN_RUN, mu2=RUNNING["mu2"] + np.inf), ValueError, r"params\['mu2'\] must be finite",
     "mu2-inf"),
    (with_(BN_RUN, mu1=np.zeros((1, 4))), ValueError,
     r"params\['mu1'\] must have shape \(4, 1\) to match", "mu1-row"),
]
MF_KW = {**SOFTMAX, "keep_prob": 0.8, "rng": RNG}
for fn, kw in ((model_forward, MF_KW), (predict, SOFTMAX)):
    short = fn is predict
    CASES += cases(fn, 1, BAD_BN_PARAMS[::2] if short else BAD_BN_PARAMS, args=(X, BN_RUN),
                   kwargs=kw, name="params")
    CASES += cases(fn, "output_activation", bad_choice("output_activation", ["softmax"]),
                   args=(X, PARAMS), kwargs=kw)
    CASES += cases(fn, "epsilon", bad_positive("epsilon")[: 3 if short else None],
                   args=(X, BN_RUN), kwargs=kw)
    CASES += [
        param(fn, (X, SIGMOID_PARAMS), kw, ValueError,
              r"the output layer W2 must have C >= 2 rows for a softmax over C classes; got "
              r"shape \(1, 4\)", "softmax-on-one-unit"),
        param(fn, (X, PARAMS), {**kw, "output_activation": "sigmoid"}, ValueError,
              r"the output layer W2 must have 1 row \(one sigmoid unit\); got shape \(3, 4\) "
              r"\(for C classes use output_activation='softmax'\)", "sigmoid-on-three-units"),
        param(fn, (X.astype(np.float32), BN_RUN), {**kw, "epsilon": 1e-50}, ValueError,
              r"epsilon must be a number float32 holds.*got 1e-50", "epsilon-0-in-float32"),
        param(fn, (np.full((3, 6), 1e300), with_(BN_RUN, W1=np.full((4, 3), 1e300))), kw,
              ValueError,
              r"X and params must be small enough that every layer's Z = W @ A_prev \+ b .* is "
              r"finite; it overflows", "overflow"),
        param(fn, (X.T, BN_RUN), kw, ValueError,
              r"params\['W1'\] must have 6 columns because X has 6 rows", "X-transposed"),
        param(fn, (X[:, :1], BN_RUN), kw, None, None, "m1-works"),
    ]
NO_RUNNING = (r"params hold no running averages mu\{l\} and sigma2\{l\}, which a "
              r"batch-normalized network needs at test time \(training=False, and predict\)")
CASES += [
    param(model_forward, (X, BN), {**SOFTMAX, "training": False}, ValueError, NO_RUNNING,
          "test-time-without-running"),
    param(predict, (X, BN), SOFTMAX, ValueError, NO_RUNNING, "without-running"),
    param(predict, (X, BN_RUN), {**SOFTMAX, "threshold": 1.5}, ValueError,
          r"threshold must be in \(0, 1\); got 1.5", "threshold-checked-for-softmax"),
    param(model_forward, (X, BN), SOFTMAX, None, None, "training-without-running-works"),
    param(model_forward, (X[:, :1], BN), SOFTMAX, None, None, "training-m1-works"),
    param(model_forward, (X, BN_RUN), {**SOFTMAX, "training": np.False_}, None, None,
          "numpy-bool-training-works"),
]
CASES += cases(model_forward, "training", bad_flag("training"), args=(X, BN_RUN),
               kwargs=SOFTMAX)

# --- compute_cost and model_backward with a softmax output ----------------------------------------

CASES += [
    param(compute_cost, (AL, LABELS), {}, ValueError,
          r"Y must have 3 rows, one-hot like AL of shape \(3, 6\) \(dlguide.data.one_hot\(labels, "
          r"3\)\); got shape \(1, 6\)", "class-labels"),
    param(compute_cost, (AL, Y * 2), {}, ValueError, r"Y must hold labels 0 or 1; got 2",
          "labels-0-2"),
    param(compute_cost, (AL * 1.1, Y), {}, ValueError,
          r"AL must hold a probability distribution in each column.*sums to 1.1",
          "columns-sum-1.1"),
    param(compute_cost, (AL.T, Y), {}, ValueError,
          r"AL and Y must have the same shape \(C, m\).*one is the transpose", "AL-transposed"),
    param(compute_cost, (AL, Y, with_(BN_RUN, mu2=None)), {"lambd": 0.1}, ValueError, KEYS,
          "params-partial-running"),
    param(compute_cost, (AL, Y, BN_RUN), {"lambd": 0.1}, None, None, "l2-with-batch-norm-works"),
    param(compute_cost, (AL[:, :1], Y[:, :1]), {}, None, None, "m1-works"),
]
MB = model_backward
CASES += cases(MB, 0, bad_arrays("AL", AL, short=True), args=(AL, Y, CACHES), name="AL")
CASES += cases(MB, 1, bad_arrays("Y", Y, short=True), args=(AL, Y, CACHES), name="Y")
BN_CACHE = CACHES_BN[0]
CASES += [
    param(MB, (AL_SIGMOID, Y[:1], CACHES), {}, ValueError,
          r"caches\[1\], the output layer, has 3 unit\(s\) \(W.shape=\(3, 4\)\), but AL and Y "
          r"have 1 row\(s\): AL, Y and caches must come from one forward pass",
          "sigmoid-AL-softmax-caches"),
    param(MB, (AL, Y, CACHES_SIGMOID), {}, ValueError,
          r"caches\[1\], the output layer, has 1 unit\(s\).*but AL and Y have 3 row\(s\)",
          "softmax-AL-sigmoid-caches"),
    param(MB, (AL_BN, Y, CACHES_TEST), {}, ValueError,
          r"caches\[0\] comes from a test-time forward pass \(training=False, the running "
          r"averages\): it has no backward pass", "test-time-caches"),
    param(MB, (AL, LABELS, CACHES), {}, ValueError, r"Y must have 3 rows, one-hot like AL",
          "class-labels"),
    param(MB, (AL, Y[[1, 2, 0]] + Y, CACHES), {}, ValueError, r"Y must be one-hot: .*column 0 "
          r"holds 2 ones", "Y-two-ones"),
    param(MB, (AL * 0.5, Y, CACHES), {}, ValueError,
          r"AL must hold a probability distribution in each column", "columns-sum-0.5"),
    param(MB, (AL_BN[:, :4], Y[:, :4], CACHES_BN), {}, ValueError,
          r"caches\[0\] holds m = 6 examples .* but AL and Y have m = 4", "m-disagrees"),
    param(MB, (AL_BN, Y, [LayerCache(BN_CACHE.linear_cache, BN_CACHE.Z, "relu",
                                     bn=tuple(BN_CACHE.bn)), *CACHES_BN[1:]]), {}, TypeError,
          r"caches\[0\].bn must be a BatchNormCache; got tuple", "bn-cache-tuple"),
    param(MB, (AL_BN, Y, [LayerCache(BN_CACHE.linear_cache, BN_CACHE.Z, "relu",
                                     bn=BN_CACHE.bn._replace(epsilon=-1.0)), *CACHES_BN[1:]]),
          {}, ValueError, r"caches\[0\].bn.epsilon must be finite and > 0; got -1.0",
          "bn-epsilon-negative"),
    param(MB, (AL_BN, Y, CACHES_BN), {"lambd": -1}, ValueError,
          r"lambd must be finite and >= 0; got -1", "lambd-negative"),
    param(MB, (AL_BN, Y, CACHES_BN), {"lambd": 0.1}, None, None, "batch-norm-l2-works"),
    param(MB, (AL, Y.astype(bool), CACHES), {}, None, None, "bool-one-hot-works"),
]

# --- initialize_parameters(batch_norm=...) --------------------------------------------------------

CASES += cases(initialize_parameters, "batch_norm", bad_flag("batch_norm"), args=([3, 4, 1],),
               kwargs={"rng": RNG})
CASES += [
    param(initialize_parameters, ([3, 4, 1],), {"batch_norm": True, "dtype": np.float16,
                                                "rng": RNG}, TypeError,
          r"dtype must be float32 or float64; got float16", "batch-norm-float16"),
    param(initialize_parameters, ([3, 4, 5, 3],), {"batch_norm": np.True_, "rng": RNG}, None,
          None, "numpy-bool-works"),
]

# --- fit with a softmax output and batch norm -----------------------------------------------------

FX = _r.standard_normal((3, 8))
FLAB = np.array([[0, 1, 2, 1, 0, 2, 2, 1]])
FY = one_hot(FLAB, 3)
FIT_KW = {**SOFTMAX, "batch_norm": True, "num_epochs": 2, "mini_batch_size": 4,
          "optimizer": Adam(0.01), "rng": RNG, "progress": False}
FDIMS = [3, 4, 3]
CASES += cases(fit, 1, bad_arrays("Y", FY, short=True), args=(FX, FY, FDIMS), kwargs=FIT_KW,
               name="Y")
CASES += cases(fit, "batch_norm", bad_flag("batch_norm"), args=(FX, FY, FDIMS), kwargs=FIT_KW)
CASES += cases(fit, "output_activation", bad_choice("output_activation", ["softmax"]),
               args=(FX, FY, FDIMS), kwargs=FIT_KW)
ONE = r"batch_norm needs at least 2 examples in every mini-batch \(one example has no spread "
CASES += [
    param(fit, (FX, FLAB, FDIMS), FIT_KW, ValueError,
          r"Y must be one-hot with C >= 2 rows for a softmax output "
          r"\(dlguide.data.one_hot\(labels, C\)\); got shape \(1, 8\)", "class-labels"),
    param(fit, (FX, FY, FDIMS), {**FIT_KW, "output_activation": "sigmoid"}, ValueError,
          r"Y must have 1 row\(s\), shape \(1, m\); got shape \(3, 8\)", "one-hot-for-sigmoid"),
    param(fit, (FX, FY + FY[[1, 2, 0]], FDIMS), FIT_KW, ValueError,
          r"Y must be one-hot: a single 1 in each column \(dlguide.data.one_hot\); column 0 "
          r"holds 2 ones", "Y-two-ones"),
    param(fit, (FX, FY * 2, FDIMS), FIT_KW, ValueError, r"Y must hold labels 0 or 1; got 2",
          "labels-0-2"),
    param(fit, (FX, FY.T, FDIMS), FIT_KW, ValueError,
          r"X and Y must have the same number of columns \(examples\); got X.shape=\(3, 8\) "
          r"and Y.shape=\(8, 3\)", "Y-transposed"),
    param(fit, (FX, FY, [3, 4, 1]), FIT_KW, ValueError,
          r"the last layer must have 3 units, one per class of Y \(a softmax output\); got "
          r"sizes \[3, 4, 1\]", "one-output"),
    param(fit, (FX, FY, [3, 4, 4]), FIT_KW, ValueError,
          r"the last layer must have 3 units.*got sizes \[3, 4, 4\]", "four-outputs"),
    param(fit, (FX, FY, FDIMS), {**FIT_KW, "mini_batch_size": 1}, ValueError,
          ONE + r".*with m = 8 and mini_batch_size = 1 a batch holds 1", "batches-of-one"),
    param(fit, (FX, FY, FDIMS), {**FIT_KW, "mini_batch_size": 7}, ValueError,
          ONE + r".*with m = 8 and mini_batch_size = 7", "last-batch-of-one"),
    param(fit, (FX[:, :1], FY[:, :1], FDIMS), FIT_KW, ValueError,
          ONE + r".*with m = 1 and mini_batch_size = 4", "m1-batch-norm"),
    param(fit, (FX, FY, None), {**FIT_KW, "init": PARAMS}, ValueError,
          r"init has no batch norm parameters \(gamma, beta\) but batch_norm=True: they must "
          r"agree", "plain-init-batch-norm"),
    param(fit, (FX, FY, None), {**FIT_KW, "init": BN, "batch_norm": False}, ValueError,
          r"init has batch norm parameters \(gamma, beta\) but batch_norm=False", "bn-init-plain"),
    param(fit, (FX, FY, None), {**FIT_KW, "init": with_(BN_RUN, mu2=None, sigma22=None)},
          ValueError, r"init must have the keys W1, b1, .*in every hidden layer or in none",
          "init-partial-running"),
    param(fit, (FX, FY, None), {**FIT_KW, "init": with_(BN_RUN, sigma22=-RUNNING["sigma22"])},
          ValueError, r"init\['sigma22'\] must be >= 0", "init-sigma22-negative"),
    param(fit, (FX, FY, [3, 5, 4, 3]), {**FIT_KW, "init": BN}, ValueError,
          r"layer_dims \[3, 5, 4, 3\] does not match the parameters in init, which have sizes "
          r"\[3, 4, 5, 3\]", "dims-disagree-with-init"),
    param(fit, (FX, FY, FDIMS), {**FIT_KW, "optimizer": Adam}, TypeError,
          r"optimizer must be an optimizer instance such as Adam\(0.001\)", "optimizer-class"),
    param(fit, (FX, FY, FDIMS), {**FIT_KW, "keep_prob": 0.0}, ValueError,
          r"keep_prob must be in \(0, 1\]; got 0.0", "keep_prob-0"),
    param(fit, (FX[:, :1], FY[:, :1], FDIMS), {**FIT_KW, "batch_norm": False}, None, None,
          "m1-softmax-works"),
    param(fit, (FX, FY, None), {**FIT_KW, "init": BN_RUN, "mini_batch_size": 2}, None, None,
          "continue-from-running-works"),
    param(fit, (FX.tolist(), FY.tolist(), FDIMS), FIT_KW, None, None, "lists-work"),
]

# --- tuning: sampling -----------------------------------------------------------------------------

LU = log_uniform
CASES += cases(LU, 0, bad_positive("low", full=True), args=(1e-3, 1.0), kwargs={"rng": RNG},
               name="low")
CASES += cases(LU, 1, bad_positive("high"), args=(1e-3, 1.0), kwargs={"rng": RNG}, name="high")
CASES += cases(LU, "size", [c for c in bad_int("size") if c[0] is not None], args=(1e-3, 1.0),
               kwargs={"rng": RNG})  # size=None is one draw
CASES += [
    param(LU, (1.0, 1.0), {"rng": RNG}, ValueError,
          r"low must be smaller than high; got low=1.0 and high=1.0", "low-equals-high"),
    param(LU, (1.0, 1e-3), {"rng": RNG}, ValueError,
          r"low must be smaller than high; got low=1.0 and high=0.001", "swapped"),
    param(LU, (1e-3, 1.0), {"size": 2**70, "rng": RNG}, ValueError,
          r"size must be below 2\*\*63; got 1180591620717411303424", "size-2**70"),
    param(LU, (1e-3, 1.0), {"rng": "seed"}, TypeError,
          r"rng must be an int seed, a numpy.random.Generator or None; got str", "rng-str"),
    param(LU, (1e-3, 1.0), {"rng": -1}, ValueError, r"rng must be a non-negative int seed",
          "rng-negative"),
    param(LU, (np.array([1e-3]), 1.0), {"rng": RNG}, TypeError,
          r"low must be a real number; got ndarray", "low-array"),
    param(LU, (5e-324, 1e309), {"rng": RNG}, ValueError, r"high must be finite and > 0; got inf",
          "high-inf"),
    param(LU, (5e-324, 1e308), {"size": 3, "rng": RNG}, None, None, "widest-range-works"),
    param(LU, (np.float32(1e-3), np.int64(1)), {"rng": RNG}, None, None, "numpy-scalars-work"),
]
OMLU = one_minus_log_uniform
IN01 = r" must be in \[0, 1\]; got "
CASES += [
    param(OMLU, (-0.1, 0.9), {"rng": RNG}, ValueError, r"low" + IN01 + "-0.1", "low-negative"),
    param(OMLU, (0.9, 1.5), {"rng": RNG}, ValueError, r"high" + IN01 + "1.5", "high-above-1"),
    param(OMLU, (float("nan"), 0.9), {"rng": RNG}, ValueError, r"low" + IN01 + "nan", "low-nan"),
    param(OMLU, ("0.9", 0.99), {"rng": RNG}, TypeError, r"low must be a real number; got str",
          "low-str"),
    param(OMLU, (0.9, None), {"rng": RNG}, TypeError,
          r"high must be a real number; got NoneType", "high-None"),
    param(OMLU, (0.9, True), {"rng": RNG}, TypeError, r"high must be a real number; got bool",
          "high-bool"),
    param(OMLU, (0.9, 1.0), {"rng": RNG}, ValueError,
          r"low and high must satisfy 0 <= low < high < 1; got low=0.9 and high=1.0", "high-1"),
    param(OMLU, (0.99, 0.9), {"rng": RNG}, ValueError,
          r"low and high must satisfy 0 <= low < high < 1; got low=0.99 and high=0.9", "swapped"),
    param(OMLU, (0.5, 1 - 1e-17), {"rng": RNG}, ValueError,
          r"0 <= low < high < 1; got low=0.5 and high=1.0", "high-rounds-to-1"),
    param(OMLU, (1e-20, 2e-20), {"rng": RNG}, ValueError,
          r"low and high must be far enough apart that 1 - high < 1 - low in float64; got "
          r"low=1e-20 and high=2e-20, for which both are 1.0", "too-close-to-0"),
    param(OMLU, (0.9, 0.999), {"size": 0, "rng": RNG}, ValueError,
          r"size must be finite and > 0; got 0", "size-0"),
    param(OMLU, (0.9, 0.999), {"size": 2.0, "rng": RNG}, TypeError,
          r"size must be an int; got float", "size-float"),
    param(OMLU, (0.0, 0.5), {"size": 3, "rng": RNG}, None, None, "from-0-works"),
]
SAMPLE_CASES = [  # (sampler, exc, match, id): its sample(rng) must refuse
    (LogUniform(-1.0, 1.0), ValueError,
     r"LogUniform\(low=-1.0, high=1.0\): low must be finite and > 0; got -1.0", "log-negative"),
    (LogUniform(1.0, 0.1), ValueError, r"low must be smaller than high", "log-swapped"),
    (LogUniform("a", 1.0), TypeError, r"low must be a real number; got str", "log-str"),
    (OneMinusLogUniform(0.9, 1.0), ValueError, r"0 <= low < high < 1", "beta-high-1"),
    (OneMinusLogUniform(0.9, "0.99"), TypeError, r"high must be a real number",
     "beta-str"),
    (Uniform(0.0, float("nan")), ValueError,
     r"Uniform\(low=0.0, high=nan\): high must be a finite real number; got nan", "nan"),
    (Uniform(-1e308, 1e308), ValueError,
     r"high - low must be finite; got low=-1e\+308 and high=1e\+308", "width-overflows"),
    (Uniform(1.0, 0.5), ValueError, r"low must be smaller than high; got low=1.0 and high=0.5",
     "swapped"),
    (Uniform(None, 1.0), TypeError, r"low must be a real number; got NoneType None", "None"),
    (Uniform(0.0, 10**400), ValueError, r"high must be a finite real number", "10**400"),
    (IntUniform(1.5, 3), TypeError, r"IntUniform\(low=1.5, high=3\): low must be an int; got "
     r"float 1.5", "int-float"),
    (IntUniform(True, 3), TypeError, r"low must be an int; got bool", "int-bool"),
    (IntUniform(5, 3), ValueError,
     r"low and high must satisfy -2\*\*63 <= low <= high < 2\*\*63 - 1; got low=5 and high=3",
     "int-swapped"),
    (IntUniform(0, 10**400), ValueError, r"low <= high < 2\*\*63 - 1; got low=0 and high=1000",
     "int-10**400"),
    (Choice("relu"), TypeError,
     r"Choice\(values='relu'\) must offer its values as a list or tuple; got str 'relu'",
     "choice-str"),
    (Choice({16, 32}), TypeError, r"must offer its values as a list or tuple; got set",
     "choice-set"),
    (Choice(5), TypeError, r"must offer its values as a list or tuple; got int 5", "choice-int"),
    (Choice(()), ValueError, r"must offer at least one value; got Choice\(\(\)\)",
     "choice-empty"),
]
CASES += [pytest.param(s.sample, (RNG,), {}, exc, match, id=f"sample-{i}")
          for s, exc, match, i in SAMPLE_CASES]
CASES += [
    pytest.param(Uniform(0, 1).sample, ("seed",), {}, TypeError,
                 r"rng must be an int seed.*got str", id="sample-rng-str"),
    pytest.param(Choice((1, 2)).sample, (None,), {}, None, None, id="sample-rng-None-works"),
    pytest.param(IntUniform(3, 3).sample, (RNG,), {}, None, None, id="sample-int-one-value"),
]
NARROW_CASES = [  # (sampler, values, margin, exc, match, id)
    (LogUniform(1e-3, 1.0), [0.0], 0.1, ValueError,
     r"values must be values LogUniform\(low=0.001, high=1.0\) could draw; got 0.0", "log-0"),
    (LogUniform(1e-3, 1.0), [], 0.1, ValueError, r"values must not be empty", "empty"),
    (LogUniform(1e-3, 1.0), 0.01, 0.1, TypeError,
     r"values must be a list of values the sampler drew; got float", "one-number"),
    (Uniform(0.0, 1.0), [0.5, float("nan")], 0.1, ValueError, r"could draw; got nan", "nan"),
    (Uniform(0.0, 1.0), [0.5], -0.1, ValueError, r"margin must be finite and >= 0; got -0.1",
     "margin-negative"),
    (Uniform(0.0, 1.0), [0.5], "0.1", TypeError, r"margin must be a real number; got str",
     "margin-str"),
    (IntUniform(1, 8), [2.5], 0.1, ValueError, r"IntUniform\(low=1, high=8\) could draw; got "
     r"2.5", "int-fraction"),
    (IntUniform(1, 8), [9], 0.1, ValueError, r"could draw; got 9", "int-outside"),
    (Choice((16, 32)), [64], 0.1, ValueError, r"Choice\(values=\(16, 32\)\) could draw; got 64",
     "choice-outside"),
    (OneMinusLogUniform(0.9, 0.999), [0.5], 0.1, ValueError, r"could draw; got 0.5",
     "beta-outside"),
    (Uniform(1.0, 0.0), [0.5], 0.1, ValueError, r"low must be smaller than high",
     "bad-sampler"),
]
CASES += [pytest.param(s.narrow, (v, mg), {}, exc, match, id=f"narrow-{i}")
          for s, v, mg, exc, match, i in NARROW_CASES]

# --- tuning: random_search and coarse_to_fine -----------------------------------------------------


def flat(config):
    return -abs(config["lr"] - 0.01)


SPACE = {"lr": LogUniform(1e-4, 1.0), "units": IntUniform(2, 8), "size": Choice((16, 32)),
         "keep": Uniform(0.5, 1.0), "beta": OneMinusLogUniform(0.9, 0.999)}
RS = random_search


def _refuse(config):
    raise ValueError(f"evaluate refuses this config: {sorted(config)}")


RS_KW = {"n_trials": 3, "rng": RNG}
BAD_SPACES = [
    ({}, TypeError, r"space must be a non-empty dict \{name: sampler\}, e.g. "
     r"\{'learning_rate': LogUniform\(1e-4, 1e-1\)\}; got dict", "empty"),
    ([LogUniform(1e-4, 1.0)], TypeError, r"space must be a non-empty dict.*got list", "list"),
    (None, TypeError, r"space must be a non-empty dict.*got NoneType", "None"),
    ({"lr": (1e-4, 1.0)}, TypeError,
     r"space\['lr'\] must be a sampler \(LogUniform, OneMinusLogUniform, Uniform, IntUniform or "
     r"Choice\); got tuple", "tuple-sampler"),
    ({"lr": LogUniform}, TypeError, r"space\['lr'\] must be a sampler.*got type", "class"),
    ({1: LogUniform(1e-4, 1.0)}, TypeError,
     r"space's keys must be strings, the hyperparameters' names; got int 1", "int-key"),
    ({"seed": IntUniform(0, 9)}, ValueError,
     r"space must not have the key 'seed': random_search draws each trial's seed itself",
     "seed-key"),
    ({"lr": LogUniform(0.0, 1.0)}, ValueError,
     r"space\['lr'\]: low must be finite and > 0; got 0.0", "log-from-0"),
    ({"lr": LogUniform(1.0, 1e-4)}, ValueError,
     r"space\['lr'\]: low must be smaller than high; got low=1.0 and high=0.0001", "swapped"),
    ({"b": OneMinusLogUniform(0.9, 1.0)}, ValueError,
     r"space\['b'\]: low and high must satisfy 0 <= low < high < 1", "beta-1"),
    ({"k": Uniform(0.5, float("inf"))}, ValueError,
     r"space\['k'\]: high must be a finite real number; got inf", "uniform-inf"),
    ({"k": Uniform(-1e308, 1e308)}, ValueError, r"space\['k'\]: high - low must be finite",
     "uniform-width"),
    ({"n": IntUniform(1.0, 4.0)}, TypeError, r"space\['n'\]: low must be an int; got float",
     "int-floats"),
    ({"n": IntUniform(0, 2**70)}, ValueError, r"space\['n'\]: low and high must satisfy",
     "int-2**70"),
    ({"c": Choice(())}, ValueError, r"space\['c'\] must offer at least one value", "choice-empty"),
    ({"c": Choice("relu")}, TypeError,
     r"space\['c'\] must offer its values as a list or tuple; got str 'relu'", "choice-str"),
    ({"c": Choice(None)}, TypeError, r"space\['c'\] must offer its values.*got NoneType",
     "choice-None"),
]
CASES += cases(RS, 0, BAD_SPACES, args=(SPACE, flat), kwargs=RS_KW, name="space")
CASES += cases(RS, "n_trials", bad_int("n_trials"), args=(SPACE, flat), kwargs=RS_KW)
EVAL = r"evaluate must return a number, or a pair \(number, dict of details\); got "
BAD_EVALUATE = [  # evaluate functions: refused before or after their call
    (3, TypeError, r"evaluate must be a callable evaluate\(config\) -> score; got int",
     "not-callable"),
    (None, TypeError, r"evaluate must be a callable.*got NoneType", "None"),
    (lambda c: "0.5", TypeError, EVAL + r"str '0.5'", "returns-str"),
    (lambda c: True, TypeError, EVAL + r"bool True", "returns-bool"),
    (lambda c: None, TypeError, EVAL + r"NoneType None", "returns-None"),
    (lambda c: 1j, TypeError, EVAL + r"complex 1j", "returns-complex"),
    (lambda c: np.array([0.5]), TypeError, EVAL + r"ndarray", "returns-array"),
    (lambda c: (0.5, {}, 1), TypeError, EVAL + r"a tuple \(0.5, \{\}, 1\)", "returns-triple"),
    (lambda c: (0.5, "details"), TypeError, EVAL + r"a tuple \(0.5, 'details'\)",
     "returns-str-details"),
    (lambda c: (0.5, None), TypeError, EVAL + r"a tuple \(0.5, None\)", "returns-None-details"),
    (lambda c: ("0.5", {}), TypeError, EVAL + r"str '0.5'", "returns-str-score-pair"),
    (lambda c: 10**400, ValueError, EVAL + r"an int too large for a float", "returns-10**400"),
    (_refuse, ValueError, r"evaluate refuses this config", "raises-ValueError"),
]
CASES += cases(RS, 1, BAD_EVALUATE, args=(SPACE, flat), kwargs=RS_KW, name="evaluate")
CASES += [
    param(RS, (SPACE, flat), {**RS_KW, "rng": 1.5}, TypeError, r"rng must be an int seed",
          "rng-float"),
    param(RS, (SPACE, lambda c: float("nan")), RS_KW, None, None, "nan-scores-work"),
    param(RS, (SPACE, lambda c: np.float32(0.5)), RS_KW, None, None, "numpy-score-works"),
    param(RS, ({"n": IntUniform(4, 4)}, lambda c: 0.0), RS_KW, None, None,
          "one-value-int-works"),
]
RESULT = random_search(SPACE, lambda c: -abs(c["lr"] - 0.01) + c["keep"], n_trials=12, rng=3)
C2F = coarse_to_fine
OTHER = random_search({"lr": LogUniform(1e-4, 1.0)}, flat, n_trials=4, rng=0)
CASES += cases(C2F, 0, BAD_SPACES[:8], args=(SPACE, RESULT), name="space")
CASES += cases(C2F, "top", bad_int("top"), args=(SPACE, RESULT))
CASES += cases(C2F, "margin", bad_positive("margin", allow_zero=True, full=True),
               args=(SPACE, RESULT))
CASES += [
    param(C2F, (SPACE, RESULT.trials), {}, TypeError,
          r"result must be a SearchResult with trials, from random_search; got list", "list"),
    param(C2F, (SPACE, SearchResult([])), {}, TypeError,
          r"result must be a SearchResult with trials.*got SearchResult", "no-trials"),
    param(C2F, (SPACE, None), {}, TypeError, r"result must be a SearchResult.*got NoneType",
          "None"),
    param(C2F, (SPACE, OTHER), {}, ValueError,
          r"result must come from a random_search over space: result.trials\[0\] has no "
          r"'units' \(its config has \['lr', 'seed'\]\)", "other-space"),
    param(C2F, ({"lr": LogUniform(1e-8, 1e-6)}, OTHER), {}, ValueError,
          r"result must come from a random_search over space: result.trials\[0\] has lr=.*, "
          r"which space\['lr'\] = LogUniform\(low=1e-08, high=1e-06\) cannot draw",
          "other-range"),
    param(C2F, ({"size": Choice((64, 128))}, RESULT), {}, ValueError,
          r"has size=(16|32), which space\['size'\] = Choice\(values=\(64, 128\)\) cannot draw",
          "other-choices"),
    param(C2F, (SPACE, SearchResult([Trial([1], 0.0, {})])), {}, TypeError,
          r"result.trials\[0\] must be a Trial of random_search, its config a dict; got "
          r"Trial\(config=\[1\]", "config-list"),
    param(C2F, (SPACE, RESULT), {"top": 100}, None, None, "top-beyond-trials-works"),
    param(C2F, (SPACE, RESULT), {"top": 1, "margin": 0}, None, None, "one-trial-no-margin"),
    param(C2F, ({"lr": SPACE["lr"]}, RESULT), {}, None, None, "sub-space-works"),
]

# --- tuning: fit_evaluator ------------------------------------------------------------------------

DX, DY = FX[:, :4], FY[:, :4]
FE = fit_evaluator
FE_KW = {"num_epochs": 1, **SOFTMAX}
CASES += cases(FE, 0, bad_arrays("X_train", FX, short=True), args=(FX, FY, DX, DY),
               kwargs=FE_KW, name="X_train")
CASES += cases(FE, 3, bad_arrays("Y_dev", DY, short=True), args=(FX, FY, DX, DY),
               kwargs=FE_KW, name="Y_dev")
CASES += cases(FE, "num_epochs", bad_int("num_epochs"), args=(FX, FY, DX, DY), kwargs=FE_KW)
CASES += cases(FE, "output_activation", bad_choice("output_activation", ["softmax"])[:3],
               args=(FX, FY, DX, DY), kwargs=FE_KW)
CASES += cases(FE, "hidden_activation", bad_choice("hidden_activation", ["relu"])[:3],
               args=(FX, FY, DX, DY), kwargs=FE_KW)
CASES += cases(FE, "batch_norm", bad_flag("batch_norm"), args=(FX, FY, DX, DY), kwargs=FE_KW)
HYPER = (r"\['beta1', 'beta2', 'hidden_units', 'keep_prob', 'lambd', 'learning_rate', "
         r"'mini_batch_size', 'num_layers', 'seed'\]")
CASES += [
    param(FE, (FX, FY, DX, FLAB[:, :4]), FE_KW, ValueError,
          r"Y_dev must be one-hot with C >= 2 rows for a softmax output", "Y_dev-class-labels"),
    param(FE, (FX, FY, DX, DY * 2), FE_KW, ValueError, r"Y_dev must hold labels 0 or 1; got 2",
          "Y_dev-labels-0-2"),
    param(FE, (FX, FY, DX, one_hot(np.array([[0, 1, 0, 1]]), 2)), FE_KW, ValueError,
          r"Y_dev must have as many rows as Y_train, 3; got Y_dev.shape=\(2, 4\)",
          "Y_dev-two-classes"),
    param(FE, (FX, FY, DX[:2], DY), FE_KW, ValueError,
          r"X_dev must have as many rows as X_train, 3; got X_dev.shape=\(2, 4\)",
          "X_dev-other-features"),
    param(FE, (FX, FY, DX, DY[:, :3]), FE_KW, ValueError,
          r"X_dev and Y_dev must have the same number of columns", "dev-other-m"),
    param(FE, (FX, FLAB, DX, FLAB[:, :4]), {"num_epochs": 1}, ValueError,
          r"Y_train must hold labels 0 or 1; got 2 at index \(0, 2\)", "sigmoid-class-labels"),
    param(FE, (FX, FY, DX, DY), {"num_epochs": 1}, ValueError,
          r"Y_train must have 1 row\(s\), shape \(1, m\); got shape \(3, 8\)",
          "sigmoid-one-hot"),
    param(FE, (FX, FY, DX, DY), {**FE_KW, "defaults": {"learnig_rate": 0.1}}, ValueError,
          rf"defaults must hold only the hyperparameters {HYPER}; got \['learnig_rate'\]",
          "defaults-typo"),
    param(FE, (FX, FY, DX, DY), {**FE_KW, "defaults": [("lambd", 0.1)]}, TypeError,
          r"defaults must be a dict of hyperparameters; got list", "defaults-list"),
    param(FE, (FX, FY, DX, DY), {**FE_KW, "defaults": {"hidden_units": 2.5}}, TypeError,
          r"defaults\['hidden_units'\] must be an int; got float 2.5", "defaults-hidden-float"),
    param(FE, (FX, FY, DX, DY), {**FE_KW, "defaults": {"seed": -1}}, ValueError,
          r"defaults\['seed'\] must be finite and >= 0; got -1", "defaults-seed-negative"),
]
EVALUATE = fit_evaluator(FX, FY, DX, DY, num_epochs=1, defaults={"mini_batch_size": 4},
                         **SOFTMAX)
EVALUATE_BN = fit_evaluator(FX, FY, DX, DY, num_epochs=1, batch_norm=True, **SOFTMAX)
BAD_CONFIGS = [
    ({"lr": 0.1}, ValueError, rf"config must hold only the hyperparameters {HYPER}; got "
     r"\['lr'\]", "typo"),
    ([("learning_rate", 0.1)], TypeError, r"config must be a dict of hyperparameters; got list",
     "list"),
    ({"hidden_units": 2.5}, TypeError, r"config\['hidden_units'\] must be an int; got float 2.5",
     "hidden-float"),
    ({"hidden_units": 0}, ValueError, r"config\['hidden_units'\] must be finite and > 0; got 0",
     "hidden-0"),
    ({"num_layers": -1}, ValueError, r"config\['num_layers'\] must be finite and >= 0; got -1",
     "layers-negative"),
    ({"mini_batch_size": 2.7}, TypeError, r"config\['mini_batch_size'\] must be an int; got "
     r"float 2.7", "batch-float"),
    ({"mini_batch_size": None}, TypeError, r"config\['mini_batch_size'\] must be an int; got "
     r"NoneType", "batch-None"),
    ({"seed": 1.5}, TypeError, r"config\['seed'\] must be an int; got float 1.5", "seed-float"),
    ({"seed": "1"}, TypeError, r"config\['seed'\] must be an int; got str", "seed-str"),
    ({"learning_rate": "0.1"}, TypeError, r"learning_rate must be a real number; got str",
     "lr-str"),
    ({"learning_rate": -0.1}, ValueError, r"learning_rate must be finite and > 0; got -0.1",
     "lr-negative"),
    ({"beta1": 1.0}, ValueError, r"beta1 must be in \[0, 1\); got 1.0", "beta1-1"),
    ({"keep_prob": 0.0}, ValueError, r"keep_prob must be in \(0, 1\]; got 0.0", "keep-0"),
    ({"lambd": float("nan")}, ValueError, r"lambd must be finite and >= 0; got nan", "lambd-nan"),
]
CASES += [pytest.param(EVALUATE, (config,), {}, exc, match, id=f"evaluate-{i}")
          for config, exc, match, i in BAD_CONFIGS]
CASES += [
    pytest.param(EVALUATE_BN, ({"mini_batch_size": 7},), {}, ValueError,
                 ONE + r".*with m = 8 and mini_batch_size = 7", id="evaluate-bn-batch-of-one"),
    pytest.param(EVALUATE, ({"num_layers": 0, "seed": np.int64(3)},), {}, None, None,
                 id="evaluate-no-hidden-layer-works"),
    pytest.param(EVALUATE_BN, ({"mini_batch_size": 4, "num_layers": 2},), {}, None, None,
                 id="evaluate-bn-works"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "exc", "match"), CASES)
def test_refused(fn, args, kwargs, exc, match):
    if exc is None:  # a case that must work
        expect_ok(fn, *deep(args), mutates=("rng",) if "rng" in kwargs else (),
                  **deep(kwargs))
        return
    expect_refusal(fn, *deep(args), exc=exc, match=match, **deep(kwargs))


def test_enough_cases():
    assert len(CASES) >= 150


# --- what works, and what it gives ----------------------------------------------------------------


def test_softmax_of_a_huge_range_is_exact_and_quiet():
    """A score more than the float range below its column's maximum: the subtraction
    overflows to -inf and e^-inf = 0, the right answer (it warned before)."""
    A_ = expect_ok(softmax, np.array([[1e308, 0.0], [-1e308, 1.0]]))
    np.testing.assert_array_equal(A_[:, 0], [1.0, 0.0])
    np.testing.assert_allclose(A_[:, 1], softmax(np.array([[0.0], [1.0]]))[:, 0], rtol=1e-15)
    dZ = expect_ok(softmax_backward, np.ones((2, 2)), np.array([[1e308, 0.0], [-1e308, 1.0]]))
    np.testing.assert_allclose(dZ, 0.0, atol=1e-16)  # a constant dA changes nothing


def test_categorical_costs_agree_and_handle_huge_logits():
    expected = float(-np.sum(Y * np.log(A)) / 6)
    assert expect_ok(categorical_cross_entropy, A, Y) == pytest.approx(expected, rel=1e-14)
    assert expect_ok(categorical_cross_entropy_from_logits, Z, Y) == pytest.approx(expected,
                                                                                 rel=1e-12)
    assert expect_ok(compute_cost, A, Y) == pytest.approx(expected, rel=1e-14)
    # each loss 0, the sum of the log-sum-exps alone would overflow
    zl = np.array([[1.7e308] * 4, [0.0] * 4])
    assert expect_ok(categorical_cross_entropy_from_logits, zl, np.array([[1] * 4, [0] * 4])) == 0
    # one confident wrong answer, exactly its margin
    zl = np.array([[0.0], [-800.0]])
    assert expect_ok(categorical_cross_entropy_from_logits, zl, np.array([[0], [1]])) == 800.0


def test_one_hot_m1_and_floats_with_integer_values():
    np.testing.assert_array_equal(expect_ok(one_hot, np.array([[2.0]]), 3), [[0.0], [0.0], [1.0]])
    Y1 = expect_ok(one_hot, LABELS.astype(np.float32), 3)
    assert Y1.dtype == np.float64
    np.testing.assert_array_equal(np.argmax(Y1, axis=0), LABELS[0])


def test_batchnorm_m1_and_constant_units():
    """One example (variance 0): every unit becomes beta; no warning, no NaN."""
    Zt, cache = expect_ok(batchnorm_forward, Z[:, :1], GAMMA, BETA)
    np.testing.assert_array_equal(Zt, BETA)
    dZ, dgamma, dbeta = expect_ok(batchnorm_backward, DA[:, :1], cache)
    np.testing.assert_array_equal(dgamma, 0.0)  # Z_norm is 0
    np.testing.assert_allclose(dZ, 0.0, atol=1e-12)  # the mean takes the whole gradient
    np.testing.assert_array_equal(dbeta, DA[:, :1])
    Zt32, _ = expect_ok(batchnorm_forward, np.ones((3, 4), np.float32), GAMMA, BETA)
    assert Zt32.dtype == np.float32
    np.testing.assert_array_equal(Zt32, np.broadcast_to(BETA, (3, 4)).astype(np.float32))


def test_batch_norm_network_m1_at_test_time_agrees_with_the_batch():
    alone = np.hstack([expect_ok(predict, X[:, [i]], BN_RUN, **SOFTMAX) for i in range(6)])
    np.testing.assert_array_equal(alone, expect_ok(predict, X, BN_RUN, **SOFTMAX))
    assert alone.dtype == np.int64


def test_model_backward_of_a_softmax_network_is_AL_minus_Y():
    grads = expect_ok(model_backward, AL, Y, CACHES)
    np.testing.assert_allclose(grads["db2"], np.mean(AL - Y, axis=1, keepdims=True), rtol=1e-12)
    grads = expect_ok(model_backward, AL_BN, Y, CACHES_BN)
    assert set(grads) == {"dW1", "dgamma1", "dbeta1", "dW2", "dgamma2", "dbeta2", "dW3", "db3"}


def test_fit_refuses_overflowing_batch_norm_at_the_end_and_quietly():
    """Inputs so large that a batch's variance overflows: batch norm divided by inf and
    trained on zeros with a finite cost, and fit returned running variances of inf.
    Now it raises a DivergenceError naming them, without a warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(DivergenceError, match=r"fit: batch norm's running averages "
                                                  r"\['sigma21'\] are not finite.*normalize "
                                                  r"the inputs"):
            fit(FX * 1e300, FY, FDIMS, **{**FIT_KW, "optimizer": Adam(0.01), "rng": 0})
        with pytest.raises(DivergenceError, match=r"running averages \['sigma21'\]"):
            fit((FX * 1e20).astype(np.float32), FY, FDIMS,
                **{**FIT_KW, "optimizer": Adam(0.01), "rng": 0})
    assert not caught


def test_coarse_to_fine_gives_a_space_random_search_takes():
    """With one trial and no margin, Uniform and IntUniform narrowed to a single
    value, which random_search then refused."""
    finer = expect_ok(coarse_to_fine, SPACE, RESULT, top=1, margin=0)
    best = RESULT.best()[0].config
    assert finer["keep"].low == best["keep"] < finer["keep"].high
    assert finer["units"] == IntUniform(best["units"], best["units"])
    assert finer["size"] == Choice((best["size"],))
    again = expect_ok(random_search, finer, flat, n_trials=3, rng=0)
    assert all(t.config["units"] == best["units"] for t in again.trials)


def test_random_search_gives_the_draws_back_when_refused():
    rng = np.random.default_rng(5)
    state = snapshot(rng)
    calls = []

    def evaluate(config):
        calls.append(config)
        return "good" if len(calls) == 3 else 0.5

    with pytest.raises(TypeError, match=EVAL + "str 'good'"):
        random_search(SPACE, evaluate, n_trials=5, rng=rng)
    assert len(calls) == 3
    assert snapshot(rng) == state
    # and the same draws come again
    again = random_search(SPACE, lambda c: 0.0, n_trials=2, rng=rng)
    assert [t.config for t in again.trials] == [{k: v for k, v in c.items()} for c in calls[:2]]


def test_fit_evaluator_scores_softmax_and_batch_norm():
    score, details = expect_ok(EVALUATE, {"learning_rate": 0.01, "hidden_units": 3})
    assert 0 <= score <= 1
    assert set(details) == {"train_accuracy", "final_cost"}
    assert np.isfinite(details["final_cost"])
    assert EVALUATE({"learning_rate": 0.01, "hidden_units": 3}) == (score, details)


# --- properties -----------------------------------------------------------------------------------

PROPERTY = settings(max_examples=60, deadline=None)
SIZES = st.integers(1, 3)


@st.composite
def one_hots(draw, C, m):
    """One-hot labels most of the time (float, int or bool), else anything."""
    if draw(st.integers(0, 3)) < 3:
        labels = draw(hnp.arrays(np.int64, (1, m), elements=st.integers(0, C - 1)))
        return one_hot(labels, C).astype(draw(st.sampled_from([np.float64, np.int64, bool])))
    return draw(arg((C, m)))


SCORES = st.one_of(st.floats(-50, 50), st.floats(), st.sampled_from([1e308, -1e308, 1.7e308]))


@PROPERTY
@given(st.tuples(st.integers(1, 4), SIZES).flatmap(lambda s: st.tuples(
    st.one_of(arg(s), hnp.arrays(np.float64, s, elements=SCORES)), arg(s))))
def test_softmax_and_its_backward(pair):
    Z_, dA = pair
    ok, A_ = outcome(softmax, Z_)
    if ok:
        assert A_.shape == np.shape(Z_)
        assert finite(A_)
        assert ((A_ >= 0) & (A_ <= 1)).all()
        np.testing.assert_allclose(A_.sum(axis=0), 1.0, rtol=1e-5)
    ok, dZ = outcome(softmax_backward, dA, Z_)
    if ok:
        assert dZ.shape == np.shape(Z_)
        assert finite(dZ)


@PROPERTY
@given(st.integers(1, 5).flatmap(lambda m: st.one_of(
    hnp.arrays(np.int64, (1, m), elements=st.integers(-1, 4)), arg((1, m)))),
    st.one_of(st.integers(1, 4), st.integers(-2, 12), st.sampled_from([10**6 + 1, 10**400]),
              JUNK))
def test_one_hot(labels, num_classes):
    ok, Y_ = outcome(one_hot, labels, num_classes)
    if ok:
        assert Y_.shape == (num_classes, np.shape(labels)[1])
        assert (Y_.sum(axis=0) == 1).all()
        np.testing.assert_array_equal(np.argmax(Y_, axis=0), np.asarray(labels, float)[0])


@st.composite
def outputs_and_one_hots(draw):
    C, m = draw(st.sampled_from([2, 2, 3, 4, 1])), draw(SIZES)
    kind = draw(st.sampled_from([0, 0, 1, 2]))
    if kind == 0:  # a softmax output
        out = softmax(draw(hnp.arrays(np.float64, (C, m), elements=st.floats(-30, 30))))
    elif kind == 1:  # huge logits
        out = draw(hnp.arrays(np.float64, (C, m), elements=SCORES))
    else:
        out = draw(arg((C, m)))
    return out, draw(one_hots(max(C, 2) if draw(st.integers(0, 3)) == 0 else C, m))


@PROPERTY
@given(outputs_and_one_hots())
def test_categorical_costs(pair):
    for fn in (categorical_cross_entropy, categorical_cross_entropy_from_logits, compute_cost):
        ok, cost = outcome(fn, *pair)
        if ok:
            assert isinstance(cost, float)
            assert np.isfinite(cost)
            assert cost >= -1e-9


@PROPERTY
@given(st.tuples(SIZES, st.integers(1, 4)).flatmap(lambda s: st.tuples(
    st.one_of(arg(s), hnp.arrays(np.float64, s, elements=SCORES)), arg((s[0], 1)),
    arg((s[0], 1)), arg(s))),
    st.one_of(st.just(1e-5), st.floats(), st.sampled_from([1e-50, 1e-320, 1e39, 0, "x"])))
def test_batchnorm(arrays, epsilon):
    Z_, gamma, beta, dZ_tilde = arrays
    ok, out = outcome(batchnorm_forward, Z_, gamma, beta, epsilon=epsilon)
    if not ok:
        return
    Z_tilde, cache = out
    assert Z_tilde.shape == np.shape(Z_)
    assert finite(Z_tilde, cache.Z_norm, cache.var)
    ok, grads = outcome(batchnorm_backward, dZ_tilde, cache)
    if ok:
        dZ, dgamma, dbeta = grads
        assert dZ.shape == np.shape(Z_)
        assert dgamma.shape == dbeta.shape == np.shape(gamma)
        assert finite(dZ, dgamma, dbeta)


@st.composite
def bn_networks(draw):
    """(X, Y, params): a softmax network, batch-normalized half the time, running
    averages or not, whose arrays may be anything."""
    dims = [draw(SIZES), draw(SIZES), draw(SIZES), draw(st.integers(2, 3))]
    m = draw(SIZES)
    clean = not draw(st.booleans())
    bn = draw(st.booleans())
    params = {}
    for l in range(1, 4):
        params[f"W{l}"] = draw(arg((dims[l], dims[l - 1]), clean=clean))
        if bn and l < 3:
            params[f"gamma{l}"] = draw(arg((dims[l], 1), clean=clean))
            params[f"beta{l}"] = draw(arg((dims[l], 1), clean=clean))
            if draw(st.integers(0, 3)) > 0:
                params[f"mu{l}"] = draw(arg((dims[l], 1), clean=clean))
                params[f"sigma2{l}"] = np.abs(draw(arg((dims[l], 1), clean=True)))
        else:
            params[f"b{l}"] = draw(arg((dims[l], 1), clean=clean))
    return draw(arg((dims[0], m), clean=clean)), draw(one_hots(dims[-1], m)), params


@PROPERTY
@given(bn_networks(), st.booleans(), st.one_of(st.just(1e-5), st.floats(), st.just(1e-50)))
def test_softmax_and_batch_norm_networks(net, training, epsilon):
    X_, Y_, params = net
    ok, out = outcome(model_forward, X_, params, output_activation="softmax",
                      training=training, epsilon=epsilon)
    if ok:
        AL_, caches = out
        assert finite(AL_)
        np.testing.assert_allclose(AL_.sum(axis=0), 1.0, rtol=1e-5)
        ok, grads = outcome(model_backward, AL_, Y_, caches)
        if ok:
            assert training or "gamma1" not in params  # test-time caches have no backward
            assert {k[1:] for k in grads} == {k for k in params if not k.startswith(("mu",
                                                                                  "sigma2"))}
            assert finite(*grads.values())
    ok, pred = outcome(predict, X_, params, output_activation="softmax", epsilon=epsilon)
    if ok:
        assert pred.dtype == np.int64
        assert ((pred >= 0) & (pred < np.shape(params["W3"])[0])).all()


NUMBER = st.one_of(st.floats(), st.integers(-(10**400), 10**400), st.floats(0, 1),
                   st.sampled_from([0, 1, 1e-4, 0.5, 0.9, 0.999, 1e308, True, "0.1", None]))


def ranges(low, high):
    """Mostly a sound range (low < high, both drawn from [low, high]), else any two numbers."""
    sound = st.lists(st.floats(low, high), min_size=2, max_size=2, unique=True).map(sorted)
    return st.one_of(sound, sound, sound, st.tuples(NUMBER, NUMBER))


SAMPLERS = st.one_of(
    ranges(1e-300, 1e300).map(lambda r: LogUniform(*r)),
    ranges(0.0, 0.9999).map(lambda r: OneMinusLogUniform(*r)),
    ranges(-1e300, 1e300).map(lambda r: Uniform(*r)),
    st.one_of(st.tuples(st.integers(-3, 5), st.integers(5, 9)),
              st.tuples(st.integers(-3, 5), NUMBER)).map(lambda r: IntUniform(*r)),
    st.builds(Choice, st.one_of(st.tuples(st.integers()), st.lists(st.integers(), max_size=3),
                                JUNK)))


def could_draw(sampler, value):
    if isinstance(sampler, Choice):
        return value in sampler.values
    if isinstance(sampler, IntUniform):
        return isinstance(value, int) and sampler.low <= value <= sampler.high
    return isinstance(value, float) and sampler.low <= value <= sampler.high


@PROPERTY
@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), SAMPLERS, min_size=1, max_size=2),
       st.integers(1, 3), st.one_of(st.floats(0, 1), NUMBER))
def test_samplers_search_and_narrow(space, n_trials, margin):
    ok, result = outcome(random_search, space, lambda c: float(len(str(c))), n_trials=n_trials,
                         rng=np.random.default_rng(0), changes=("rng",))
    if not ok:
        return
    for trial in result.trials:
        assert all(could_draw(space[k], trial.config[k]) for k in space)
    ok, finer = outcome(coarse_to_fine, space, result, top=2, margin=margin)
    if ok:
        assert set(finer) == set(space)
        ok, again = outcome(random_search, finer, lambda c: 0.0, n_trials=2,
                            rng=np.random.default_rng(1), changes=("rng",))
        assert ok, again  # a narrowed space is always one random_search takes
        for trial in again.trials:
            assert all(could_draw(space[k], trial.config[k]) for k in space)
