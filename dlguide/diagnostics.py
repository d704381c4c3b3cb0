"""Bias and variance from train, dev and base (human-level) error, with the recipe.

Derived in :doc:`/part2/bias-variance`.
"""

from __future__ import annotations

from typing import NamedTuple

from ._validation import check_positive

__all__ = ["Diagnosis", "diagnose"]

_BIAS_ADVICE = ("a bigger network (more layers or units)", "train longer or with a better "
                "optimizer", "try another architecture")
_VARIANCE_ADVICE = ("more training data", "regularization (L2, dropout)",
                    "try another architecture")


class Diagnosis(NamedTuple):
    """What :func:`diagnose` found; prints as a short report."""

    avoidable_bias: float
    variance: float
    high_bias: bool
    high_variance: bool
    verdict: str
    advice: tuple

    def __str__(self):
        lines = [
            f"{self.verdict} (avoidable bias {self.avoidable_bias:.1%}, "
            f"variance {self.variance:.1%})"
        ]
        lines += [f"  - {a}" for a in self.advice]
        return "\n".join(lines)


def _rate(name, value):
    value = check_positive(name, value, allow_zero=True)
    if value > 1:
        raise ValueError(f"{name} must be an error rate in [0, 1]; got {value}")
    return value


def diagnose(train_error, dev_error, base_error=0.0, *, tolerance=0.02):
    r"""Say whether a model has high bias, high variance, both or neither.

    Parameters
    ----------
    train_error, dev_error : float in [0, 1]
        Error rates on the training and dev sets.
    base_error : float in [0, 1], default 0.0
        The best achievable (Bayes or human-level) error.
    tolerance : float, default 0.02
        A gap larger than this counts as "high".

    Returns
    -------
    Diagnosis
        ``avoidable_bias`` = train - base, ``variance`` = dev - train, two
        flags, a verdict and the recipe's advice (high bias first: fix it
        before variance).

    Notes
    -----
    .. math:: \text{avoidable bias} = E_{train} - E_{base}, \qquad
              \text{variance} = E_{dev} - E_{train}

    Examples
    --------
    >>> from dlguide.diagnostics import diagnose
    >>> diagnose(0.01, 0.11).verdict
    'high variance'
    >>> diagnose(0.15, 0.16).verdict
    'high bias'
    >>> diagnose(0.15, 0.30).verdict
    'high bias and high variance'
    >>> diagnose(0.15, 0.16, base_error=0.15).verdict
    'neither: low bias and low variance'
    """
    train_error = _rate("train_error", train_error)
    dev_error = _rate("dev_error", dev_error)
    base_error = _rate("base_error", base_error)
    tolerance = check_positive("tolerance", tolerance, allow_zero=True)
    bias = train_error - base_error
    variance = dev_error - train_error
    # The slack absorbs rounding: 0.05 - 0.03 is 0.020000000000000004, a gap of
    # exactly the tolerance, which must not count as larger than it.
    high_bias = bias > tolerance + 1e-12
    high_variance = variance > tolerance + 1e-12
    if high_bias and high_variance:
        verdict = "high bias and high variance"
    elif high_bias:
        verdict = "high bias"
    elif high_variance:
        verdict = "high variance"
    else:
        verdict = "neither: low bias and low variance"
    advice = ()
    if high_bias:
        advice += _BIAS_ADVICE
    if high_variance:
        advice += tuple(a for a in _VARIANCE_ADVICE if a not in advice)
    if not advice:
        advice = ("done: the model fits the training set and generalizes",)
    return Diagnosis(bias, variance, high_bias, high_variance, verdict, advice)
