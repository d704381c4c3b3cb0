"""Tests of dlguide.tuning: sampling on the right scale, random search, coarse to fine."""

from __future__ import annotations

import numpy as np
import pytest

from dlguide.tuning import (
    Choice,
    IntUniform,
    LogUniform,
    OneMinusLogUniform,
    SearchResult,
    Uniform,
    coarse_to_fine,
    log_uniform,
    one_minus_log_uniform,
    random_search,
)


def test_log_uniform_puts_equal_mass_in_every_decade():
    x = log_uniform(1e-5, 1e-1, size=200_000, rng=0)
    assert x.min() >= 1e-5
    assert x.max() < 1e-1
    shares = [np.mean((x >= 10.0**k) & (x < 10.0**(k + 1))) for k in range(-5, -1)]
    np.testing.assert_allclose(shares, 0.25, atol=0.005)  # 4 SE of a share is ~0.004
    # a uniform draw on the same range would put 90% in the top decade
    assert np.mean(x >= 1e-2) < 0.26


def test_one_minus_beta_is_log_uniform():
    b = one_minus_log_uniform(0.9, 0.9999, size=200_000, rng=1)
    assert b.min() >= 0.9
    assert b.max() < 0.9999
    shares = [np.mean((b >= lo) & (b < hi)) for lo, hi in
              ((0.9, 0.99), (0.99, 0.999), (0.999, 0.9999))]
    np.testing.assert_allclose(shares, 1 / 3, atol=0.005)


def test_single_draws_are_floats_and_reproducible():
    assert isinstance(log_uniform(1e-3, 1.0, rng=5), float)
    assert log_uniform(1e-3, 1.0, rng=5) == log_uniform(1e-3, 1.0, rng=np.random.default_rng(5))
    assert isinstance(one_minus_log_uniform(0.8, 0.99, rng=5), float)


def test_draws_stay_below_high_where_rounding_would_reach_it():
    """``low + (high - low) * u`` rounds up to ``high`` for u near 1 when the range is
    a few ulps wide (a quarter of the draws here); every sampler keeps ``[low, high)``,
    single draws as well as arrays."""
    import math
    one, up1 = 1.0, math.nextafter(1.0, 2.0)
    up2 = math.nextafter(up1, 2.0)
    draws = {
        "Uniform": ([Uniform(one, up2).sample(s) for s in range(400)], one, up2),
        "log_uniform": ([log_uniform(one, up1, rng=s) for s in range(400)], one, up1),
        "log_uniform size": (log_uniform(one, up1, size=400, rng=0), one, up1),
        "LogUniform": ([LogUniform(one, up1).sample(s) for s in range(400)], one, up1),
    }
    for name, (x, low, high) in draws.items():
        assert min(x) >= low, name
        assert max(x) < high, name


@pytest.mark.parametrize(("fn", "args", "exc", "match"), [
    (log_uniform, (0.0, 1.0), ValueError, r"low must be finite and > 0; got 0"),
    (log_uniform, (1.0, 0.1), ValueError, r"low must be smaller than high"),
    (log_uniform, (1e-3, float("nan")), ValueError, r"high must be finite and > 0"),
    (log_uniform, ("a", 1.0), TypeError, r"low must be a real number"),
    (one_minus_log_uniform, (0.9, 1.0), ValueError, r"0 <= low < high < 1"),
    (one_minus_log_uniform, (-0.1, 0.9), ValueError, r"low must be in \[0, 1\]"),
])
def test_bad_ranges_are_refused(fn, args, exc, match):
    with pytest.raises(exc, match=match):
        fn(*args, rng=0)


def test_size_and_rng_are_checked():
    with pytest.raises(ValueError, match=r"size must be finite and > 0; got 0"):
        log_uniform(1e-3, 1.0, size=0)
    with pytest.raises(TypeError, match=r"rng must be an int seed"):
        log_uniform(1e-3, 1.0, rng="x")


