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

from ._kernels import OUTPUT_ACTIVATIONS
from ._resolve import check_training_data
from ._validation import (
    as_rng,
    check_activation,
    check_callable,
    check_choice,
    check_finite,
    check_flag,
    check_positive,
    check_probability,
    show,
)

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
    low = check_positive("low", low) if positive else check_finite("low", low)
    high = check_positive("high", high) if positive else check_finite("high", high)
    if not low < high:
        raise ValueError(f"low must be smaller than high; got low={low} and high={high}")
    return low, high


def _check_size(size):
    if size is None:
        return None
    size = check_positive("size", size, integer=True)
    if size >= 2**63:  # NumPy's shapes are int64
        raise ValueError(f"size must be below 2**63; got {size}")
    return size


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
    x = _inside(np.power(10.0, r), low, high)
    return float(x) if size is None else x


def _inside(x, low, high):
    """``x`` kept in ``[low, high)``: a draw ``low + (high - low) * u``, or one moved to
    another scale (``10**r``, ``1 - x``), can round onto ``high`` or just past an end."""
    return np.minimum(np.maximum(x, low), np.nextafter(high, -np.inf))


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
    _check_beta_range(low, high)
    one_minus = log_uniform(1.0 - high, 1.0 - low, size=size, rng=rng)
    beta = 1.0 - np.asarray(one_minus)
    beta = _inside(beta, low, high)
    return float(beta) if size is None else beta


def _check_beta_range(low, high):
    """``0 <= low < high < 1`` (checked reals), with ``1 - high < 1 - low`` in float64."""
    if not low < high < 1:
        raise ValueError(f"low and high must satisfy 0 <= low < high < 1; got low={low} and "
                         f"high={high}")
    if not 1.0 - high < 1.0 - low:
        raise ValueError(f"low and high must be far enough apart that 1 - high < 1 - low in "
                         f"float64; got low={low} and high={high}, for which both are "
                         f"{1.0 - low!r}")


class LogUniform(NamedTuple):
    """Sampler: log-uniform in ``[low, high)`` (learning rates, L2 strengths)."""

    low: float
    high: float

    def sample(self, rng):
        _check_sampler(self)
        return log_uniform(self.low, self.high, rng=rng)

    def narrow(self, values, margin):
        """The range of ``values``, widened by ``margin`` times the old range in
        decades, kept inside the old range."""
        values, margin = _check_narrow(self, values, margin)
        old_lo, old_hi = math.log10(self.low), math.log10(self.high)
        span = (old_hi - old_lo) * margin
        lo = max(math.log10(min(values)) - span, old_lo)
        hi = min(math.log10(max(values)) + span, old_hi)
        if hi > lo:
            return LogUniform(_pow10(lo, self.high), _pow10(hi, self.high))
        # one value and no margin: a sliver above it, or below it at the old high
        low = _pow10(lo, self.high)
        high = min(low * (1 + 1e-9), self.high)
        if not low < high:
            low = max(high / (1 + 1e-9), self.low)
        return LogUniform(low, high)


def _pow10(x, limit):
    """``10**x``, or ``limit`` where ``x`` is so near ``log10(limit)`` that it overflows."""
    try:
        return 10.0**x
    except OverflowError:
        return limit


class OneMinusLogUniform(NamedTuple):
    """Sampler: :math:`1 - \\beta` log-uniform (momentum and Adam's betas)."""

    low: float
    high: float

    def sample(self, rng):
        _check_sampler(self)
        return one_minus_log_uniform(self.low, self.high, rng=rng)

    def narrow(self, values, margin):
        values, margin = _check_narrow(self, values, margin)
        inner = LogUniform(1.0 - self.high, 1.0 - self.low).narrow(
            [1.0 - v for v in values], margin)
        low, high = 1.0 - inner.high, 1.0 - inner.low
        if not (low < high and 1.0 - high < 1.0 - low):  # too narrow for float64 near 1
            return self
        return OneMinusLogUniform(low, high)


