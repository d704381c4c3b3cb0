"""Hyperparameter search: the right scale, random rather than grid, coarse to fine.

Derived in :doc:`/part3/tuning`. A search space is a dict of *samplers*, each
drawing one hyperparameter on its proper scale:

- :class:`LogUniform` for a rate such as :math:`\\alpha`: equal mass per decade,
  :math:`\\alpha = 10^r` with :math:`r` uniform;
- :class:`OneMinusLogUniform` for an averaging weight such as :math:`\\beta`:
  :math:`1 - \\beta` log-uniform, so 0.9 to 0.99 gets as many draws as 0.99 to 0.999;
- :class:`Uniform`, :class:`IntUniform` and :class:`Choice` for the rest.

:func:`random_search` draws configurations and scores each with a function the
caller gives (:func:`fit_evaluator` builds one that trains with
:func:`dlguide.train.fit`); :func:`coarse_to_fine` narrows the space around the
best ones for the next round.
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import numpy as np

from ._validation import as_rng, check_callable, check_positive, check_probability

__all__ = [
    "Choice",
    "IntUniform",
    "LogUniform",
    "OneMinusLogUniform",
    "SearchResult",
    "Trial",
    "Uniform",
    "coarse_to_fine",
    "fit_evaluator",
    "log_uniform",
    "one_minus_log_uniform",
    "random_search",
]


def _check_range(low, high, *, positive):
    low = check_positive("low", low) if positive else _finite("low", low)
    high = check_positive("high", high) if positive else _finite("high", high)
    if not low < high:
        raise ValueError(f"low must be smaller than high; got low={low} and high={high}")
    return low, high


def _finite(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(
            float(value)):
        raise (TypeError if not isinstance(value, numbers.Real) or isinstance(value, bool)
               else ValueError)(f"{name} must be a finite real number; got {value!r}")
    return float(value)


def _check_size(size):
    if size is None:
        return None
    return check_positive("size", size, integer=True)


def log_uniform(low, high, *, size=None, rng=None):
    r"""Draw from ``[low, high)`` with equal probability per decade.

    Parameters
    ----------
    low, high : float
        ``0 < low < high``.
    size : int, optional
        How many draws; a single float when omitted.
    rng : int, numpy.random.Generator or None

    Returns
    -------
    float or ndarray of shape (size,)

    Notes
    -----
    With :math:`r \sim \mathcal{U}(\log_{10} \text{low}, \log_{10} \text{high})`,

    .. math:: x = 10^{r}, \qquad P(a \le x < 10a) = \frac{1}{\log_{10}(\text{high}/\text{low})}
              \quad \text{for every decade } [a, 10a) \text{ inside the range.}

    The course's recipe for a learning rate between :math:`10^{-4}` and 1 is
    ``r = -4 * rng.random(); alpha = 10 ** r``.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.tuning import log_uniform
    >>> x = log_uniform(1e-4, 1.0, size=100_000, rng=0)
    >>> bool(x.min() >= 1e-4 and x.max() < 1.0)
    True
    >>> [round(float(np.mean((x >= 10.0**k) & (x < 10.0**(k + 1)))), 2) for k in range(-4, 0)]
    [0.25, 0.25, 0.25, 0.25]
    """
    low, high = _check_range(low, high, positive=True)
    size, rng = _check_size(size), as_rng(rng)
    r = rng.uniform(math.log10(low), math.log10(high), size=size)
    x = np.power(10.0, r)
    return float(x) if size is None else np.minimum(np.maximum(x, low), np.nextafter(high, 0))


def one_minus_log_uniform(low, high, *, size=None, rng=None):
    r"""Draw an averaging weight :math:`\beta \in [\text{low}, \text{high})` with
    :math:`1 - \beta` log-uniform.

    Parameters
    ----------
    low, high : float
        ``0 <= low < high < 1``, e.g. 0.9 and 0.999.
    size : int, optional
    rng : int, numpy.random.Generator or None

    Returns
    -------
    float or ndarray of shape (size,)

    Notes
    -----
    :math:`\beta` remembers about :math:`1/(1-\beta)` steps, and that is what
    changes on a log scale: 0.9 to 0.9005 changes almost nothing, 0.999 to
    0.9995 doubles the memory. So :math:`1 - \beta` is drawn log-uniformly in
    :math:`(1 - \text{high}, 1 - \text{low}]`.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.tuning import one_minus_log_uniform
    >>> b = one_minus_log_uniform(0.9, 0.999, size=100_000, rng=0)
    >>> round(float(np.mean(b < 0.99)), 2)
    0.5
    """
    low = check_probability("low", low, low_open=False)
    high = check_probability("high", high, low_open=False)
    if not low < high < 1:
        raise ValueError(f"low and high must satisfy 0 <= low < high < 1; got low={low} and "
                         f"high={high}")
    one_minus = log_uniform(1.0 - high, 1.0 - low, size=size, rng=rng)
    beta = 1.0 - np.asarray(one_minus)
    beta = np.minimum(np.maximum(beta, low), np.nextafter(high, 0))
    return float(beta) if size is None else beta


class LogUniform(NamedTuple):
    """Sampler: log-uniform in ``[low, high)`` (learning rates, L2 strengths)."""

    low: float
    high: float

    def sample(self, rng):
        return log_uniform(self.low, self.high, rng=rng)

    def narrow(self, values, margin):
        """The range of ``values``, widened by ``margin`` times the old range in
        decades, kept inside the old range."""
        old_lo, old_hi = math.log10(self.low), math.log10(self.high)
        span = (old_hi - old_lo) * margin
        lo = max(math.log10(min(values)) - span, old_lo)
        hi = min(math.log10(max(values)) + span, old_hi)
        return LogUniform(10.0**lo, 10.0**hi if hi > lo else 10.0**lo * (1 + 1e-9))


class OneMinusLogUniform(NamedTuple):
    """Sampler: :math:`1 - \\beta` log-uniform (momentum and Adam's betas)."""

    low: float
    high: float

    def sample(self, rng):
        return one_minus_log_uniform(self.low, self.high, rng=rng)

    def narrow(self, values, margin):
        inner = LogUniform(1.0 - self.high, 1.0 - self.low).narrow(
            [1.0 - v for v in values], margin)
        return OneMinusLogUniform(1.0 - inner.high, 1.0 - inner.low)


class Uniform(NamedTuple):
    """Sampler: uniform in ``[low, high)`` (keep probabilities)."""

    low: float
    high: float

    def sample(self, rng):
        return float(rng.uniform(self.low, self.high))

    def narrow(self, values, margin):
        span = (self.high - self.low) * margin
        return Uniform(max(min(values) - span, self.low), min(max(values) + span, self.high))


class IntUniform(NamedTuple):
    """Sampler: an integer in ``[low, high]`` (hidden units, layers)."""

    low: int
    high: int

    def sample(self, rng):
        return int(rng.integers(self.low, self.high + 1))

    def narrow(self, values, margin):
        span = math.ceil((self.high - self.low) * margin)
        return IntUniform(max(min(values) - span, self.low), min(max(values) + span, self.high))


class Choice(NamedTuple):
    """Sampler: one of ``values``, equally likely (batch sizes, activations)."""

    values: tuple

    def sample(self, rng):
        return self.values[int(rng.integers(len(self.values)))]

    def narrow(self, values, margin):
        kept = tuple(v for v in self.values if v in set(values))
        return Choice(kept or self.values)


_SAMPLERS = (LogUniform, OneMinusLogUniform, Uniform, IntUniform, Choice)


def _check_space(space):
    if not isinstance(space, dict) or not space:
        raise TypeError("space must be a non-empty dict {name: sampler}, e.g. "
                        "{'learning_rate': LogUniform(1e-4, 1e-1)}; got "
                        f"{type(space).__name__}")
    for name, sampler in space.items():
        if not isinstance(sampler, _SAMPLERS):
            raise TypeError(
                f"space[{name!r}] must be a sampler (LogUniform, OneMinusLogUniform, Uniform, "
                f"IntUniform or Choice); got {type(sampler).__name__}")
        if isinstance(sampler, LogUniform):
            _check_range(sampler.low, sampler.high, positive=True)
        elif isinstance(sampler, OneMinusLogUniform):
            one_minus_log_uniform(sampler.low, sampler.high, rng=0)  # checks the range
        elif isinstance(sampler, (Uniform, IntUniform)):
            _check_range(sampler.low, sampler.high, positive=False)
        elif not sampler.values:
            raise ValueError(f"space[{name!r}] must offer at least one value; got Choice(())")
    return space


class Trial(NamedTuple):
    """One configuration of a search and its scores."""

    config: dict
    score: float
    details: dict


class SearchResult(NamedTuple):
    """The trials of :func:`random_search`, best score first."""

    trials: list

    def best(self, k=1):
        """The ``k`` best trials."""
        return self.trials[:k]

    def table(self, digits=4):
        """The trials as text: one row per trial, one column per hyperparameter."""
        if not self.trials:
            return "(no trials)"
        names = list(self.trials[0].config)
        head = ["score", *names]
        rows = [[f"{t.score:.{digits}f}"] + [_fmt(t.config[n], digits) for n in names]
                for t in self.trials]
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
        line = "  ".join(h.rjust(w) for h, w in zip(head, widths, strict=True))
        return "\n".join([line] + ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True))
                                   for r in rows])

    def __repr__(self):
        best = self.trials[0] if self.trials else None
        return (f"SearchResult({len(self.trials)} trials, best score "
                f"{best.score:.4g} with {best.config})" if best else "SearchResult(0 trials)")


