"""The course's programming-assignment experiments, rerun with dlguide.

Shared by the results appendix (docs/appendix/results.md, which imports this
file from its own folder) and by tests/test_results.py (which loads it by path
and runs shorter versions). Each function returns plain Python floats.

Seeds are fixed in advance: the data sets use ``rng=1`` (and 2 for a second
draw), the models ``rng=2`` or ``rng=3``, and the digits networks every seed from
1 to 5 (only 1 for the course's TensorFlow network, the page's slowest run); none
was chosen by looking at results. The digits networks' learning rates are chosen in
docs/part1/deep-application.md by a rule on the training cost (never on test
accuracy). The batch-norm experiment's learning rates were chosen to run from too
small to too large for the network without batch norm: the comparison is about
that range, not about one rate.
"""

from __future__ import annotations

import functools

import numpy as np

from dlguide import DivergenceError, logistic
from dlguide.data import (
    load_digits,
    make_circles,
    make_moons,
    make_planar,
    one_hot,
    train_dev_test_split,
)
from dlguide.gradcheck import gradient_check
from dlguide.network import L_layer_model, compute_cost, model_backward, model_forward, predict
from dlguide.optimizers import Adam, GradientDescent, Momentum
from dlguide.schedules import schedule_lr_decay
from dlguide.train import fit
from dlguide.tuning import Choice, IntUniform, LogUniform, fit_evaluator, random_search

#: The numbers the course's notebooks print, quoted (accuracies as fractions).
COURSE = {
    "flower_logistic": 0.47,
    "flower_4_units": 0.90,
    "flower_hidden": {1: 0.675, 2: 0.6725, 3: 0.9075, 4: 0.905, 5: 0.9125, 20: 0.90,
                      50: 0.9025},
    "init": {"zeros": (0.50, 0.50), "random": (0.83, 0.86), "he": (0.99, 0.96)},
    "regularization": {"none": (0.948, 0.915), "l2": (0.938, 0.930),
                       "dropout": (0.929, 0.950)},
    "gradcheck_broken": 0.285,
    "gradcheck_correct_below": 1e-7,
    "optimizers": {"gd": 0.717, "momentum": 0.717, "adam": 0.943},
    "optimizers_decay": {"gd": 0.943, "momentum": 0.953, "adam": 0.940},
    # Course 1: logistic regression (week 2) and the two-layer and four-layer
    # networks (week 4) on the course's cat pictures, (train, test). A different
    # data set from ours: 209 training and 50 test pictures of 64x64x3 pixels.
    "cat": {"logistic": (0.99, 0.70), "2_layer": (1.00, 0.72), "L_layer": (0.986, 0.80)},
    # Course 2, week 3 (the TensorFlow assignment): a [12288, 25, 12, 6] network with
    # Adam on the course's hand signs, (train, test). A different data set from ours:
    # 1,080 training and 120 test pictures of six hand signs (the numbers 0 to 5).
    "signs": (0.999074, 0.716667),
}


def accuracy(X, Y, params, hidden_activation="relu"):
    """Fraction of the columns of ``X`` whose predicted label equals ``Y``."""
    return float(np.mean(predict(X, params, hidden_activation=hidden_activation) == Y))


# --- Course 1, week 3: the flower ---------------------------------------------------


def flower(num_iterations=10_000, hidden_sizes=(1, 2, 3, 4, 5, 20, 50),
           sweep_iterations=5_000, logistic_iterations=2_000):
    """One hidden tanh layer on the 400-point flower, and logistic regression on it.

    The weights start as ``0.01 * N(0, 1)`` (``init="random"``), the learning rate
    is 1.2, and the training accuracy is measured, as in the course.
    """
    X, Y = make_planar(400, rng=1)
    out = {"logistic": logistic.model(X, Y, num_iterations=logistic_iterations,
                                      learning_rate=0.5)["train_accuracy"]}

    def train(n_h, iterations):
        params, _ = L_layer_model(X, Y, [2, n_h, 1], learning_rate=1.2,
                                  num_iterations=iterations, hidden_activation="tanh",
                                  init="random", rng=2)
        return accuracy(X, Y, params, "tanh")

    out["4_units"] = train(4, num_iterations)
    out["hidden"] = {n_h: train(n_h, sweep_iterations) for n_h in hidden_sizes}
    return out