class Uniform(NamedTuple):
    """Sampler: uniform in ``[low, high)`` (keep probabilities)."""

    low: float
    high: float

    def sample(self, rng):
        _check_sampler(self)
        return float(_inside(as_rng(rng).uniform(self.low, self.high), self.low, self.high))

    def narrow(self, values, margin):
        values, margin = _check_narrow(self, values, margin)
        span = (self.high - self.low) * margin
        low, high = max(min(values) - span, self.low), min(max(values) + span, self.high)
        if not low < high:  # one value and no margin: the narrowest range around it
            high = min(math.nextafter(low, math.inf), self.high)
            low = min(low, math.nextafter(high, -math.inf))
        return Uniform(low, high)


class IntUniform(NamedTuple):
    """Sampler: an integer in ``[low, high]`` (hidden units, layers)."""

    low: int
    high: int

    def sample(self, rng):
        _check_sampler(self)
        return int(as_rng(rng).integers(self.low, self.high + 1))

    def narrow(self, values, margin):
        values, margin = _check_narrow(self, values, margin)
        width = self.high - self.low
        span = math.ceil(min(width * margin, width))  # a wider span changes nothing
        return IntUniform(max(min(values) - span, self.low), min(max(values) + span, self.high))


class Choice(NamedTuple):
    """Sampler: one of ``values``, equally likely (batch sizes, activations)."""

    values: tuple

    def sample(self, rng):
        _check_sampler(self)
        return self.values[int(as_rng(rng).integers(len(self.values)))]

    def narrow(self, values, margin):
        values, margin = _check_narrow(self, values, margin)
        kept = tuple(v for v in self.values if v in values)
        return Choice(kept or self.values)


_SAMPLERS = (LogUniform, OneMinusLogUniform, Uniform, IntUniform, Choice)


def _int(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int; got {type(value).__name__} {show(value)}")
    return int(value)


def _check_sampler(sampler, what=None):
    """Check a sampler's range (or values); an error names it as ``what`` (its repr by
    default)."""
    what = what or show(sampler)
    if isinstance(sampler, Choice):
        values = sampler.values
        if not isinstance(values, (list, tuple)):
            raise TypeError(f"{what} must offer its values as a list or tuple; got "
                            f"{type(values).__name__} {show(values)}")
        if not values:
            raise ValueError(f"{what} must offer at least one value; got Choice(())")
        return
    try:
        if isinstance(sampler, LogUniform):
            _check_range(sampler.low, sampler.high, positive=True)
        elif isinstance(sampler, OneMinusLogUniform):
            low = check_probability("low", sampler.low, low_open=False)
            high = check_probability("high", sampler.high, low_open=False)
            _check_beta_range(low, high)
        elif isinstance(sampler, Uniform):
            low, high = _check_range(sampler.low, sampler.high, positive=False)
            if not math.isfinite(high - low):
                raise ValueError(f"high - low must be finite; got low={low:g} and "
                                 f"high={high:g}")
        else:  # IntUniform: a closed range of int64
            low, high = _int("low", sampler.low), _int("high", sampler.high)
            if not -(2**63) <= low <= high < 2**63 - 1:
                raise ValueError(f"low and high must satisfy -2**63 <= low <= high < 2**63 - 1; "
                                 f"got low={show(low)} and high={show(high)}")
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{what}: {exc}") from None


def _check_narrow(sampler, values, margin):
    """The values a narrowed sampler spans (each one it could have drawn) and the margin."""
    _check_sampler(sampler)
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"values must be a list of values the sampler drew; got "
                        f"{type(values).__name__} {show(values)}")
    if not values:
        raise ValueError("values must not be empty: narrow spans the values given")
    for v in values:
        if not _could_draw(sampler, v):
            raise ValueError(f"values must be values {show(sampler)} could draw; got {show(v)}")
    return list(values), check_positive("margin", margin, allow_zero=True)


def _could_draw(sampler, value):
    if isinstance(sampler, Choice):
        return any(value is v or (type(value) is type(v) and value == v)
                   for v in sampler.values)
    if isinstance(sampler, IntUniform):
        ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    else:
        ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    return ok and sampler.low <= value <= sampler.high


