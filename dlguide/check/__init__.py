"""Graders for the programming assignments: run the learner's function, explain the first mistake.

The assignments are in :doc:`/assignments/part1` (sigmoid to the L-layer
network), :doc:`/assignments/part2` (regularization, dropout, mini-batches,
optimizers, learning-rate decay) and :doc:`/assignments/part3` (softmax, one-hot
labels, the multi-class cost, batch normalization). For every function a learner is asked to
write there is a grader of the same name::

    from dlguide import check
    check.linear_backward(my_linear_backward)

A grader calls the learner's function on test cases, compares every output
with dlguide's reference (and, for gradients, with a two-sided numerical
gradient), and returns a :class:`Result`. On success the result prints one
line. On failure it names the *first* mistake in plain words: a wrong shape
(expected and got), a factor of ``m``, a transposed product, a flipped sign, a
missing ``keepdims=True``, dropout without its ``1/keep_prob`` rescale, Adam
without bias correction, an input changed in place, and so on. The diagnosis
comes from testing hypotheses: the grader computes the reference and the usual
wrong variants of it, and reports the variant the learner's output matches.

Each run tries three kinds of case: the cases a fixed seed draws, the same
kinds drawn afresh (a function that remembers the last run's answers fails
them; a failure shows the seed, and ``check.name(fn, seed=...)`` replays it),
and, where it matters, cases at the extremes (large ``|z|``, confident
probabilities, constant features).

A grader never raises (``KeyboardInterrupt`` aside). An exception of any kind
inside the learner's code is reported as the learner's error, with the line
that raised; NumPy warnings are caught and reported with the diagnosis; what
the learner's code prints is captured and shown, cut short; a function that
does not return within ``time_limit`` seconds (5 by default, all its calls
together) is stopped and reported. The references and the comparisons are
bound when dlguide is imported, and whatever the learner's code replaces in
dlguide or NumPy (``dlguide.activations.sigmoid = mine``) is put back before
and after every call, and named in the message.

The package: ``result`` (what a grader returns),
``runner`` and ``guard`` (calling the
learner's code), ``compare`` (comparison and diagnosis),
``variants`` and ``cases`` (the wrong
variants of the math, the test data), ``registry`` (the one
declaration of each grader), and the graders, one module per assignment.
"""

from __future__ import annotations

# isort: off
# Imported in the order of the assignments, which is the order they declare their graders in.
from . import part1_logistic, part1_shallow, part1_deep_forward, part1_deep_backward  # noqa: F401
from . import part2_regularization, part2_minibatch, part2_optimizers  # noqa: F401
from . import part3  # noqa: F401
# isort: on
from .guard import Guard, watched_modules
from .registry import GUARD, REGISTRY, reference
from .result import Result

#: The names of the graders, in the order of the assignments.
GRADERS = tuple(REGISTRY)

globals().update({name: g.public for name, g in REGISTRY.items()})

__all__ = ["GRADERS", "Result", "reference", *GRADERS]

# Every dlguide module is loaded by now (dlguide imports this package last):
# the snapshot the graders restore from.
GUARD[0] = Guard(watched_modules())
