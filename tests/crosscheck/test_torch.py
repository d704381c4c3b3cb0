"""dlguide against PyTorch, in float64: activations, cost, backward, initialization,
dropout, L2, optimizers and schedules; softmax with cross-entropy, batch normalization
(forward, backward and running averages).

Optional: skipped when torch is not installed (the default ``tests`` session does
not install it). ``nox -s crosscheck`` installs the CPU build and runs this file
with ``-v -s``, printing every difference measured. Where the two libraries use
different conventions, the test states the mapping it applies (and the book's
chapter "From dlguide to PyTorch" tabulates them).

Tolerances: computations that agree up to rounding are held to 1e-10 (the
differences measured are around 1e-16 to 1e-13); statistics of random draws are
held to a few standard errors of the estimate.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional
torch.set_num_threads(1)  # tiny tensors; the machine is shared

from dlguide.activations import (  # noqa: E402
    leaky_relu,
    leaky_relu_backward,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    softmax,
    softmax_backward,
    tanh,
    tanh_backward,
)
from dlguide.batchnorm import batchnorm_backward, batchnorm_forward  # noqa: E402
from dlguide.data import one_hot  # noqa: E402
from dlguide.initializers import initialize_parameters  # noqa: E402
from dlguide.layers import linear_activation_forward  # noqa: E402
from dlguide.losses import categorical_cross_entropy  # noqa: E402
from dlguide.network import compute_cost, model_backward, model_forward  # noqa: E402
from dlguide.optimizers import Adam, GradientDescent, Momentum, RMSprop  # noqa: E402
from dlguide.regularization import dropout_backward, dropout_forward  # noqa: E402
from dlguide.schedules import schedule_lr_decay  # noqa: E402
from dlguide.step import RUNNING_BETA  # noqa: E402

EXACT = 1e-10  # agreement up to floating-point rounding
DIMS = [5, 4, 3, 1]


def tensor(a, grad=False):
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64,
                        requires_grad=grad)


def maxdiff(ours, theirs):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else theirs
    return float(np.max(np.abs(np.asarray(ours) - np.asarray(theirs))))


def problem(rng=0, m=20):
    """Random inputs, labels and starting parameters for a [5, 4, 3, 1] network."""
    rng = np.random.default_rng(rng)
    X = rng.standard_normal((DIMS[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    params = initialize_parameters(DIMS, "he", rng=rng)
    for l in range(1, len(DIMS)):  # non-zero biases, so their gradients are tested too
        params[f"b{l}"] = 0.1 * rng.standard_normal(params[f"b{l}"].shape)
    return X, Y, params


TORCH_ACTIVATION = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


def torch_logits(X, tparams, hidden_activation):
    """The same network in torch, in dlguide's layout (examples as columns)."""
    L = len(tparams) // 2
    A = tensor(X)
    for l in range(1, L):
        A = TORCH_ACTIVATION[hidden_activation](tparams[f"W{l}"] @ A + tparams[f"b{l}"])
    return tparams[f"W{L}"] @ A + tparams[f"b{L}"]


# --- activations ---------------------------------------------------------------------


ACTIVATION_PAIRS = {
    "sigmoid": (sigmoid, sigmoid_backward, torch.sigmoid),
    "tanh": (tanh, tanh_backward, torch.tanh),
    "relu": (relu, relu_backward, torch.relu),
    "leaky_relu": (leaky_relu, leaky_relu_backward,
                   functools.partial(F.leaky_relu, negative_slope=0.01)),
}