def _fmt(value, digits):
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def random_search(space, evaluate, *, n_trials, rng=None):
    r"""Sample ``n_trials`` configurations from ``space`` and score each with ``evaluate``.

    Parameters
    ----------
    space : dict
        ``{name: sampler}`` (see the module docstring).
    evaluate : callable
        ``evaluate(config) -> score`` (higher is better, e.g. dev accuracy), or
        ``-> (score, details)`` with a dict of other numbers to keep.
    n_trials : int
    rng : int, numpy.random.Generator or None
        Draws the configurations, and gives ``evaluate`` a seed through
        ``config["seed"]`` (an int), so every trial is reproducible.

    Returns
    -------
    SearchResult
        The trials, best first; ``.table()`` prints them.

    Notes
    -----
    With a grid of :math:`k` values per hyperparameter and :math:`d`
    hyperparameters, :math:`k^d` trials try only :math:`k` values of each; if
    one hyperparameter matters and the others barely do, :math:`k^d - k` trials
    are wasted. Random configurations try a new value of every hyperparameter
    in every trial.

    Examples
    --------
    >>> from dlguide.tuning import LogUniform, random_search
    >>> space = {"learning_rate": LogUniform(1e-4, 1.0)}
    >>> result = random_search(space, lambda c: -abs(c["learning_rate"] - 0.01), n_trials=50,
    ...                        rng=0)
    >>> 0.005 < result.best()[0].config["learning_rate"] < 0.02
    True
    """
    _check_space(space)
    check_callable("evaluate", evaluate, "a callable evaluate(config) -> score")
    n_trials = check_positive("n_trials", n_trials, integer=True)
    rng = as_rng(rng)
    trials = []
    for _ in range(n_trials):
        config = {name: sampler.sample(rng) for name, sampler in space.items()}
        seed = int(rng.integers(2**31))
        out = evaluate({**config, "seed": seed})
        score, details = out if isinstance(out, tuple) else (out, {})
        try:
            score = float(score)
        except (TypeError, ValueError):
            raise TypeError(f"evaluate must return a number (or (number, dict)); got "
                            f"{type(score).__name__}") from None
        trials.append(Trial({**config, "seed": seed}, score, dict(details)))
    trials.sort(key=lambda t: -t.score if math.isfinite(t.score) else math.inf)
    return SearchResult(trials)


