"""The graders, each declared once with :func:`grader`.

A grader is declared by decorating its body, ``body(S)`` on a
:class:`~dlguide.check.runner.Session`, with the learner's signature and the
reference it compares with::

    @grader("sigmoid(z)", reference=activations.sigmoid)
    def sigmoid(S):
        '''Grade ``sigmoid(z)`` ... (the docstring of the public grader)'''
        ...

The decorator registers it, in the order of declaration (the order of the
assignments), and returns the public grader ``sigmoid(learner_fn, *,
seed=None, time_limit=5.0)``. :data:`GRADERS`, ``dlguide.check.__all__``, the
API page and :func:`reference` all read this one registry.
"""

from __future__ import annotations

import functools
import math
import numbers
from typing import NamedTuple

from .runner import DEFAULT_TIME_LIMIT, run

__all__ = ["REGISTRY", "Grader", "grader", "reference"]


class Grader(NamedTuple):
    """One registered grader."""

    name: str
    signature: str
    reference: object
    body: object
    hints: tuple
    extremes: bool
    public: object


#: ``{name: Grader}`` in the order of the assignments.
REGISTRY = {}

#: Set by :mod:`dlguide.check` once every grader is declared: the snapshot of
#: the namespaces the graders rely on.
GUARD = [None]


def _check_options(name, seed, time_limit):
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)
                             or seed < 0):
        raise TypeError(f"check.{name}: seed must be None or a non-negative int; got {seed!r}")
    if isinstance(time_limit, bool) or not isinstance(time_limit, numbers.Real) or not (
            time_limit > 0) or math.isnan(time_limit):
        raise ValueError(f"check.{name}: time_limit must be a number of seconds > 0 (or "
                         f"math.inf); got {time_limit!r}")


def grader(signature, *, reference, hints=(), extremes=False):
    """Declare the grader whose body this decorates (see the module docstring).

    Parameters
    ----------
    signature : str
        How the learner's function is called, e.g. ``"sigmoid(z)"``.
    reference : callable
        dlguide's function with the learner's signature, bound now.
    hints : tuple of (exception type, str)
        Hints for exceptions the learner's code may raise.
    extremes : bool
        The body has a third pass, ``S.mode == "extreme"``.
    """
    def declare(body):
        name = body.__name__

        @functools.wraps(body)
        def public(learner_fn, *, seed=None, time_limit=DEFAULT_TIME_LIMIT):
            _check_options(name, seed, time_limit)
            return run(name, learner_fn, body, signature, hints=hints, extremes=extremes,
                       seed=seed, time_limit_s=float(time_limit), guard=GUARD[0])

        del public.__wrapped__  # the API page shows the public signature, not the body's
        public.__module__ = "dlguide.check"
        if name in REGISTRY:
            raise ValueError(f"a grader named {name!r} is declared twice")
        REGISTRY[name] = Grader(name, signature, reference, body, tuple(hints), extremes, public)
        return public

    return declare


def reference(name):
    """The reference implementation a grader compares with, with the learner's signature.

    Parameters
    ----------
    name : str
        A grader's name, one of :data:`dlguide.check.GRADERS` (e.g. ``"linear_backward"``).

    Returns
    -------
    function
        dlguide's own function where it has the assignment's signature (e.g.
        :func:`dlguide.layers.linear_backward`), otherwise a small wrapper
        around dlguide's kernels written for that signature.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> adam = check.reference("update_parameters_with_adam")
    >>> params, v, s = adam({"W1": np.ones((1, 1))}, {"dW1": np.ones((1, 1))},
    ...                     {"dW1": np.zeros((1, 1))}, {"dW1": np.zeros((1, 1))}, t=1)
    >>> round(float(params["W1"][0, 0]), 6)
    0.99
    """
    if not isinstance(name, str) or name not in REGISTRY:
        raise ValueError(f"name must be one of {list(REGISTRY)}; got {name!r}")
    return REGISTRY[name].reference