@pytest.mark.parametrize("name", list(ACTIVATION_PAIRS))
def test_activation_and_derivative(name, report):
    forward, backward, torch_fn = ACTIVATION_PAIRS[name]
    rng = np.random.default_rng(1)
    Z = 4.0 * rng.standard_normal((50, 40))
    Z[0, :5] = 0.0  # the kink: both libraries take relu'(0) = 0 and leaky_relu'(0) = alpha
    Z[1, :3] = [-40.0, 40.0, 700.0]  # saturated sigmoid and tanh
    dA = rng.standard_normal(Z.shape)
    z = tensor(Z, grad=True)
    a = torch_fn(z)
    a.backward(tensor(dA))
    report(f"{name} forward", maxdiff(forward(Z), a), EXACT)
    report(f"{name} derivative (autograd)", maxdiff(backward(dA, Z), z.grad), EXACT)


# --- cost and backward pass ------------------------------------------------------------


@pytest.mark.parametrize("hidden_activation", ["relu", "tanh"])
def test_cost_and_model_backward(hidden_activation, report):
    X, Y, params = problem()
    AL, caches = model_forward(X, params, hidden_activation=hidden_activation)
    cost = compute_cost(AL, Y)
    grads = model_backward(AL, Y, caches, hidden_activation=hidden_activation)

    tparams = {k: tensor(v, grad=True) for k, v in params.items()}
    ZL = torch_logits(X, tparams, hidden_activation)
    bce = F.binary_cross_entropy(torch.sigmoid(ZL), tensor(Y))
    bce_logits = F.binary_cross_entropy_with_logits(ZL, tensor(Y))
    bce_logits.backward()
    report(f"BCE cost ({hidden_activation})", abs(cost - bce.item()), EXACT)
    report(f"BCE with logits ({hidden_activation})", abs(cost - bce_logits.item()), EXACT)
    report(f"model_backward vs autograd ({hidden_activation})",
           max(maxdiff(grads["d" + k], t.grad) for k, t in tparams.items()), EXACT)


def test_l2_cost_and_gradient(report):
    X, Y, params = problem()
    lambd, m = 0.7, X.shape[1]
    AL, caches = model_forward(X, params)
    cost = compute_cost(AL, Y, params, lambd=lambd)
    grads = model_backward(AL, Y, caches, lambd=lambd)
    tparams = {k: tensor(v, grad=True) for k, v in params.items()}
    penalty = sum((t**2).sum() for k, t in tparams.items() if k.startswith("W"))
    J = F.binary_cross_entropy_with_logits(torch_logits(X, tparams, "relu"), tensor(Y)) \
        + lambd / (2 * m) * penalty
    J.backward()
    report("cost with L2 term", abs(cost - J.item()), EXACT)
    report("gradient with L2 term",
           max(maxdiff(grads["d" + k], t.grad) for k, t in tparams.items()), EXACT)


def test_rows_layout_of_torch_linear(report):
    """nn.Linear stores weight as (out, in), like W[l], but takes examples as rows."""
    X, Y, params = problem()
    net = torch.nn.Sequential(
        torch.nn.Linear(5, 4), torch.nn.ReLU(), torch.nn.Linear(4, 3), torch.nn.ReLU(),
        torch.nn.Linear(3, 1),
    ).double()
    with torch.no_grad():
        for l, layer in enumerate(net[::2], start=1):
            layer.weight.copy_(tensor(params[f"W{l}"]))  # same shape: (n[l], n[l-1])
            layer.bias.copy_(tensor(params[f"b{l}"].ravel()))  # (n[l],), not (n[l], 1)
    logits = net(tensor(X.T))  # (m, n_x) in, (m, 1) out
    loss = torch.nn.BCEWithLogitsLoss()(logits, tensor(Y.T))
    loss.backward()
    AL, caches = model_forward(X, params)
    grads = model_backward(AL, Y, caches)
    report("nn.Sequential output vs model_forward (transposed)",
           maxdiff(AL, torch.sigmoid(logits).T), EXACT)
    diffs = []
    for l, layer in enumerate(net[::2], start=1):
        diffs += [maxdiff(grads[f"dW{l}"], layer.weight.grad),
                  maxdiff(grads[f"db{l}"].ravel(), layer.bias.grad)]
    report("nn.Linear weight and bias gradients", max(diffs), EXACT)