def quadratic(config):
    """Best at learning_rate = 0.01, beta = 0.99, hidden = 32."""
    return (-abs(np.log10(config["learning_rate"]) + 2) - 10 * abs(config["beta"] - 0.99)
            - abs(config["hidden"] - 32) / 100, {"lr": config["learning_rate"]})


SPACE = {"learning_rate": LogUniform(1e-4, 1.0), "beta": OneMinusLogUniform(0.8, 0.999),
         "hidden": Choice((8, 16, 32, 64)), "keep_prob": Uniform(0.5, 1.0),
         "layers": IntUniform(1, 4)}


def test_random_search_scores_sorts_and_is_reproducible():
    a = random_search(SPACE, quadratic, n_trials=60, rng=3)
    b = random_search(SPACE, quadratic, n_trials=60, rng=np.random.default_rng(3))
    assert isinstance(a, SearchResult)
    assert [t.config for t in a.trials] == [t.config for t in b.trials]
    scores = [t.score for t in a.trials]
    assert scores == sorted(scores, reverse=True)
    best = a.best()[0].config
    assert 10**-2.6 < best["learning_rate"] < 10**-1.4
    assert set(a.trials[0].config) == {*SPACE, "seed"}
    assert a.trials[0].details == {"lr": best["learning_rate"]}
    for t in a.trials:
        c = t.config
        assert 1e-4 <= c["learning_rate"] < 1.0
        assert 0.8 <= c["beta"] < 0.999
        assert c["hidden"] in (8, 16, 32, 64)
        assert 0.5 <= c["keep_prob"] < 1.0
        assert c["layers"] in (1, 2, 3, 4)
    text = a.table()
    assert text.splitlines()[0].split()[:2] == ["score", "learning_rate"]
    assert len(text.splitlines()) == 61
    assert "60 trials" in repr(a)


def test_coarse_to_fine_narrows_around_the_best_and_stays_inside():
    result = random_search(SPACE, quadratic, n_trials=80, rng=4)
    finer = coarse_to_fine(SPACE, result, top=5, margin=0.1)
    lr, beta = finer["learning_rate"], finer["beta"]
    assert 1e-4 <= lr.low < 0.01 < lr.high <= 1.0
    assert np.log10(lr.high / lr.low) < 4  # narrower than the four decades it started with
    assert 0.8 <= beta.low < beta.high <= 0.999
    assert set(finer["hidden"].values) <= {8, 16, 32, 64}
    again = random_search(finer, quadratic, n_trials=30, rng=5)
    assert again.best()[0].score >= result.trials[4].score  # the finer round does as well


@pytest.mark.parametrize(("kwargs", "exc", "match"), [
    ({"space": {}}, TypeError, r"space must be a non-empty dict"),
    ({"space": {"lr": (1e-4, 1.0)}}, TypeError, r"space\['lr'\] must be a sampler"),
    ({"space": {"lr": LogUniform(1.0, 1e-4)}}, ValueError, r"low must be smaller than high"),
    ({"space": {"c": Choice(())}}, ValueError, r"space\['c'\] must offer at least one value"),
    ({"evaluate": 3}, TypeError, r"evaluate must be a callable"),
    ({"n_trials": 0}, ValueError, r"n_trials must be finite and > 0"),
    ({"evaluate": lambda c: "good"}, TypeError, r"evaluate must return a number"),
])
def test_random_search_refuses_bad_arguments(kwargs, exc, match):
    args = {"space": {"lr": LogUniform(1e-4, 1.0)}, "evaluate": lambda c: 0.0, "n_trials": 2,
            "rng": 0}
    args.update(kwargs)
    with pytest.raises(exc, match=match):
        random_search(args.pop("space"), args.pop("evaluate"), **args)


def test_coarse_to_fine_refuses_a_result_that_is_not_one():
    with pytest.raises(TypeError, match=r"result must be a SearchResult"):
        coarse_to_fine(SPACE, [1, 2])
