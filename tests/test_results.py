"""The course's results, reproduced: each experiment of the results appendix stays in a band.

The experiments live in docs/appendix/course_experiments.py, beside the chapter
that runs them at full length (docs/appendix/results.md); this module loads that
file by path. To keep the whole file under about 30 s of CPU time, some runs are
shorter than in the chapter, and each band is chosen for the shorter run:

- flower: 3,000 iterations instead of 10,000 (the 4-unit network is already
  above 90% there) and only the 1-unit network of the sweep;
- regularization: 10,000 full-batch epochs instead of 30,000 (the unregularized
  network already overfits there; its test accuracy is lower than at 30,000, so
  the band on the regularized ones is not made easier by the shortening);
- optimizers: 2,000 epochs instead of 5,000 (gradient descent with the small
  learning rate is still far behind Adam; the decayed runs have decayed once).

- digits: one initialization seed (1) instead of five, at full length (each
  network takes a second or two).
- Part III (all ten digits): the course's TensorFlow network exactly as in the
  chapter (one seed, 1,500 epochs); batch norm at two of the four learning rates
  (0.1 and 1.0) with three seeds (1 to 3) instead of five; the random search
  exactly as in the chapter (twelve short trials).

Initialization and gradient checking run exactly as in the chapter. The bands
are wide enough for another seed (the experiments' seeds are fixed, but a
different NumPy or BLAS may round differently) and narrow enough to fail when a
result no longer shows what the course shows.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[1] / "docs" / "appendix" / "course_experiments.py"


def load_experiments():
    spec = importlib.util.spec_from_file_location("course_experiments", PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ce = load_experiments()

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def flower():
    return ce.flower(num_iterations=3_000, hidden_sizes=(1,), sweep_iterations=3_000,
                     logistic_iterations=500)


def test_flower_needs_a_hidden_layer(flower):
    assert flower["logistic"] <= 0.65  # a straight line: near chance (the course: 47%)
    assert flower["4_units"] >= 0.85  # the course: 90%


def test_flower_one_hidden_unit_underfits(flower):
    assert flower["hidden"][1] <= 0.80  # the course: 67.5%
    assert flower["4_units"] - flower["hidden"][1] >= 0.10


def test_zero_initialization_never_breaks_symmetry():
    train, test, first_cost = ce.initialization(num_iterations=1_000, methods=("zeros",))["zeros"]
    assert train == test == 0.5  # one class predicted everywhere (the data are balanced)
    assert first_cost == pytest.approx(0.6931471805599453)  # log 2: every output is 0.5


@pytest.fixture(scope="module")
def initialization():
    return ce.initialization(methods=("random", "he"))


def test_he_initialization_fits_the_circles(initialization):
    train, test, _ = initialization["he"]
    assert train >= 0.95  # the course: 0.99
    assert test >= 0.90  # the course: 0.96


def test_large_random_initialization_starts_badly(initialization):
    train, _, first_cost = initialization["random"]
    assert first_cost > 10.0  # saturated sigmoids: the course prints inf
    # Only "below He": how far it recovers depends on the draw (the chapter shows
    # other seeds anywhere from 80% to 95%), so no tighter band is honest.
    assert train < initialization["he"][0]


@pytest.fixture(scope="module")
def regularization():
    return ce.regularization(num_epochs=10_000)


def test_unregularized_network_overfits(regularization):
    train, test = regularization["none"]
    assert train >= 0.88
    assert train - test >= 0.03


def test_l2_trades_training_accuracy_for_test_accuracy(regularization):
    assert regularization["l2"][0] < regularization["none"][0]
    assert regularization["l2"][1] >= regularization["none"][1] + 0.01


def test_dropout_does_not_hurt_the_test_set(regularization):
    assert regularization["dropout"][1] >= regularization["none"][1] - 0.01


def test_gradient_checking_catches_the_courses_bug():
    result = ce.gradient_checking()
    assert result["correct"] < 1e-7
    assert 0.1 <= result["broken"] <= 0.6  # the course: 0.285


def test_adam_beats_gradient_descent_at_a_small_learning_rate():
    result = ce.optimizers(num_epochs=2_000, runs=("gd", "adam"))
    assert result["adam"] >= 0.90  # the course: 0.94
    assert result["adam"] >= result["gd"] + 0.05  # the course: 0.717 for gd


def test_learning_rate_decay_lets_every_optimizer_fit_the_moons():
    result = ce.optimizers(num_epochs=2_000, decay=True)
    assert min(result.values()) >= 0.90, result  # the course: 0.943, 0.953, 0.940


@pytest.fixture(scope="module")
def digits():
    return ce.digits(seeds=(1,))


def test_digits_logistic_regression_does_not_overfit(digits):
    assert digits["sizes"] == (1258, 539)  # 70% / 30% of the 1,797 digits
    train, test = digits["logistic"]
    assert 0.87 <= train <= 0.93  # ours: 90.4% (the course's cats: 99%)
    assert 0.87 <= test <= 0.93  # ours: 90.2% (the course's cats: 70%)
    assert abs(train - test) < 0.03


def test_digits_two_layer_network_beats_logistic_regression(digits):
    train, test = digits["2_layer"][1]
    assert 0.95 <= train <= 0.995  # ours: 96.5% (not memorized: the cost is still ~0.1)
    assert 0.94 <= test <= 0.985  # ours: 95.7%; five seeds 95.7% to 97.0%
    assert test >= digits["logistic"][1] + 0.03


def test_digits_deep_network_fits_the_training_set(digits):
    train, test = digits["L_layer"][1]
    assert train >= 0.99  # ours: 99.9%
    assert 0.94 <= test <= 0.99  # ours: 96.7%; five seeds 96.1% to 97.4%
    assert test >= digits["logistic"][1] + 0.03
    assert train > digits["2_layer"][1][0]


def test_digits_ten_split():
    X_train, Y_train, X_dev, _, X_test, _ = ce.digits_ten_split()
    assert (X_train.shape[1], X_dev.shape[1], X_test.shape[1]) == (1078, 359, 360)
    assert Y_train.shape == (10, 1078)  # one-hot: one row per digit


def test_softmax_network_fits_every_training_digit():
    train, test = ce.softmax_network()[1]
    assert train >= 0.99  # ours: 100% (the course's hand signs: 99.9%)
    assert 0.93 <= test <= 0.99  # ours: 96.4%; seeds 2 and 3: 95.6%, 97.2% (signs: 71.7%)


@pytest.fixture(scope="module")
def batch_norm():
    return ce.batch_norm(rates=(0.1, 1.0), seeds=(1, 2, 3))


def test_batch_norm_rescues_a_large_learning_rate(batch_norm):
    plain, bn = batch_norm["plain"][1.0], batch_norm["batch_norm"][1.0]
    assert all(a is None or a <= 0.3 for a in plain.values()), plain  # ours: 10.0% to 22.8%
    assert min(bn.values()) >= 0.92, bn  # ours: 96.7% to 97.5%


def test_batch_norm_at_a_moderate_learning_rate(batch_norm):
    plain, bn = batch_norm["plain"][0.1], batch_norm["batch_norm"][0.1]
    assert 0.89 <= min(plain.values()), plain  # ours: 94.4% to 95.3%
    assert max(plain.values()) <= 0.985, plain
    assert 0.92 <= min(bn.values()), bn  # ours: 95.0% to 96.4%
    assert max(bn.values()) <= 0.99, bn
    # ours: the mean 0.8 points higher with batch norm; allow for another BLAS
    assert sum(bn.values()) / 3 >= sum(plain.values()) / 3 - 0.01


@pytest.fixture(scope="module")
def search():
    return ce.search()


def test_random_search_best_configuration(search):
    assert len(search["trials"]) == 12
    assert search["dev"] == search["trials"][0][1]  # the retrained best reproduces its trial
    assert 0.96 <= search["dev"] <= 1.0  # ours: 98.1%
    assert 0.94 <= search["test"] <= 0.99  # ours: 96.7%
    assert search["train"] >= 0.97  # ours: 99.7%


def test_random_search_space_holds_poor_configurations(search):
    scores = [score for _, score in search["trials"]]
    assert scores == sorted(scores, reverse=True)
    assert scores[-1] <= 0.92  # ours: 84.1%; the search is worth running
