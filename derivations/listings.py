"""The lecture's NumPy programs, as its slides show them, and what they print when run.

Each program is a string of Python that a slide shows beside the mathematics it computes.
:func:`listing` runs it (after ``before``, the code of the slides before it, which is run but
not shown) and keeps what it printed: a slide's output is never typed in.  The tests run every
listing again in a fresh Python with NumPy and compare its output with the compiled slide.

>>> print(listing(MATRIX_PRODUCT).output, end="")
shape of Y = (3,)
[ 9 12 15]
"""

from __future__ import annotations

import contextlib
import io
from functools import cache

from symnn.derivation import Listing
from symnn.errors import SymnnError


def gate(name: str, w: tuple[str, str], b: str) -> str:
    """The lecture's perceptron gate ``name`` with weights ``w`` and bias ``b`` (as written)."""
    return f"""def {name}(x1, x2):
    x = np.array([x1, x2])
    w = np.array([{w[0]}, {w[1]}])
    b = {b}
    y = np.sum(w*x) + b
    if y > 0:
        return 1
    else:
        return 0
"""


def truth_table(name: str) -> str:
    """Print the gate's output on the four inputs (0, 0), (1, 0), (0, 1), (1, 1) in a row."""
    pad = " " * (len(name) + 7)
    return f"print({name}(0, 0), {name}(1, 0),\n{pad}{name}(0, 1), {name}(1, 1))\n"


GATES = {"AND": (("0.5", "0.5"), "-0.7"), "NAND": (("-0.5", "-0.5"), "0.7"),
         "OR": (("0.5", "0.5"), "-0.4")}
ALL_GATES = "import numpy as np\n\n" + "\n".join(gate(n, *g) for n, g in GATES.items())

XOR = """def XOR(x1, x2):
    s1 = NAND(x1, x2)
    s2 = OR(x1, x2)
    y = AND(s1, s2)
    return y

for x in [(0, 0), (1, 0),
          (0, 1), (1, 1)]:
    print(x, NAND(*x), OR(*x), XOR(*x))
"""

MATRIX_PRODUCT = """import numpy as np

X = np.array([1, 2])
W = np.array([[1, 2, 3],
              [4, 5, 6]])
Y = np.dot(X, W)
print('shape of Y =', Y.shape)
print(Y)
"""

LAYER_1 = """import numpy as np

def sigmoid(x):
    return 1 / (1 + np.exp(-x))

X = np.array([1.0, 0.5])
W1 = np.array([[0.1, 0.3, 0.5],
               [0.2, 0.4, 0.6]])
B1 = np.array([0.1, 0.2, 0.3])
A1 = np.dot(X, W1) + B1
Z1 = sigmoid(A1)
print(A1)
print(Z1)
"""

LAYER_2 = """W2 = np.array([[0.1, 0.4],
               [0.2, 0.5],
               [0.3, 0.6]])
B2 = np.array([0.1, 0.2])
A2 = np.dot(Z1, W2) + B2
Z2 = sigmoid(A2)
print(A2)
print(Z2)
"""

LAYER_3 = """W3 = np.array([[0.1, 0.3],
               [0.2, 0.4]])
B3 = np.array([0.1, 0.2])
A3 = np.dot(Z2, W3) + B3
print(A3)
"""

SOFTMAX = """def softmax(a):
    m = np.max(a)
    exp_a = np.exp(a - m)
    sum_exp_a = np.sum(exp_a)
    y = exp_a / sum_exp_a
    return y

print(softmax(A3))
"""

LOSSES = """import numpy as np

def mean_squared_error(y, t):
    return np.sum((y - t)**2) / len(y)

def cross_entropy_error(y, t):
    return -np.sum(t * np.log(y+1e-7))

y = np.array([0.1, 0.6, 0.3])
t = np.array([0, 1, 0])
E_mse = mean_squared_error(y, t)
E_ce = cross_entropy_error(y, t)
print(round(E_mse, 4), round(E_ce, 4))
"""

NUMERICAL_DIFF = """def numerical_diff(f, x):
    eps = 1e-4
    up, down = f(x + eps), f(x - eps)
    return (up - down) / (2 * eps)

def f(x):
    return 0.01 * x**2 + 0.1 * x

print(numerical_diff(f, 5.0))
"""

NUMERICAL_GRADIENT = """def numerical_gradient(f, W):
    eps = 1e-4
    d = 2 * eps
    grad = np.zeros_like(W)
    for i in range(W.size):
        keep = W.flat[i]
        W.flat[i] = keep + eps
        up = f()
        W.flat[i] = keep - eps
        down = f()
        W.flat[i] = keep
        grad.flat[i] = (up - down) / d
    return grad
"""

NETWORK_LOSS = """t = np.array([0, 1])

def loss():
    Z1 = sigmoid(np.dot(X, W1) + B1)
    Z2 = sigmoid(np.dot(Z1, W2) + B2)
    y = softmax(np.dot(Z2, W3) + B3)
    return -np.sum(t * np.log(y))

grad = numerical_gradient(loss, W1)
print(np.round(grad, 6))
"""

MUL_LAYER = """class MulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy
"""

ADD_LAYER = """class AddLayer:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        dx = dout * 1
        dy = dout * 1
        return dx, dy
"""

APPLES = """apple, tax = MulLayer(), MulLayer()
subtotal = apple.forward(100, 2)
total = tax.forward(subtotal, 1.1)
dsub, dtax = tax.backward(1)
dprice, dcount = apple.backward(dsub)
print(round(total, 2), dtax)
print(round(dprice, 2), round(dcount))
"""

FORWARD = LAYER_1 + LAYER_2 + LAYER_3  # the three-layer network, run before what builds on it


def listing(code: str, before: str = "") -> Listing:
    """Return ``code`` as a Listing with what it prints when run after ``before``."""
    return Listing(code, run(code, before), before)


@cache
def run(code: str, before: str = "") -> str:
    """Run ``before`` (its output dropped) and then ``code`` in one fresh namespace, and
    return what ``code`` printed.  The programs are the catalog's own, never a user's."""
    namespace: dict = {"__name__": "__lecture__"}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(before, "<before>", "exec"), namespace)  # noqa: S102
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "<listing>", "exec"), namespace)  # noqa: S102
    except Exception as e:  # a listing that fails is a bug of the catalog: say which
        raise SymnnError(f"the lecture's listing {code.splitlines()[0]!r} failed: {e}") from e
    return printed.getvalue()


def widest(code: str) -> int:
    """Return the characters of the longest line (a slide's half column holds 40)."""
    return max(len(line) for line in code.splitlines())
