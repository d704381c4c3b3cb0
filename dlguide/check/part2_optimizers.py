"""Graders of Part II, optimizers and decay: ``update_parameters_with_momentum``,
``..._with_rmsprop``, ``..._with_adam``, ``inverse_time_decay``.

The assignments are in :doc:`/assignments/part2`.
"""

from __future__ import annotations

import numpy as np

from .. import schedules
from .compare import ATOL, RTOL, close
from .registry import grader
from .runner import summary
from .variants import adam_step, momentum_step, ref_adam, ref_momentum, ref_rmsprop, rmsprop_step


def _optimizer_case(rng):
    params = {"W1": rng.normal(size=(4, 3)), "b1": rng.normal(size=(4, 1)),
              "W2": rng.normal(size=(1, 4)), "b2": rng.normal(size=(1, 1))}

    def grads():
        g = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
        g["dW1"][0, :] = (0.0, 1e-7, -1e-7)  # zero and tiny gradients: epsilon matters there
        return g

    return params, grads


def _check_state(S, label, got, ref, variants, old=None):
    """Compare a state dict (``v`` or ``s``) key by key."""
    S.mapping(label, got, list(ref))
    for key in ref:
        S.array(f"{label}['{key}']", got[key], ref[key],
                variants=[(var[key], msg) for var, msg in variants
                          if not close(var[key], ref[key])])
        if old is not None and close(got[key], old[key]) and not close(ref[key], old[key]):
            S.fail(f"{label}['{key}'] is returned unchanged; it must be updated and returned")


def _same_state(a, b):
    return all(close(a[k], b[k]) for k in b)


def _check_params(S, got, ref, old, variants, sign_hint):
    """Compare the parameters; ``variants`` are (parameters, message) pairs whose state
    (v, s) equals the reference state, which the learner's state has already matched."""
    S.mapping("the returned parameters", got, list(ref))
    for key in ref:
        S.array(f"parameters['{key}']", got[key], ref[key], old=old[key],
                variants=[(var[key], msg) for var, msg in variants
                          if not close(var[key], ref[key])],
                sign_hint=sign_hint)


@grader('update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)', reference=ref_momentum)
def update_parameters_with_momentum(S):
    r"""Grade ``update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)``.

    The function is called as ``learner_fn(parameters, grads, v, beta,
    learning_rate)`` with the velocity ``v = {"dW1": ..., "db1": ..., ...}``
    (shaped like the parameters) and must return ``(parameters, v)`` after one
    step of gradient descent with momentum, for every parameter:

    .. math:: v_{dW} \leftarrow \beta v_{dW} + (1 - \beta)\, dW, \qquad
              W \leftarrow W - \alpha\, v_{dW}

    It may update ``parameters`` and ``v`` in place (as the course does). The
    grader runs three steps (from a nonzero velocity, then from zeros, then
    on), each from the reference state, so that each step is judged alone.

    Parameters
    ----------
    learner_fn : callable
        ``update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
        -> (parameters, v)``.

    Returns
    -------
    Result

    Notes
    -----
    Checks ``v`` first, then the parameters. Diagnoses a missing ``1 - beta``,
    ``beta`` and ``1 - beta`` swapped, ``v`` not updated, a step along ``dW`` or
    along the old velocity, a step uphill, a layer or bias skipped, a step off
    by a factor, missing keys and a mutated ``grads``.

    Examples
    --------
    >>> from dlguide import check
    >>> momentum = check.reference("update_parameters_with_momentum")
    >>> check.update_parameters_with_momentum(momentum)
    update_parameters_with_momentum passed: 6 steps, some drawn afresh; values, shapes and types match the reference, and grads is unchanged (parameters and v may be updated in place).
    >>> check.update_parameters_with_momentum(
    ...     lambda parameters, grads, v, beta, learning_rate:
    ...         momentum(parameters, grads, v, 1 - beta, learning_rate))
    update_parameters_with_momentum failed: beta and 1 - beta are swapped: v = beta * v + (1 - beta) * dW
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (1, 4), b2 (1, 1)}, grads {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, v {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, beta=0.9, learning_rate=0.1
    """
    rng = S.gen(22)
    params, grads_of = _optimizer_case(rng)
    beta, lr = 0.9, 0.1
    v = {"d" + k: rng.normal(0.0, 0.5, p.shape) for k, p in params.items()}
    for step in range(3):
        if step == 1:
            v = {k: np.zeros_like(x) for k, x in v.items()}  # as initialize_velocity
        grads = grads_of()
        out = S.call({"parameters": params, "grads": grads, "v": v, "beta": beta,
                      "learning_rate": lr}, may_change=("parameters", "v"))
        got_params, got_v = S.returned(out, 2, "(parameters, v)")
        ref_params, ref_v = momentum_step(params, grads, v, beta, lr)
        kinds = [
            ({"one_minus": False}, "v = beta * v + (1 - beta) * dW: the factor (1 - beta) on the "
                                   "gradient is missing"),
            ({"swap": True}, "beta and 1 - beta are swapped: v = beta * v + (1 - beta) * dW"),
            ({"update_v": False}, "v is returned unchanged: update it, v = beta * v + (1 - beta)"
                                  " * dW, and return the new v"),
            ({"step": "grad"}, "the parameters step along dW; momentum steps along the "
                               "velocity: W = W - learning_rate * v"),
            ({"step": "old"}, "the parameters step along the old velocity: update v first, "
                              "then W = W - learning_rate * v with the new v"),
        ]
        outs = [(momentum_step(params, grads, v, beta, lr, **kw), msg) for kw, msg in kinds]
        _check_state(S, "v", got_v, ref_v, [(o[1], msg) for o, msg in outs], old=v)
        _check_params(S, got_params, ref_params, params,
                      [(o[0], msg) for o, msg in outs if _same_state(o[1], ref_v)],
                      "The step goes downhill: W = W - learning_rate * v.")
        S.unchanged()
        params, v = ref_params, ref_v
    return summary(S, "steps", "parameters and v")