def coarse_to_fine(space, result, *, top=5, margin=0.25):
    r"""A narrower space around the ``top`` best trials of ``result``.

    Each sampler shrinks to the range its ``top`` best values span, widened by
    ``margin`` (a fraction of the old range, in decades for the log scales) and
    kept inside the old range; a :class:`Choice` keeps the values the best
    trials used.

    Examples
    --------
    >>> from dlguide.tuning import LogUniform, coarse_to_fine, random_search
    >>> space = {"learning_rate": LogUniform(1e-4, 1.0)}
    >>> result = random_search(space, lambda c: -abs(c["learning_rate"] - 0.01), n_trials=40,
    ...                        rng=1)
    >>> finer = coarse_to_fine(space, result, top=5, margin=0.1)["learning_rate"]
    >>> bool(1e-4 < finer.low < 0.01 < finer.high < 1.0)
    True
    """
    _check_space(space)
    if not isinstance(result, SearchResult) or not result.trials:
        raise TypeError("result must be a SearchResult with trials, from random_search; got "
                        f"{type(result).__name__}")
    top = check_positive("top", top, integer=True)
    margin = check_positive("margin", margin, allow_zero=True)
    best = result.trials[:top]
    return {name: sampler.narrow([t.config[name] for t in best], margin)
            for name, sampler in space.items()}