def test_saturated_logits_cost(report):
    """Our cost sees only A = sigmoid(Z); torch's with-logits loss sees Z itself."""
    Z = np.array([[-40.0, 2.0, 40.0, 800.0]])
    Y = np.array([[1.0, 1.0, 0.0, 0.0]])
    ours = compute_cost(linear_activation_forward(Z, np.eye(1), np.zeros((1, 1)),
                                                  "sigmoid")[0], Y)
    exact = F.binary_cross_entropy_with_logits(tensor(Z), tensor(Y)).item()
    # sigmoid(40) rounds to 1 in float64: log(1 - a) is floored at log(tiny) = -708.4,
    # so each example saturated on the wrong side costs 708.4 here, where torch's loss
    # is exactly |z|. (sigmoid(-40) = 4.2e-18 is accurate, so y = 1, z = -40 costs 40 in
    # both.) Both are finite; they differ.
    assert math.isfinite(ours)
    assert abs(ours - exact) > 1.0
    print(f"\n    saturated logits: dlguide cost {ours:.4f}, torch with logits {exact:.4f}",
          end="")


# --- initialization -------------------------------------------------------------------


def std_tolerance(n):
    """Five standard errors of a sample standard deviation (relative), n draws."""
    return 5.0 / math.sqrt(2 * n)


def test_he_matches_kaiming_normal_fan_in(report):
    n_in, n_out = 800, 600
    ours = initialize_parameters([n_in, n_out], "he", rng=0)["W1"]
    theirs = torch.empty(n_out, n_in, dtype=torch.float64)
    torch.nn.init.kaiming_normal_(theirs, mode="fan_in", nonlinearity="relu",
                                  generator=torch.Generator().manual_seed(0))
    target = math.sqrt(2.0 / n_in)  # torch's fan_in is weight.shape[1] = n[l-1]
    tol = std_tolerance(ours.size)
    report("He std / sqrt(2/n_in) - 1 (dlguide)", abs(ours.std() / target - 1), tol)
    report("kaiming_normal_ std / sqrt(2/n_in) - 1", abs(theirs.std().item() / target - 1), tol)
    report("He mean (dlguide)", abs(ours.mean()), 5 * target / math.sqrt(ours.size))


def test_xavier_conventions(report):
    """dlguide (the course): Var = 1/n_in. torch xavier_normal_: Var = 2/(n_in + n_out)."""
    gen = torch.Generator().manual_seed(0)
    for n_in, n_out in [(800, 200), (500, 500)]:
        ours = initialize_parameters([n_in, n_out], "xavier", rng=0)["W1"]
        theirs = torch.nn.init.xavier_normal_(torch.empty(n_out, n_in, dtype=torch.float64),
                                              generator=gen)
        tol = std_tolerance(ours.size)
        report(f"xavier {n_in}->{n_out}: std / sqrt(1/n_in) - 1 (dlguide)",
               abs(ours.std() / math.sqrt(1.0 / n_in) - 1), tol)
        report(f"xavier {n_in}->{n_out}: std / sqrt(2/(n_in+n_out)) - 1 (torch)",
               abs(theirs.std().item() / math.sqrt(2.0 / (n_in + n_out)) - 1), tol)
        if n_in == n_out:  # the two conventions agree only for square layers
            report(f"xavier {n_in}->{n_out}: std ratio dlguide/torch - 1",
                   abs(ours.std() / theirs.std().item() - 1), 2 * tol)
        else:
            assert ours.std() / theirs.std().item() == pytest.approx(
                math.sqrt((n_in + n_out) / (2.0 * n_in)), rel=2 * tol)


