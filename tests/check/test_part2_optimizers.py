"""Broken implementations of the graders in dlguide.check.part2_optimizers, and the diagnosis each gets."""

from __future__ import annotations

import numpy as np
import pytest
from grading import Broken, assert_diagnosed, assert_table_covers

from dlguide.check import part2_optimizers

BROKEN = Broken()


# --- momentum -------------------------------------------------------------------


def _mom(parameters, grads, v, beta, learning_rate, *, one_minus=True, step="v", sign=1,
         return_v="new", skip_b=False, swap=False):
    new_p, new_v = {}, {}
    for k, p in parameters.items():
        g = grads["d" + k]
        a, c = (1 - beta, beta) if swap else (beta, 1 - beta)
        nv = a * v["d" + k] + (c if one_minus else 1) * g
        direction = {"v": nv, "g": g, "old": v["d" + k]}[step]
        new_p[k] = p if (skip_b and k[0] == "b") else p - sign * learning_rate * direction
        new_v["d" + k] = nv if return_v == "new" else v["d" + k]
    return new_p, new_v


@BROKEN("update_parameters_with_momentum", "(1 - beta) on the gradient is missing")
def mom_no_one_minus(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, one_minus=False)


@BROKEN("update_parameters_with_momentum", "step along dw")
def mom_steps_along_grad(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, step="g")


@BROKEN("update_parameters_with_momentum", "wrong sign", "downhill")
def mom_sign(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, sign=-1)


@BROKEN("update_parameters_with_momentum", "v is returned unchanged")
def mom_v_not_returned(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, return_v="old")


@BROKEN("update_parameters_with_momentum", "parameters['b1'] did not change")
def mom_skips_b(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, skip_b=True)


@BROKEN("update_parameters_with_momentum", "swapped")
def mom_swapped(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, swap=True)


@BROKEN("update_parameters_with_momentum", "old velocity")
def mom_old_v(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, step="old")


@BROKEN("update_parameters_with_momentum", "mutated", "grads")
def mom_mutates_grads(parameters, grads, v, beta, learning_rate):
    for k in grads:
        grads[k] *= 1 - beta
        v[k] = beta * v[k] + grads[k]
    return {k: p - learning_rate * v["d" + k] for k, p in parameters.items()}, v


# --- rmsprop ----------------------------------------------------------------------


def _rms(parameters, grads, s, beta, learning_rate, epsilon, *, root=True, square=True,
         eps_inside=False, sign=1, one_minus=True, use_eps=True, old_s=False):
    new_p, new_s = {}, {}
    for k, p in parameters.items():
        g = grads["d" + k]
        ns = beta * s["d" + k] + ((1 - beta) if one_minus else 1) * (g**2 if square else g)
        base = s["d" + k] if old_s else ns
        e = epsilon if use_eps else 0
        denom = (np.sqrt(base + e) if eps_inside else np.sqrt(base) + e) if root else base + e
        new_p[k] = p - sign * learning_rate * g / denom
        new_s["d" + k] = ns
    return new_p, new_s


@BROKEN("update_parameters_with_rmsprop", "square root")
def rms_no_root(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, root=False)


@BROKEN("update_parameters_with_rmsprop", "squared gradient", "square is missing")
def rms_no_square(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, square=False)


@BROKEN("update_parameters_with_rmsprop", "epsilon belongs outside the square root")
def rms_eps_inside(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, eps_inside=True)


@BROKEN("update_parameters_with_rmsprop", "wrong sign")
def rms_sign(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, sign=-1)


@BROKEN("update_parameters_with_rmsprop", "(1 - beta) is missing")
def rms_no_one_minus(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, one_minus=False)


@BROKEN("update_parameters_with_rmsprop", "epsilon is missing", "nan",
        "invalid value encountered")
def rms_no_eps(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, use_eps=False)


@BROKEN("update_parameters_with_rmsprop", "old s")
def rms_old_s(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, old_s=True)


# --- adam -------------------------------------------------------------------------