# --- Course 1, weeks 2 and 4: images (the digits in place of the course's cats) ------

#: The networks of docs/part1/deep-application.md: (layer_dims, learning rate). The
#: chapter chooses the rates with a rule and asserts that it picks these.
DIGITS_NETWORKS = {"2_layer": ([64, 7, 1], 0.1), "L_layer": ([64, 20, 7, 5, 1], 0.03)}


def digits_split():
    """The digits 5 to 9 (label 1) against 0 to 4 (label 0), 70% train, 30% test.

    The task and split of docs/part1/image-classifier.md and
    docs/part1/deep-application.md. Returns ``X_train, Y_train, X_test, Y_test``.
    """
    X, y = load_digits()
    Y = (y >= 5).astype(float)
    X_train, Y_train, _, _, X_test, Y_test = train_dev_test_split(X, Y, (0.7, 0.0, 0.3), rng=1)
    return X_train, Y_train, X_test, Y_test


def digits(num_iterations=3_000, seeds=(1, 2, 3, 4, 5), networks=("2_layer", "L_layer")):
    """Logistic regression and the chapter's two networks on the digits.

    Logistic regression: :func:`dlguide.logistic.model` with 2,000 iterations at
    learning rate 0.5. The networks: ReLU hidden layers, He start, batch gradient
    descent with the rates of :data:`DIGITS_NETWORKS`, once per initialization
    seed. Returns ``{"logistic": (train, test), network: {seed: (train, test)},
    "sizes": (m_train, m_test)}``.
    """
    X_train, Y_train, X_test, Y_test = digits_split()
    result = logistic.model(X_train, Y_train, X_test, Y_test, num_iterations=2000,
                            learning_rate=0.5)
    out = {"logistic": (result["train_accuracy"], result["test_accuracy"]),
           "sizes": (X_train.shape[1], X_test.shape[1])}
    for name in networks:
        dims, rate = DIGITS_NETWORKS[name]
        out[name] = {}
        for seed in seeds:
            params, _ = L_layer_model(X_train, Y_train, dims, learning_rate=rate,
                                      num_iterations=num_iterations, rng=seed)
            out[name][seed] = (accuracy(X_train, Y_train, params),
                               accuracy(X_test, Y_test, params))
    return out


# --- Course 2, week 1: initialization, regularization, gradient checking ------------


def initialization(num_iterations=15_000, methods=("zeros", "random", "he"), rng=3):
    """Three initializations of a [2, 10, 5, 1] ReLU network on two circles.

    ``"random"`` is the course's large random start, ``10 * N(0, 1)``; ``rng``
    seeds the initial weights. Returns
    ``{method: (train accuracy, test accuracy, first cost)}``.
    """
    X_train, Y_train = make_circles(300, noise=0.05, rng=1)
    X_test, Y_test = make_circles(100, noise=0.05, rng=2)
    out = {}
    for method in methods:
        params, costs = L_layer_model(X_train, Y_train, [2, 10, 5, 1], learning_rate=0.01,
                                      num_iterations=num_iterations, init=method,
                                      scale=10.0, record_every=1000, rng=rng)
        out[method] = (accuracy(X_train, Y_train, params), accuracy(X_test, Y_test, params),
                       costs[0])
    return out


def overfit_data(rng=1):
    """A small noisy training set, and a large test set from the same distribution.

    The course's regularization data (a file of 211 points) is not public. Here:
    two moons (noise 0.15) with 10% of the labels flipped at random, 150 points
    to train on and 1,000 to test on. The flipped points play the part of the
    course's outliers: an unregularized [2, 20, 3, 1] network bends its boundary
    around them.
    """
    rng = np.random.default_rng(rng)
    X_train, Y_train = make_moons(150, noise=0.15, rng=rng)
    X_test, Y_test = make_moons(1000, noise=0.15, rng=rng)
    Y_train = np.where(rng.random(Y_train.shape) < 0.1, 1.0 - Y_train, Y_train)
    Y_test = np.where(rng.random(Y_test.shape) < 0.1, 1.0 - Y_test, Y_test)
    return X_train, Y_train, X_test, Y_test