def fit_evaluator(X_train, Y_train, X_dev, Y_dev, *, num_epochs, output_activation="sigmoid",
                  hidden_activation="relu", batch_norm=False, defaults=None):
    """An ``evaluate(config)`` for :func:`random_search` that trains with :func:`dlguide.train.fit`.

    ``config`` may hold ``learning_rate``, ``beta1``, ``beta2`` (Adam),
    ``hidden_units`` and ``num_layers`` (the hidden layers, all of one size),
    ``mini_batch_size``, ``lambd``, ``keep_prob`` and ``seed``; ``defaults``
    fills in what it lacks. The score is the dev accuracy; the details hold the
    train accuracy and the final cost.
    """
    from .network import predict
    from .optimizers import Adam
    from .train import fit

    base = {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "hidden_units": 32,
            "num_layers": 1, "mini_batch_size": 64, "lambd": 0.0, "keep_prob": 1.0, "seed": 0}
    base.update(defaults or {})
    n_x = np.shape(X_train)[0]
    n_out = np.shape(Y_train)[0]
    multi = output_activation == "softmax"

    def accuracy(X, Y, params):
        pred = predict(X, params, hidden_activation=hidden_activation,
                       output_activation=output_activation)
        truth = np.argmax(Y, axis=0)[None, :] if multi else Y
        return float(np.mean(pred == truth))

    def evaluate(config):
        c = {**base, **config}
        dims = [n_x] + [int(c["hidden_units"])] * int(c["num_layers"]) + [n_out]
        extra = {"output_activation": output_activation, "batch_norm": batch_norm} if (
            multi or batch_norm) else {}
        result = fit(X_train, Y_train, dims,
                     optimizer=Adam(c["learning_rate"], beta1=c["beta1"], beta2=c["beta2"]),
                     num_epochs=num_epochs, mini_batch_size=int(c["mini_batch_size"]),
                     lambd=c["lambd"], keep_prob=c["keep_prob"],
                     hidden_activation=hidden_activation, rng=int(c["seed"]), progress=False,
                     **extra)
        return accuracy(X_dev, Y_dev, result.params), {
            "train_accuracy": accuracy(X_train, Y_train, result.params),
            "final_cost": result.history["cost"][-1]}

    return evaluate