@grader('update_parameters_with_rmsprop(parameters, grads, s, beta, learning_rate, epsilon)', reference=ref_rmsprop)
def update_parameters_with_rmsprop(S):
    r"""Grade ``update_parameters_with_rmsprop(parameters, grads, s, beta, learning_rate, epsilon)``.

    The function is called as ``learner_fn(parameters, grads, s, beta,
    learning_rate, epsilon)`` with the running average of squared gradients
    ``s = {"dW1": ..., "db1": ..., ...}`` and must return ``(parameters, s)``
    after one RMSprop step, for every parameter:

    .. math:: s_{dW} \leftarrow \beta s_{dW} + (1 - \beta)\, dW^2, \qquad
              W \leftarrow W - \alpha \frac{dW}{\sqrt{s_{dW}} + \varepsilon}

    as :class:`dlguide.optimizers.RMSprop`. It may update in place. Some
    gradient entries are 0 or tiny, where epsilon decides the step.

    Parameters
    ----------
    learner_fn : callable
        ``update_parameters_with_rmsprop(parameters, grads, s, beta, learning_rate,
        epsilon) -> (parameters, s)``.

    Returns
    -------
    Result

    Notes
    -----
    Checks ``s`` first, then the parameters. Diagnoses a missing square, a
    missing ``1 - beta``, swapped factors, ``s`` not updated, no square root,
    epsilon inside the root or missing (NaN, with NumPy's warning), the old ``s``
    used, a step uphill, a skipped parameter and a mutated ``grads``.

    Examples
    --------
    >>> from dlguide import check
    >>> rmsprop = check.reference("update_parameters_with_rmsprop")
    >>> check.update_parameters_with_rmsprop(rmsprop)
    update_parameters_with_rmsprop passed: 6 steps, some drawn afresh; values, shapes and types match the reference, and grads is unchanged (parameters and s may be updated in place).
    >>> check.update_parameters_with_rmsprop(
    ...     lambda parameters, grads, s, beta, learning_rate, epsilon:
    ...         rmsprop(parameters, grads, s, beta, -learning_rate, epsilon))
    update_parameters_with_rmsprop failed: the step on parameters['W1'] (new value minus old) has the wrong sign: it is exactly minus the expected value
      The step goes downhill: W = W - learning_rate * dW / (np.sqrt(s) + epsilon).
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (1, 4), b2 (1, 1)}, grads {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, s {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, beta=0.999, learning_rate=0.01, epsilon=1e-08
    """
    rng = S.gen(23)
    params, grads_of = _optimizer_case(rng)
    beta, lr, eps = 0.999, 0.01, 1e-8
    s = {"d" + k: rng.uniform(0.0, 0.5, p.shape) for k, p in params.items()}
    for step in range(3):
        if step == 1:
            s = {k: np.zeros_like(x) for k, x in s.items()}
        grads = grads_of()
        out = S.call({"parameters": params, "grads": grads, "s": s, "beta": beta,
                      "learning_rate": lr, "epsilon": eps}, may_change=("parameters", "s"))
        got_params, got_s = S.returned(out, 2, "(parameters, s)")
        ref_params, ref_s = rmsprop_step(params, grads, s, beta, lr, eps)
        kinds = [
            ({"square": False}, "s must average the squared gradient: s = beta * s + (1 - beta) "
                                "* dW**2 (the square is missing)"),
            ({"one_minus": False}, "s = beta * s + (1 - beta) * dW**2: the factor (1 - beta) is "
                                   "missing"),
            ({"swap": True}, "beta and 1 - beta are swapped: s = beta * s + (1 - beta) * dW**2"),
            ({"update_s": False}, "s is returned unchanged: update it and return the new s"),
            ({"root": False}, "the step divides by s; it divides by its square root: "
                              "W = W - learning_rate * dW / (np.sqrt(s) + epsilon)"),
            ({"eps_inside": True}, "epsilon belongs outside the square root: np.sqrt(s) + "
                                   "epsilon, not np.sqrt(s + epsilon)"),
            ({"use_eps": False}, ("epsilon is missing from the denominator",
                                  "Where s is 0 the step is 0 / 0 = NaN: W = W - learning_rate * "
                                  "dW / (np.sqrt(s) + epsilon).")),
            ({"step": "old"}, "the step uses the old s: update s first, then divide by "
                              "np.sqrt(s) + epsilon with the new s"),
        ]
        outs = [(rmsprop_step(params, grads, s, beta, lr, eps, **kw), msg) for kw, msg in kinds]
        _check_state(S, "s", got_s, ref_s, [(o[1], msg) for o, msg in outs], old=s)
        _check_params(S, got_params, ref_params, params,
                      [(o[0], msg) for o, msg in outs if _same_state(o[1], ref_s)],
                      "The step goes downhill: W = W - learning_rate * dW / (np.sqrt(s) + "
                      "epsilon).")
        S.unchanged()
        params, s = ref_params, ref_s
    return summary(S, "steps", "parameters and s")