def _check_space(space):
    if not isinstance(space, dict) or not space:
        raise TypeError("space must be a non-empty dict {name: sampler}, e.g. "
                        "{'learning_rate': LogUniform(1e-4, 1e-1)}; got "
                        f"{type(space).__name__}")
    for name, sampler in space.items():
        if not isinstance(name, str):
            raise TypeError(f"space's keys must be strings, the hyperparameters' names; got "
                            f"{type(name).__name__} {show(name)}")
        if name == "seed":
            raise ValueError("space must not have the key 'seed': random_search draws each "
                             "trial's seed itself and gives it to evaluate as config['seed']")
        if not isinstance(sampler, _SAMPLERS):
            raise TypeError(
                f"space[{name!r}] must be a sampler (LogUniform, OneMinusLogUniform, Uniform, "
                f"IntUniform or Choice); got {type(sampler).__name__}")
        _check_sampler(sampler, f"space[{name!r}]")
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
        ``{name: sampler}`` (see the module docstring); the names are strings,
        and ``"seed"`` is taken (see ``rng``).
    evaluate : callable
        ``evaluate(config) -> score`` (higher is better, e.g. dev accuracy), or
        ``-> (score, details)`` with a dict of other numbers to keep. Anything
        else is refused, and when ``evaluate`` raises or is refused, ``rng`` is
        given back the draws of the search.
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
    drawn_from = rng.bit_generator.state
    trials = []
    try:
        for _ in range(n_trials):
            config = {name: sampler.sample(rng) for name, sampler in space.items()}
            seed = int(rng.integers(2**31))
            score, details = _score(evaluate({**config, "seed": seed}))
            trials.append(Trial({**config, "seed": seed}, score, details))
    except (ValueError, TypeError):  # refused (by evaluate, or its answer): draws given back
        rng.bit_generator.state = drawn_from
        raise
    trials.sort(key=lambda t: -t.score if math.isfinite(t.score) else math.inf)
    return SearchResult(trials)


def _score(out):
    """``(score, details)`` from what evaluate returned: a number, or (number, dict)."""
    what = "evaluate must return a number, or a pair (number, dict of details); got "
    if isinstance(out, tuple):
        if len(out) != 2 or not isinstance(out[1], dict):
            raise TypeError(what + f"a tuple {show(out)}")
        score, details = out
    else:
        score, details = out, {}
    if isinstance(score, (bool, np.bool_)) or not isinstance(score, numbers.Real):
        raise TypeError(what + f"{type(score).__name__} {show(score)}")
    try:
        return float(score), dict(details)
    except OverflowError:  # an int with more digits than any float holds
        raise ValueError(what + f"an int too large for a float, {show(score)}") from None


