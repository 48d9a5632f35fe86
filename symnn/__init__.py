"""symnn: the mathematics of neural networks, derived exactly with SymPy.

>>> import symnn
>>> symnn.exact(0.1)
1/10
>>> symnn.AND(1, 1), symnn.xor(1, 1)
(1, 0)
"""

from symnn.activations import (
    ACTIVATIONS,
    activation,
    derivative,
    identity,
    relu,
    sigmoid,
    sigmoid_derivative_check,
    softmax,
    softmax_forms_agree,
    softmax_jacobian,
    softmax_shifted,
    step,
    tanh,
)
from symnn.errors import (
    GraphError,
    NumberError,
    ParseError,
    RenderError,
    SpecError,
    SymnnError,
    TableError,
    TrainingError,
    WorksheetError,
)
from symnn.losses import (
    LOSSES,
    LogitGradient,
    cross_entropy,
    half_sse,
    loss,
    loss_gradient,
    mse,
    softmax_cross_entropy_gradient,
)
from symnn.network import ForwardPass, Layer, LayerValues, Network, loss_value
from symnn.numbers import agrees, decimal, exact, exact_matrix, show, to_data
from symnn.perceptron import AND, NAND, OR, Perceptron, xor, xor_table
from symnn.separability import Separation, parse_table, separate, table
from symnn.spec import Spec, load_spec, parse_spec

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS", "AND", "ForwardPass", "GraphError", "LOSSES", "Layer", "LayerValues",
    "LogitGradient", "NAND", "Network", "NumberError", "OR", "ParseError", "Perceptron",
    "RenderError", "Separation", "Spec", "SpecError", "SymnnError", "TableError",
    "TrainingError", "WorksheetError", "activation", "agrees", "cross_entropy", "decimal",
    "derivative", "exact", "exact_matrix", "half_sse", "identity", "load_spec", "loss",
    "loss_gradient", "loss_value", "mse", "parse_spec", "parse_table", "relu", "separate",
    "show", "sigmoid", "sigmoid_derivative_check", "softmax", "softmax_cross_entropy_gradient",
    "softmax_forms_agree", "softmax_jacobian", "softmax_shifted", "step", "table", "tanh",
    "to_data", "xor", "xor_table",
]