def test_torch_linear_default_init(report):
    """nn.Linear's default: U(-1/sqrt(n_in), 1/sqrt(n_in)) for W and b, std 1/sqrt(3 n_in)."""
    torch.manual_seed(0)
    layer = torch.nn.Linear(900, 700).double()
    w = layer.weight.detach().numpy()
    report("nn.Linear default std * sqrt(3 n_in) - 1",
           abs(w.std() * math.sqrt(3 * 900) - 1), std_tolerance(w.size))
    assert np.abs(layer.bias.detach().numpy()).max() > 0  # torch's biases do not start at 0
    assert np.abs(w).max() <= 1 / math.sqrt(900)


# --- dropout --------------------------------------------------------------------------


def test_inverted_dropout(report):
    keep_prob, shape = 0.8, (1000, 1000)
    A = np.ones(shape)
    ours, D = dropout_forward(A, keep_prob, rng=0)
    torch.manual_seed(0)
    a = tensor(A, grad=True)
    theirs = F.dropout(a, p=1 - keep_prob, training=True)  # p is the DROP probability
    tol = 5 * math.sqrt(keep_prob * (1 - keep_prob) / A.size)
    report("dropout kept fraction - keep_prob (dlguide)", abs(D.mean() - keep_prob), tol)
    kept = theirs.detach().numpy() != 0
    report("dropout kept fraction - keep_prob (torch)", abs(kept.mean() - keep_prob), tol)
    report("dropout scale of kept units (dlguide)", maxdiff(ours[D], 1 / keep_prob), EXACT)
    report("dropout scale of kept units (torch)",
           maxdiff(theirs.detach().numpy()[kept], 1 / keep_prob), EXACT)
    # The backward pass through torch's own mask equals dropout_backward with that mask.
    dA = np.random.default_rng(1).standard_normal(shape)
    theirs.backward(tensor(dA))
    report("dropout backward with torch's mask",
           maxdiff(dropout_backward(dA, kept, keep_prob), a.grad), EXACT)


# --- optimizers -----------------------------------------------------------------------


def run_both(ours, make_torch, steps=100, lambd=0.0, hidden_activation="tanh",
             shared_gradients=False):
    """``steps`` full-batch updates of the same network by each library.

    By default each side computes its own gradients at its own current
    parameters (dlguide: model_backward; torch: autograd), so the trajectories
    test the whole loop. With ``shared_gradients`` dlguide's optimizer is fed
    torch's gradients, which isolates the update rule from the dynamics.
    Returns the largest parameter difference over the trajectory.
    """
    X, Y, start = problem(rng=2, m=30)
    params = {k: v.copy() for k, v in start.items()}
    tparams = {k: tensor(v, grad=True) for k, v in start.items()}
    opt = make_torch(tparams)
    worst = 0.0
    for _ in range(steps):
        opt.zero_grad()
        F.binary_cross_entropy_with_logits(torch_logits(X, tparams, hidden_activation),
                                           tensor(Y)).backward()
        if shared_gradients:
            grads = {"d" + k: t.grad.numpy().copy() for k, t in tparams.items()}
            if lambd > 0:  # torch adds its weight decay inside step(); add ours here
                m = X.shape[1]
                for k in params:
                    if k.startswith("W"):
                        grads["d" + k] += (lambd / m) * params[k]
        else:
            AL, caches = model_forward(X, params, hidden_activation=hidden_activation)
            grads = model_backward(AL, Y, caches, hidden_activation=hidden_activation,
                                   lambd=lambd)
        ours.update(params, grads)
        opt.step()
        worst = max(worst, max(maxdiff(params[k], t) for k, t in tparams.items()))
    assert max(maxdiff(params[k], v) for k, v in start.items()) > 0.05  # they did move
    return worst


def check_optimizer(report, label, make_ours, make_torch, loop_tolerance=EXACT, **kw):
    """Both checks: the update rule alone, then the whole training loop."""
    report(f"{label}: same gradients, 100 steps",
           run_both(make_ours(), make_torch, shared_gradients=True, **kw), EXACT)
    report(f"{label}: whole loop, 100 steps",
           run_both(make_ours(), make_torch, **kw), loop_tolerance)