def coarse_to_fine(space, result, *, top=5, margin=0.25):
    r"""A narrower space around the ``top`` best trials of ``result``.

    Each sampler shrinks to the range its ``top`` best values span, widened by
    ``margin`` (a fraction of the old range, in decades for the log scales) and
    kept inside the old range; a :class:`Choice` keeps the values the best
    trials used. ``result`` must come from :func:`random_search` over ``space``
    (every trial holds a value each sampler could draw).

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
    for i, trial in enumerate(best):
        config = getattr(trial, "config", None)
        if not isinstance(config, dict):
            raise TypeError(f"result.trials[{i}] must be a Trial of random_search, its config "
                            f"a dict; got {show(trial)}")
        for name, sampler in space.items():
            if name not in config:
                raise ValueError(
                    f"result must come from a random_search over space: result.trials[{i}] "
                    f"has no {name!r} (its config has {sorted(map(str, config))})")
            if not _could_draw(sampler, config[name]):
                raise ValueError(
                    f"result must come from a random_search over space: result.trials[{i}] "
                    f"has {name}={show(config[name])}, which space[{name!r}] = "
                    f"{show(sampler)} cannot draw")
    return {name: sampler.narrow([t.config[name] for t in best], margin)
            for name, sampler in space.items()}


#: The hyperparameters an evaluator of :func:`fit_evaluator` understands, and their
#: values when neither the configuration nor ``defaults`` gives them.
_FIT_DEFAULTS = {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "hidden_units": 32,
                 "num_layers": 1, "mini_batch_size": 64, "lambd": 0.0, "keep_prob": 1.0,
                 "seed": 0}


def _check_config(name, config):
    """A dict of known hyperparameters; the sizes must be ints (not truncated floats)."""
    if not isinstance(config, dict):
        raise TypeError(f"{name} must be a dict of hyperparameters; got "
                        f"{type(config).__name__}")
    unknown = sorted(map(str, set(config) - set(_FIT_DEFAULTS)))
    if unknown:
        raise ValueError(f"{name} must hold only the hyperparameters {sorted(_FIT_DEFAULTS)}; "
                         f"got {unknown}")
    for key in ("hidden_units", "mini_batch_size"):
        if key in config:
            check_positive(f"{name}[{key!r}]", config[key], integer=True)
    for key in ("num_layers", "seed"):
        if key in config:
            check_positive(f"{name}[{key!r}]", config[key], integer=True, allow_zero=True)
    return config


def fit_evaluator(X_train, Y_train, X_dev, Y_dev, *, num_epochs, output_activation="sigmoid",
                  hidden_activation="relu", batch_norm=False, defaults=None):
    """An ``evaluate(config)`` for :func:`random_search` that trains with :func:`dlguide.train.fit`.

    ``config`` may hold ``learning_rate``, ``beta1``, ``beta2`` (Adam),
    ``hidden_units`` and ``num_layers`` (the hidden layers, all of one size),
    ``mini_batch_size``, ``lambd``, ``keep_prob`` and ``seed``; ``defaults``
    fills in what it lacks (any other key is refused). The score is the dev
    accuracy; the details hold the train accuracy and the final cost.
    """
    from .network import predict
    from .optimizers import Adam
    from .train import fit

    check_choice("output_activation", output_activation, OUTPUT_ACTIVATIONS)
    check_activation("hidden_activation", hidden_activation)
    batch_norm = check_flag("batch_norm", batch_norm)
    num_epochs = check_positive("num_epochs", num_epochs, integer=True)
    X_train, Y_train = check_training_data(X_train, Y_train, x_name="X_train",
                                           y_name="Y_train",
                                           output_activation=output_activation)
    X_dev, Y_dev = check_training_data(X_dev, Y_dev, x_name="X_dev", y_name="Y_dev",
                                       output_activation=output_activation)
    for name, train, dev in (("X", X_train, X_dev), ("Y", Y_train, Y_dev)):
        if train.shape[0] != dev.shape[0]:
            raise ValueError(f"{name}_dev must have as many rows as {name}_train, "
                             f"{train.shape[0]}; got {name}_dev.shape={dev.shape}")
    base = dict(_FIT_DEFAULTS)
    if defaults is not None:
        base.update(_check_config("defaults", defaults))
    n_x = X_train.shape[0]
    n_out = Y_train.shape[0]
    multi = output_activation == "softmax"

    def accuracy(X, Y, params):
        pred = predict(X, params, hidden_activation=hidden_activation,
                       output_activation=output_activation)
        truth = np.argmax(Y, axis=0)[None, :] if multi else Y
        return float(np.mean(pred == truth))

    def evaluate(config):
        c = {**base, **_check_config("config", config)}
        dims = [n_x] + [int(c["hidden_units"])] * int(c["num_layers"]) + [n_out]
        extra = {"output_activation": output_activation, "batch_norm": batch_norm} if (
            multi or batch_norm) else {}
        result = fit(X_train, Y_train, dims,
                     optimizer=Adam(c["learning_rate"], beta1=c["beta1"], beta2=c["beta2"]),
                     num_epochs=num_epochs, mini_batch_size=c["mini_batch_size"],
                     lambd=c["lambd"], keep_prob=c["keep_prob"],
                     hidden_activation=hidden_activation, rng=c["seed"], progress=False,
                     **extra)
        return accuracy(X_dev, Y_dev, result.params), {
            "train_accuracy": accuracy(X_train, Y_train, result.params),
            "final_cost": result.history["cost"][-1]}

    return evaluate
