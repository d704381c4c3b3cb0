"""The registry of graders: every grader declared once, its reference and course-style
solutions pass, and the references agree with dlguide's own classes."""

from __future__ import annotations

import numpy as np
import pytest
from course_solutions import SOLUTIONS
from grading import grade

from dlguide import check
from dlguide.optimizers import Adam, Momentum, RMSprop


def test_every_grader_has_a_solution_here():
    assert set(SOLUTIONS) == set(check.GRADERS)
    assert set(check.GRADERS) <= set(check.__all__)


@pytest.mark.parametrize("name", check.GRADERS)
def test_reference_passes(name):
    result = grade(name, check.reference(name))
    assert result.passed, result.message
    assert result.message.startswith(f"{name} passed:")
    assert "\n" not in result.message


@pytest.mark.parametrize(("name", "fn"), [
    pytest.param(name, fn, id=f"{name}-{fn.__name__}")
    for name, fns in SOLUTIONS.items() for fn in fns
])
def test_course_style_solution_passes(name, fn):
    result = grade(name, fn)
    assert result.passed, result.message
    assert "\n" not in result.message


def test_dlguide_public_functions_pass_directly():
    from dlguide import activations, data, layers, logistic, network, regularization, schedules

    pairs = [
        (check.sigmoid, activations.sigmoid),
        (check.sigmoid_backward, activations.sigmoid_backward),
        (check.propagate, logistic.propagate),
        (check.linear_forward, layers.linear_forward),
        (check.linear_activation_forward, layers.linear_activation_forward),
        (check.linear_backward, layers.linear_backward),
        (check.linear_activation_backward, layers.linear_activation_backward),
        (check.model_forward, network.model_forward),
        (check.compute_cost, network.compute_cost),
        (check.update_parameters, network.update_parameters),
        (check.l2_cost, regularization.l2_cost),
        (check.l2_grads, regularization.l2_grads),
        (check.dropout_forward, regularization.dropout_forward),
        (check.dropout_backward, regularization.dropout_backward),
        (check.random_mini_batches, data.random_mini_batches),
        (check.inverse_time_decay, schedules.inverse_time_decay),
    ]
    for grader, fn in pairs:
        result = grader(fn)
        assert result.passed, result.message


# =============================================================================
# The optimizer references agree with dlguide's optimizer classes
# =============================================================================


def _three_steps(opt, step, state_names):
    rng = np.random.default_rng(0)
    params = {"W1": rng.normal(size=(3, 2)), "b1": rng.normal(size=(3, 1))}
    mine = {k: v.copy() for k, v in params.items()}
    state = {name: {"d" + k: np.zeros_like(v) for k, v in params.items()}
             for name in state_names}
    for t in (1, 2, 3):
        grads = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
        opt.update(params, grads)
        mine, *new_state = step(mine, grads, *state.values(), t)
        state = dict(zip(state_names, new_state, strict=True))
    for k in params:
        np.testing.assert_allclose(mine[k], params[k], rtol=1e-12)


def test_momentum_reference_matches_optimizer_class():
    ref = check.reference("update_parameters_with_momentum")
    _three_steps(Momentum(0.1, beta=0.9), lambda p, g, v, t: ref(p, g, v, 0.9, 0.1), ["v"])


def test_rmsprop_reference_matches_optimizer_class():
    ref = check.reference("update_parameters_with_rmsprop")
    _three_steps(RMSprop(0.01, beta=0.99), lambda p, g, s, t: ref(p, g, s, 0.99, 0.01, 1e-8),
                 ["s"])


def test_adam_reference_matches_optimizer_class():
    ref = check.reference("update_parameters_with_adam")
    _three_steps(Adam(0.01), lambda p, g, v, s, t: ref(p, g, v, s, t, 0.01, 0.9, 0.999, 1e-8),
                 ["v", "s"])


def test_reference_rejects_unknown_names():
    with pytest.raises(ValueError, match="must be one of"):
        check.reference("swish")


# =============================================================================
# Broken implementations and the diagnosis each must get
# =============================================================================

BROKEN = []


def broken(name, *words):
    """Register a broken implementation of ``name`` whose message must contain ``words``."""
    def register(fn):
        BROKEN.append(pytest.param(name, fn, words, id=f"{name}-{fn.__name__}"))
        return fn
    return register