def regularization(num_epochs=30_000, settings=("none", "l2", "dropout")):
    """No regularization, L2 with lambda 0.7, dropout with keep_prob 0.86.

    Full-batch gradient descent, learning rate 0.3, weights ``N(0, 1/n[l-1])``
    (``init="xavier"``, as the course's notebook). Returns
    ``{setting: (train accuracy, test accuracy)}``.
    """
    X_train, Y_train, X_test, Y_test = overfit_data()
    options = {"none": {}, "l2": {"lambd": 0.7}, "dropout": {"keep_prob": 0.86}}
    out = {}
    for name in settings:
        params, _ = fit(X_train, Y_train, [2, 20, 3, 1], optimizer=GradientDescent(0.3),
                        num_epochs=num_epochs, mini_batch_size=X_train.shape[1],
                        init="xavier", rng=2, progress=False, **options[name])
        out[name] = (accuracy(X_train, Y_train, params), accuracy(X_test, Y_test, params))
    return out


def gradient_checking(rng=1):
    """The course's check on a [4, 5, 3, 1] ReLU network with 3 examples.

    Returns the relative difference for the correct backward pass and for the
    course's broken one (``dW2`` doubled, ``db1`` computed with 4/m instead of 1/m).
    """
    rng = np.random.default_rng(rng)
    X = rng.standard_normal((4, 3))
    Y = np.array([[1.0, 1.0, 0.0]])
    params = {}
    for l, (n, n_prev) in enumerate([(5, 4), (3, 5), (1, 3)], start=1):
        params[f"W{l}"] = rng.standard_normal((n, n_prev))
        params[f"b{l}"] = rng.standard_normal((n, 1))

    def cost_fn(p):
        return compute_cost(model_forward(X, p)[0], Y)

    AL, caches = model_forward(X, params)
    grads = model_backward(AL, Y, caches)
    broken = dict(grads)
    broken["dW2"] = 2.0 * grads["dW2"]
    broken["db1"] = 4.0 * grads["db1"]
    return {"correct": gradient_check(cost_fn, params, grads),
            "broken": gradient_check(cost_fn, params, broken)}


# --- Course 2, week 2: optimizers and learning-rate decay ---------------------------


def optimizers(num_epochs=5_000, runs=("gd", "momentum", "adam"), decay=False):
    """Mini-batches of 64 on 300 moons, a [2, 5, 2, 1] ReLU network, He start.

    Without ``decay`` every optimizer uses the learning rate 0.0007; with it,
    the rate starts at 0.1 (0.01 for Adam) and is divided by ``1 + k`` after
    ``1000 k`` epochs. Returns ``{run: training accuracy}``.
    """
    X, Y = make_moons(300, noise=0.2, rng=1)
    schedule = (functools.partial(schedule_lr_decay, decay_rate=1.0, time_interval=1000)
                if decay else None)
    rates = {"gd": 0.1, "momentum": 0.1, "adam": 0.01} if decay else dict.fromkeys(runs, 0.0007)
    make = {"gd": GradientDescent, "momentum": lambda lr: Momentum(lr, beta=0.9), "adam": Adam}
    out = {}
    for name in runs:
        params, _ = fit(X, Y, [2, 5, 2, 1], optimizer=make[name](rates[name]),
                        num_epochs=num_epochs, mini_batch_size=64, schedule=schedule,
                        rng=3, progress=False)
        out[name] = accuracy(X, Y, params)
    return out


# --- Course 2, week 3: softmax, batch norm, tuning (the digits in place of the signs) --


def digits_ten_split():
    """All ten digits with one-hot labels (10, m): 60% train, 20% dev, 20% test.

    Returns ``X_train, Y_train, X_dev, Y_dev, X_test, Y_test``.
    """
    X, y = load_digits()
    return train_dev_test_split(X, one_hot(y, 10), (0.6, 0.2, 0.2), rng=1)


def class_accuracy(X, Y, params):
    """Fraction of the columns of ``X`` whose predicted class is the class of one-hot ``Y``."""
    predicted = predict(X, params, output_activation="softmax")
    return float(np.mean(predicted == np.argmax(Y, axis=0)))