def _adam(parameters, grads, v, s, t, lr, b1, b2, eps, *, correct_v=True, correct_s=True,
          t_used=None, eps_inside=False, store=False, swap=False, root=True, power=True):
    t = t if t_used is None else t_used(t)
    if swap:
        b1, b2 = b2, b1
    new_p, new_v, new_s = {}, {}, {}
    for k, p in parameters.items():
        g = grads["d" + k]
        nv = b1 * v["d" + k] + (1 - b1) * g
        ns = b2 * s["d" + k] + (1 - b2) * g * g
        vh = nv / ((1 - b1**t) if power else (1 - b1)) if correct_v else nv
        sh = ns / ((1 - b2**t) if power else (1 - b2)) if correct_s else ns
        if root:
            denom = np.sqrt(sh + eps) if eps_inside else np.sqrt(sh) + eps
        else:
            denom = sh + eps
        new_p[k] = p - lr * vh / denom
        new_v["d" + k], new_s["d" + k] = (vh, sh) if store else (nv, ns)
    return new_p, new_v, new_s


@BROKEN("update_parameters_with_adam", "no bias correction")
def adam_no_correction(*args):
    return _adam(*args, correct_v=False, correct_s=False)


@BROKEN("update_parameters_with_adam", "t - 1", "t started at 0", "divides by zero",
        "divide by zero encountered")
def adam_t_from_zero(*args):
    return _adam(*args, t_used=lambda t: t - 1)


@BROKEN("update_parameters_with_adam", "t + 1")
def adam_t_plus_one(*args):
    return _adam(*args, t_used=lambda t: t + 1)


@BROKEN("update_parameters_with_adam", "epsilon belongs outside the square root")
def adam_eps_inside(*args):
    return _adam(*args, eps_inside=True)


@BROKEN("update_parameters_with_adam", "bias-corrected v and s are returned as the new state")
def adam_stores_corrected(*args):
    return _adam(*args, store=True)


@BROKEN("update_parameters_with_adam", "beta1 and beta2 are swapped")
def adam_swapped(*args):
    return _adam(*args, swap=True)


@BROKEN("update_parameters_with_adam", "square root")
def adam_no_root(*args):
    return _adam(*args, root=False)


@BROKEN("update_parameters_with_adam", "s has no bias correction")
def adam_only_v_corrected(*args):
    return _adam(*args, correct_s=False)


@BROKEN("update_parameters_with_adam", "power t")
def adam_no_power(*args):
    return _adam(*args, power=False)


@BROKEN("update_parameters_with_adam", "returned a dict", "(parameters, v, s)")
def adam_returns_params_only(*args):
    return _adam(*args)[0]


# --- inverse_time_decay ---------------------------------------------------------


@BROKEN("inverse_time_decay", "multiplies")
def itd_multiplies(learning_rate0, epoch, decay_rate):
    return learning_rate0 * (1 + decay_rate * epoch)


@BROKEN("inverse_time_decay", "epoch + 1")
def itd_from_one(learning_rate0, epoch, decay_rate):
    return learning_rate0 / (1 + decay_rate * (epoch + 1))


@BROKEN("inverse_time_decay", "raised zerodivisionerror", "epoch 0",
        "learning_rate0 / (decay_rate * epoch)")
def itd_no_one(learning_rate0, epoch, decay_rate):
    return learning_rate0 / (decay_rate * epoch)


@BROKEN("inverse_time_decay", "exponential decay")
def itd_exponential(learning_rate0, epoch, decay_rate):
    return learning_rate0 * decay_rate**epoch


@BROKEN("inverse_time_decay", "wrong type", "list")
def itd_list(learning_rate0, epoch, decay_rate):
    return [learning_rate0 / (1 + decay_rate * epoch)]


@BROKEN("inverse_time_decay", "learning_rate0 is missing")
def itd_no_lr0(learning_rate0, epoch, decay_rate):
    return 1 / (1 + decay_rate * epoch)


@BROKEN("inverse_time_decay", "shape (1,)", "wrong type")
def itd_array(learning_rate0, epoch, decay_rate):
    return np.array([learning_rate0 / (1 + decay_rate * epoch)])


@pytest.mark.parametrize(("name", "fn", "words"), BROKEN.params)
def test_broken_implementation_is_diagnosed(name, fn, words):
    assert_diagnosed(name, fn, words)


def test_at_least_five_kinds_of_mistake_per_grader():
    assert_table_covers(BROKEN, part2_optimizers)