_ADAM_KINDS = [
    ({"store_corrected": True}, ("the bias-corrected v and s are returned as the new state",
                                 "Keep v and s uncorrected; the bias correction only scales the "
                                 "step: v_corrected = v / (1 - beta1**t) is a separate "
                                 "variable.")),
    ({"one_minus": False}, "the factors (1 - beta1) and (1 - beta2) on the gradient are "
                           "missing: v = beta1 * v + (1 - beta1) * dW"),
    ({"square": False}, "s must average the squared gradient: s = beta2 * s + (1 - beta2) * "
                        "dW**2 (the square is missing)"),
    ({"swap": True}, "beta1 and beta2 are swapped: beta1 (0.9) averages the gradients (v), "
                     "beta2 (0.999) their squares (s)"),
    ({"correct_v": False, "correct_s": False},
     ("there is no bias correction",
      "Divide before the step: v_corrected = v / (1 - beta1**t), s_corrected = s / (1 - "
      "beta2**t).")),
    ({"correct_v": False}, "v has no bias correction (s has): v_corrected = v / (1 - beta1**t)"),
    ({"correct_s": False}, "s has no bias correction (v has): s_corrected = s / (1 - beta2**t)"),
    ({"power": False}, "the bias correction divides by 1 - beta1 (and 1 - beta2); it divides by "
                       "1 - beta1**t and 1 - beta2**t, with the power t"),
    ({"t_shift": -1}, ("the bias correction uses t - 1, as if t started at 0",
                       "t counts the updates from 1: at the first update t = 1 and "
                       "1 - beta1**t = 1 - beta1. With t = 0, 1 - beta1**0 = 0 and the "
                       "correction divides by zero.")),
    ({"t_shift": 1}, ("the bias correction uses t + 1",
                      "The caller already counted this update (t = t + 1 before the call): "
                      "use the t it passes, 1 - beta1**t.")),
    ({"root": False}, "the step divides by s_corrected; it divides by its square root: "
                      "v_corrected / (np.sqrt(s_corrected) + epsilon)"),
    ({"eps_inside": True}, "epsilon belongs outside the square root: np.sqrt(s_corrected) + "
                           "epsilon, not np.sqrt(s_corrected + epsilon)"),
    ({"use_eps": False}, ("epsilon is missing from the denominator",
                          "Where s is 0 the step is 0 / 0 = NaN: divide by "
                          "np.sqrt(s_corrected) + epsilon.")),
]