def softmax_network(num_epochs=1_500, seeds=(1,)):
    """The course's TensorFlow network, [n_x, 25, 12, C], on the ten digits.

    ReLU hidden layers, a softmax output, He start, Adam with the course's
    learning rate 0.0001 and mini-batches of 32, ``num_epochs`` epochs (the
    course: 1,500). Returns ``{seed: (train accuracy, test accuracy)}``.
    """
    X_train, Y_train, _, _, X_test, Y_test = digits_ten_split()
    out = {}
    for seed in seeds:
        params, _ = fit(X_train, Y_train, [64, 25, 12, 10], optimizer=Adam(0.0001),
                        num_epochs=num_epochs, mini_batch_size=32,
                        output_activation="softmax", rng=seed, progress=False)
        out[seed] = (class_accuracy(X_train, Y_train, params),
                     class_accuracy(X_test, Y_test, params))
    return out


#: The batch-norm experiment's network: four ReLU hidden layers of 32 units.
BATCH_NORM_DIMS = [64, 32, 32, 32, 32, 10]


def batch_norm(rates=(0.03, 0.1, 0.3, 1.0), seeds=(1, 2, 3, 4, 5), num_epochs=20):
    """The same deep softmax network with and without batch norm, at several rates.

    :data:`BATCH_NORM_DIMS`, He start, mini-batch gradient descent (batches of
    64) for ``num_epochs`` epochs at each learning rate of ``rates``, once per
    seed. With batch norm every hidden layer is normalized, and the test set is
    classified with the running averages. Returns ``{"plain": {rate: {seed:
    test accuracy}}, "batch_norm": {...}}``; a run that diverges
    (:class:`dlguide.DivergenceError`) has the accuracy ``None``.
    """
    X_train, Y_train, _, _, X_test, Y_test = digits_ten_split()
    out = {}
    for name, bn in (("plain", False), ("batch_norm", True)):
        out[name] = {}
        for rate in rates:
            out[name][rate] = {}
            for seed in seeds:
                try:
                    params, _ = fit(X_train, Y_train, BATCH_NORM_DIMS,
                                    optimizer=GradientDescent(rate), num_epochs=num_epochs,
                                    mini_batch_size=64, output_activation="softmax",
                                    batch_norm=bn, rng=seed, progress=False)
                except DivergenceError:
                    out[name][rate][seed] = None
                else:
                    out[name][rate][seed] = class_accuracy(X_test, Y_test, params)
    return out


#: The random search's space: Adam's learning rate on a log scale, the width and
#: depth of the hidden layers, and the mini-batch size.
SEARCH_SPACE = {
    "learning_rate": LogUniform(1e-4, 1e-1),
    "hidden_units": IntUniform(16, 128),
    "num_layers": IntUniform(1, 3),
    "mini_batch_size": Choice((32, 64, 128)),
}


def search(n_trials=12, num_epochs=20, rng=1):
    """A random search over :data:`SEARCH_SPACE`, scored by the dev accuracy.

    Each trial trains a softmax network with :func:`dlguide.tuning.fit_evaluator`
    (Adam, ReLU hidden layers, ``num_epochs`` epochs). The best configuration is
    then trained again, with its own seed, and measured on the test set, which
    the search never saw. Returns ``{"trials": [(config, dev accuracy), ...]
    (best first), "best": config, "dev": ..., "train": ..., "test": ...}``, the
    last three for the retrained best.
    """
    X_train, Y_train, X_dev, Y_dev, X_test, Y_test = digits_ten_split()
    evaluate = fit_evaluator(X_train, Y_train, X_dev, Y_dev, num_epochs=num_epochs,
                             output_activation="softmax")
    result = random_search(SEARCH_SPACE, evaluate, n_trials=n_trials, rng=rng)
    best = result.best()[0].config
    dims = [64] + [best["hidden_units"]] * best["num_layers"] + [10]
    params, _ = fit(X_train, Y_train, dims, optimizer=Adam(best["learning_rate"]),
                    num_epochs=num_epochs, mini_batch_size=best["mini_batch_size"],
                    output_activation="softmax", rng=best["seed"], progress=False)
    return {"trials": [(t.config, t.score) for t in result.trials], "best": best,
            "dev": class_accuracy(X_dev, Y_dev, params),
            "train": class_accuracy(X_train, Y_train, params),
            "test": class_accuracy(X_test, Y_test, params)}