def test_gradient_descent_is_sgd(report):
    check_optimizer(report, "GradientDescent(lr) = SGD(lr)", lambda: GradientDescent(0.5),
                    lambda p: torch.optim.SGD(p.values(), lr=0.5))


def test_momentum_is_sgd_with_scaled_learning_rate(report):
    lr, beta = 0.5, 0.9
    # torch: b = beta b + g, p -= lr' b. Ours: v = beta v + (1 - beta) g = (1 - beta) b.
    check_optimizer(report, "Momentum(lr, beta) = SGD(lr*(1-beta), momentum=beta)",
                    lambda: Momentum(lr, beta=beta),
                    lambda p: torch.optim.SGD(p.values(), lr=lr * (1 - beta), momentum=beta))


def test_momentum_is_not_sgd_with_dampening(report):
    """dampening=beta damps from the second step on: the first velocity is g, not (1-beta) g."""
    lr, beta = 0.5, 0.9
    diff = run_both(Momentum(lr, beta=beta),
                    lambda p: torch.optim.SGD(p.values(), lr=lr, momentum=beta,
                                              dampening=beta), shared_gradients=True)
    print(f"\n    Momentum vs SGD(lr, momentum=beta, dampening=beta): {diff:.3e} (differs)",
          end="")
    assert diff > 1e-3


def test_rmsprop(report):
    # The whole loop gets a looser tolerance: RMSprop's steps have size about lr
    # whatever the gradient's size, so a rounding difference in a small gradient
    # component becomes a relative difference in its step, and this small network,
    # oscillating at lr = 0.01, amplifies it (measured: about 3e-11 after step 30,
    # from 1e-15 before). The update rule itself agrees to rounding.
    lr, beta, eps = 0.01, 0.9, 1e-8
    check_optimizer(report, "RMSprop(lr, beta, eps) = RMSprop(lr, alpha=beta, eps)",
                    lambda: RMSprop(lr, beta=beta, epsilon=eps),
                    lambda p: torch.optim.RMSprop(p.values(), lr=lr, alpha=beta, eps=eps),
                    loop_tolerance=1e-8)


def test_adam(report):
    lr, b1, b2, eps = 0.02, 0.9, 0.999, 1e-8
    check_optimizer(report, "Adam = torch.optim.Adam",
                    lambda: Adam(lr, beta1=b1, beta2=b2, epsilon=eps),
                    lambda p: torch.optim.Adam(p.values(), lr=lr, betas=(b1, b2), eps=eps))


def weight_groups(p, weight_decay):
    """torch's weight_decay applies to every tensor it is given: exclude the biases."""
    return [{"params": [t for k, t in p.items() if k.startswith("W")],
             "weight_decay": weight_decay},
            {"params": [t for k, t in p.items() if k.startswith("b")], "weight_decay": 0.0}]


def test_l2_in_the_cost_is_weight_decay(report):
    lr, lambd, m = 0.5, 0.7, 30
    check_optimizer(report, "GD with L2 lambda = SGD(weight_decay=lambda/m on W)",
                    lambda: GradientDescent(lr),
                    lambda p: torch.optim.SGD(weight_groups(p, lambd / m), lr=lr), lambd=lambd)
    check_optimizer(report, "Adam with L2 lambda = Adam(weight_decay=lambda/m on W)",
                    lambda: Adam(0.02),
                    lambda p: torch.optim.Adam(weight_groups(p, lambd / m), lr=0.02),
                    lambd=lambd)


def test_adamw_is_not_l2(report):
    """AdamW decays the weights outside the adaptive step: not the course's L2."""
    lambd, m = 0.7, 30
    diff = run_both(Adam(0.02), lambda p: torch.optim.AdamW(weight_groups(p, lambd / m),
                                                            lr=0.02), lambd=lambd)
    print(f"\n    Adam with L2 vs AdamW: {diff:.3e} (differs)", end="")
    assert diff > 1e-4


