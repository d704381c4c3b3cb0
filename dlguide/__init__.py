"""dlguide: the NumPy code of an executable study guide to deep learning.

Each module implements one concept of the book, forward beside backward, with
examples as columns: ``X`` has shape (n_x, m) and ``Y`` has shape (1, m).
"""

from . import (
    activations,
    averages,
    check,
    data,
    diagnostics,
    gradcheck,
    initializers,
    logistic,
    network,
    optimizers,
    regularization,
    schedules,
    train,
)

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "activations",
    "averages",
    "check",
    "data",
    "diagnostics",
    "gradcheck",
    "initializers",
    "logistic",
    "network",
    "optimizers",
    "regularization",
    "schedules",
    "train",
]
