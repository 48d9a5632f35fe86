"""Hand-written NumPy backpropagation of a two-layer sigmoid network with softmax and
cross-entropy, as "deep learning from scratch" writes it: the reference symnn's compiled
gradient is timed against."""

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def gradient(params, x, t):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    n = x.shape[0]
    a1 = x @ W1 + b1
    z1 = sigmoid(a1)
    y = softmax(z1 @ W2 + b2)
    dy = (y - t) / n
    grads = {"W2": z1.T @ dy, "b2": dy.sum(axis=0)}
    da1 = (dy @ W2.T) * z1 * (1 - z1)
    grads["W1"] = x.T @ da1
    grads["b1"] = da1.sum(axis=0)
    return grads


def loss(params, x, t):
    a1 = x @ params["W1"] + params["b1"]
    y = softmax(sigmoid(a1) @ params["W2"] + params["b2"])
    return -np.sum(t * np.log(y + 1e-300)) / x.shape[0]


def gradient_deep(params, x, t):
    """The same backpropagation for any number of sigmoid layers before the softmax."""
    layers = len(params) // 2
    n = x.shape[0]
    zs = [x]
    for k in range(1, layers):
        zs.append(sigmoid(zs[-1] @ params[f"W{k}"] + params[f"b{k}"]))
    y = softmax(zs[-1] @ params[f"W{layers}"] + params[f"b{layers}"])
    d = (y - t) / n
    grads = {}
    for k in range(layers, 0, -1):
        grads[f"W{k}"] = zs[k - 1].T @ d
        grads[f"b{k}"] = d.sum(axis=0)
        if k > 1:
            d = (d @ params[f"W{k}"].T) * zs[k - 1] * (1 - zs[k - 1])
    return grads