def test_the_chapter_example(report):
    """The loop shown in docs/appendix/pytorch.md, beside dlguide's, 500 steps."""
    from dlguide.data import make_moons

    alpha, beta, num_steps = 0.5, 0.9, 500
    X, Y = make_moons(300, noise=0.2, rng=1)
    start = initialize_parameters([2, 5, 2, 1], "he", rng=3)

    params = {k: v.copy() for k, v in start.items()}
    optimizer, costs_dl = Momentum(alpha, beta=beta), []
    for _ in range(num_steps):
        AL, caches = model_forward(X, params)
        costs_dl.append(compute_cost(AL, Y))
        optimizer.update(params, model_backward(AL, Y, caches))

    net = torch.nn.Sequential(torch.nn.Linear(2, 5), torch.nn.ReLU(),
                              torch.nn.Linear(5, 2), torch.nn.ReLU(),
                              torch.nn.Linear(2, 1)).double()
    with torch.no_grad():
        for l, layer in enumerate(net[::2], start=1):
            layer.weight.copy_(torch.from_numpy(start[f"W{l}"]))
            layer.bias.copy_(torch.from_numpy(start[f"b{l}"].ravel()))
    Xt, Yt = torch.from_numpy(X.T), torch.from_numpy(Y.T)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    opt = torch.optim.SGD(net.parameters(), lr=alpha * (1 - beta), momentum=beta)
    costs_torch = []
    for _ in range(num_steps):
        opt.zero_grad()
        loss = loss_fn(net(Xt), Yt)
        loss.backward()
        opt.step()
        costs_torch.append(loss.item())

    report("chapter example: cost curves, 500 steps", maxdiff(costs_dl, costs_torch), EXACT)
    report("chapter example: final weights and biases",
           max(max(maxdiff(params[f"W{l}"], layer.weight),
                   maxdiff(params[f"b{l}"].ravel(), layer.bias))
               for l, layer in enumerate(net[::2], start=1)), EXACT)


# --- learning-rate schedule -------------------------------------------------------------