@grader('update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)', reference=ref_adam)
def update_parameters_with_adam(S):
    r"""Grade ``update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)``.

    The function is called as ``learner_fn(parameters, grads, v, s, t,
    learning_rate, beta1, beta2, epsilon)`` (all positional) with ``v`` and ``s``
    dicts keyed ``"dW1", "db1", ...`` and the update count ``t`` (1 on the first
    update), and must return ``(parameters, v, s)`` after one Adam step (the
    course's later version, which also returns ``v_corrected, s_corrected``, is
    accepted):

    .. math::
        v &\leftarrow \beta_1 v + (1 - \beta_1)\, dW, &
        s &\leftarrow \beta_2 s + (1 - \beta_2)\, dW^2, \\
        \hat v &= \frac{v}{1 - \beta_1^t}, &
        \hat s &= \frac{s}{1 - \beta_2^t}, \qquad
        W \leftarrow W - \alpha \frac{\hat v}{\sqrt{\hat s} + \varepsilon}

    as :class:`dlguide.optimizers.Adam`. It may update in place. The grader runs
    t = 1, 2, 3 from zero moments, each step from the reference state.

    Parameters
    ----------
    learner_fn : callable
        ``update_parameters_with_adam(parameters, grads, v, s, t, learning_rate,
        beta1, beta2, epsilon) -> (parameters, v, s)``.

    Returns
    -------
    Result

    Notes
    -----
    Checks ``v``, then ``s``, then the parameters. Diagnoses no bias correction
    (or on only one moment), the correction with t - 1 (t starting at 0) or
    t + 1 or without the power t, the corrected moments stored as the state,
    missing ``1 - beta``, a missing square, the betas swapped, no square root,
    epsilon inside the root or missing, a step uphill, a skipped parameter and
    a mutated ``grads``.

    Examples
    --------
    >>> from dlguide import check
    >>> adam = check.reference("update_parameters_with_adam")
    >>> check.update_parameters_with_adam(adam)
    update_parameters_with_adam passed: 6 steps (t = 1, 2, 3, twice), some drawn afresh; values, shapes and types match the reference, and grads is unchanged (parameters, v and s may be updated in place).
    >>> check.update_parameters_with_adam(lambda parameters, grads, v, s, t, *args:
    ...                                   adam(parameters, grads, v, s, t + 1, *args))
    update_parameters_with_adam failed: the bias correction uses t + 1
      The caller already counted this update (t = t + 1 before the call): use the t it passes, 1 - beta1**t.
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (1, 4), b2 (1, 1)}, grads {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, v {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, s {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, t=1, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-08
    """
    rng = S.gen(24)
    params, grads_of = _optimizer_case(rng)
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    v = {"d" + k: np.zeros_like(p) for k, p in params.items()}
    s = {"d" + k: np.zeros_like(p) for k, p in params.items()}
    for t in (1, 2, 3):
        grads = grads_of()
        out = S.call({"parameters": params, "grads": grads, "v": v, "s": s, "t": t,
                      "learning_rate": lr, "beta1": b1, "beta2": b2, "epsilon": eps},
                     may_change=("parameters", "v", "s"))
        if isinstance(out, (tuple, list)) and len(out) == 5:
            out = tuple(out)[:3]  # the course's later version also returns v_hat, s_hat
        got_params, got_v, got_s = S.returned(out, 3, "(parameters, v, s)")
        ref_params, ref_v, ref_s = adam_step(params, grads, v, s, t, lr, b1, b2, eps)
        outs = [(adam_step(params, grads, v, s, t, lr, b1, b2, eps, **kw), msg)
                for kw, msg in _ADAM_KINDS]
        _check_state(S, "v", got_v, ref_v, [(o[1], msg) for o, msg in outs], old=v)
        _check_state(S, "s", got_s, ref_s, [(o[2], msg) for o, msg in outs], old=s)
        _check_params(S, got_params, ref_params, params,
                      [(o[0], msg) for o, msg in outs
                       if _same_state(o[1], ref_v) and _same_state(o[2], ref_s)],
                      "The step goes downhill: W = W - learning_rate * v_corrected / "
                      "(np.sqrt(s_corrected) + epsilon).")
        S.unchanged()
        params, v, s = ref_params, ref_v, ref_s
    return summary(S, "steps (t = 1, 2, 3, twice)", "parameters, v and s")


@grader('inverse_time_decay(learning_rate0, epoch, decay_rate)', reference=schedules.inverse_time_decay,
        hints=((ZeroDivisionError, "at epoch 0 the denominator must be 1: alpha = "
                                             "learning_rate0 / (1 + decay_rate * epoch)"),))
def inverse_time_decay(S):
    r"""Grade ``inverse_time_decay(learning_rate0, epoch, decay_rate)``.

    The function is called as ``learner_fn(learning_rate0, epoch, decay_rate)``
    with epochs counted from 0 and must return the number

    .. math:: \alpha = \frac{\alpha_0}{1 + \text{decay\_rate} \cdot \text{epoch}}

    as :func:`dlguide.schedules.inverse_time_decay`.

    Parameters
    ----------
    learner_fn : callable
        ``inverse_time_decay(learning_rate0, epoch, decay_rate) -> float``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a multiplication in place of the division, epochs counted from 1,
    exponential or square-root decay, a squared denominator, misplaced
    parentheses, a missing learning_rate0 or decay_rate, a missing ``1 +``
    (division by zero at epoch 0, reported with its line) and a list or array
    returned.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.schedules import inverse_time_decay
    >>> check.inverse_time_decay(inverse_time_decay)
    inverse_time_decay passed: 10 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.inverse_time_decay(lambda learning_rate0, epoch, decay_rate:
    ...                          learning_rate0 * (1 + decay_rate * epoch))
    inverse_time_decay failed: it multiplies by (1 + decay_rate * epoch); it divides: alpha = learning_rate0 / (1 + decay_rate * epoch)
      Test case: the epochs 0, 2, 5, 10 and 3 with several learning_rate0 and decay_rate
    """
    cases = [(0.5, 0, 1.0), (0.5, 2, 1.0), (0.1, 5, 0.3), (0.2, 10, 0.05), (0.3, 3, 0.0)]
    got = []
    for lr0, epoch, k in cases:
        value = S.call({"learning_rate0": lr0, "epoch": epoch, "decay_rate": k})
        got.append(S.as_number(f"the learning rate at epoch {epoch}", value))
    got = np.array(got)
    lr0s, epochs, ks = (np.array(c, dtype=np.float64) for c in zip(*cases, strict=True))
    ref = np.array([schedules.inverse_time_decay(*c) for c in cases])
    S.case = "the epochs 0, 2, 5, 10 and 3 with several learning_rate0 and decay_rate"
    if close(got, ref):
        return summary(S)
    variants = [
        (lr0s * (1 + ks * epochs), "it multiplies by (1 + decay_rate * epoch); it divides: "
                                   "alpha = learning_rate0 / (1 + decay_rate * epoch)"),
        (lr0s / (1 + ks * (epochs + 1)), ("it counts the epochs from 1 (epoch + 1)",
                                          "Epochs count from 0 here, and at epoch 0 the rate "
                                          "is learning_rate0 itself.")),
        (lr0s * ks**epochs, "that is exponential decay, learning_rate0 * decay_rate**epoch; "
                            "inverse-time decay divides by (1 + decay_rate * epoch)"),
        (lr0s / (1 + ks) ** epochs, "it divides by (1 + decay_rate)**epoch; inverse-time decay "
                                    "divides by (1 + decay_rate * epoch)"),
        (1 / (1 + ks * epochs), "learning_rate0 is missing: alpha = learning_rate0 / (1 + "
                                "decay_rate * epoch)"),
        (lr0s / (1 + epochs), "decay_rate is missing: alpha = learning_rate0 / (1 + decay_rate "
                              "* epoch)"),
        (lr0s / (1 + ks * epochs) ** 2, "the denominator is squared"),
        (lr0s / (1 + ks * epochs) ** 0.5, "that is a square-root decay; inverse-time decay "
                                          "divides by (1 + decay_rate * epoch)"),
        (lr0s / (1 + ks) * epochs, "the parentheses are misplaced: learning_rate0 / (1 + "
                                   "decay_rate * epoch)"),
    ]
    for variant, message in variants:
        if close(got, variant):
            S.fail(*((message,) if isinstance(message, str) else message))
    i = int(np.argmax(~np.isclose(got, ref, rtol=RTOL, atol=ATOL)))
    S.case = ""
    S.fail(f"at epoch {cases[i][1]} with learning_rate0={cases[i][0]}, decay_rate={cases[i][2]}"
           f" it returns {got[i]:.6g}; expected {ref[i]:.6g}",
           "alpha = learning_rate0 / (1 + decay_rate * epoch).")
    return None  # unreachable