def test_schedule_lr_decay_is_lambda_lr(report):
    lr0, decay_rate, interval = 0.1, 1.0, 1000
    ours = [schedule_lr_decay(lr0, e, decay_rate, interval) for e in range(5000)]
    opt = torch.optim.SGD([tensor(np.zeros(1), grad=True)], lr=lr0)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda e: 1.0 / (1.0 + decay_rate * (e // interval)))
    theirs = []
    for _ in range(5000):
        theirs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    report("schedule_lr_decay vs LambdaLR, 5000 epochs", maxdiff(ours, theirs), EXACT)


# --- softmax, batch normalization (Part III) -------------------------------------------


def test_softmax_and_its_jacobian(report):
    rng = np.random.default_rng(7)
    Z = 3.0 * rng.standard_normal((5, 30))
    Z[:, 0] = [1000.0, 999.0, -1000.0, 0.0, 5.0]  # needs the max shift
    dA = rng.standard_normal(Z.shape)
    z = tensor(Z, grad=True)
    a = torch.softmax(z, dim=0)  # dlguide's classes are rows: torch's dim=0 here
    a.backward(tensor(dA))
    report("softmax forward", maxdiff(softmax(Z), a), EXACT)
    report("softmax backward (autograd)", maxdiff(softmax_backward(dA, Z), z.grad), EXACT)


def test_softmax_cross_entropy_and_model_backward(report):
    """dlguide's categorical cost of softmax(Z) is F.cross_entropy(Z.T, labels): torch
    takes the logits, examples as rows and integer labels."""
    rng = np.random.default_rng(8)
    C, m = 4, 25
    X = rng.standard_normal((5, m))
    labels = rng.integers(0, C, size=(1, m))
    Y = one_hot(labels, C)
    params = initialize_parameters([5, 6, C], "he", rng=rng)
    params["b1"] = 0.1 * rng.standard_normal((6, 1))
    AL, caches = model_forward(X, params, output_activation="softmax")
    grads = model_backward(AL, Y, caches)
    tparams = {k: tensor(v, grad=True) for k, v in params.items()}
    logits = tparams["W2"] @ torch.relu(tparams["W1"] @ tensor(X) + tparams["b1"]) + tparams[
        "b2"]
    loss = F.cross_entropy(logits.T, torch.tensor(labels.ravel()))
    loss.backward()
    report("categorical cross-entropy vs F.cross_entropy",
           abs(categorical_cross_entropy(AL, Y) - loss.item()), EXACT)
    report("softmax model_backward vs autograd",
           max(maxdiff(grads["d" + k], t.grad) for k, t in tparams.items()), EXACT)


def test_batchnorm_forward_and_backward_in_training_mode(report):
    """F.batch_norm in training mode normalizes over the batch with the biased
    variance, as dlguide does; examples are its rows, so Z.T."""
    rng = np.random.default_rng(9)
    n, m, eps = 6, 32, 1e-5
    Z = rng.normal(2.0, 3.0, (n, m))
    gamma, beta = rng.normal(1.0, 0.3, (n, 1)), rng.normal(0.0, 0.5, (n, 1))
    G = rng.standard_normal((n, m))
    Z_tilde, cache = batchnorm_forward(Z, gamma, beta, epsilon=eps)
    dZ, dgamma, dbeta = batchnorm_backward(G, cache)
    z, g, b = tensor(Z.T, grad=True), tensor(gamma.ravel(), grad=True), tensor(
        beta.ravel(), grad=True)
    out = F.batch_norm(z, None, None, weight=g, bias=b, training=True, eps=eps)
    out.backward(tensor(G.T))
    report("batch norm forward vs F.batch_norm (training)", maxdiff(Z_tilde, out.T), EXACT)
    report("batch norm dZ vs autograd", maxdiff(dZ, z.grad.T), EXACT)
    report("batch norm dgamma, dbeta vs autograd",
           max(maxdiff(dgamma.ravel(), g.grad), maxdiff(dbeta.ravel(), b.grad)), EXACT)


def test_running_averages_map_to_batchnorm1d(report):
    """torch.nn.BatchNorm1d(momentum=0.1) is our beta = 0.9 (RUNNING_BETA) on the mean.
    For the variance torch keeps the unbiased estimate, var * m / (m - 1), in its running
    average; both start from mean 0 and variance 1, so after T batches
    torch_var - beta**T = m / (m - 1) * (ours - beta**T)."""
    rng = np.random.default_rng(10)
    n, m, T, eps = 4, 16, 25, 1e-5
    bn = torch.nn.BatchNorm1d(n, eps=eps, momentum=1 - RUNNING_BETA, dtype=torch.float64)
    bn.train()
    mu, sigma2 = np.zeros((n, 1)), np.ones((n, 1))
    for _ in range(T):
        Z = rng.normal(rng.normal(0, 2, (n, 1)), 1.5, (n, m))
        _, cache = batchnorm_forward(Z, np.ones((n, 1)), np.zeros((n, 1)), epsilon=eps)
        mu = RUNNING_BETA * mu + (1 - RUNNING_BETA) * cache.mu
        sigma2 = RUNNING_BETA * sigma2 + (1 - RUNNING_BETA) * cache.var
        bn(tensor(Z.T))
    start = RUNNING_BETA**T
    report("running mean vs BatchNorm1d(momentum=0.1)",
           maxdiff(mu.ravel(), bn.running_mean), EXACT)
    report("running variance, mapped (m / (m - 1) on what the batches added)",
           maxdiff(m / (m - 1) * (sigma2.ravel() - start), bn.running_var.detach().numpy()
                   - start), EXACT)
