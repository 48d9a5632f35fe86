"""symnn: the mathematics of neural networks, derived exactly with SymPy.

>>> import symnn
>>> symnn.exact(0.1)
1/10
>>> symnn.AND(1, 1), symnn.xor(1, 1)
(1, 0)
"""

from symnn import arrays, render, rounding, values
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
from symnn.backprop import Backprop, TrainingStep, backprop, parameter_symbols, train_step
from symnn.check import Report, Verdict, check_worksheet, load_worksheet
from symnn.compile import Model, compile, verify_matrix_rules  # noqa: F401  (symnn.compile)
from symnn.descent import Descent, DescentStep, descent
from symnn.errors import (
    GraphError,
    NumberError,
    OptimizerError,
    ParseError,
    PrecisionError,
    RenderError,
    SpecError,
    SymnnError,
    TableError,
    TrainingError,
    WorkLimitError,
    WorksheetError,
)
from symnn.expression import FUNCTIONS, Evaluator, expression
from symnn.grad import GRAD_FUNCTIONS, Gradient, grad
from symnn.graph import OPS, Edge, Graph, Node, Op, Sweep
from symnn.handcalc import Calculation, calculate
from symnn.lecture_graphs import apples, apples_and_oranges, chain_rule, sum_times_successor
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
from symnn.numbers import decimal, exact, exact_matrix, show, to_data
from symnn.numeric import (
    CheckRow,
    GradCheck,
    check_expression,
    gradcheck,
    numerical_derivative,
    numerical_gradient,
)
from symnn.optim import SGD, AdaGrad, Adam, Momentum, Optimizer, RMSProp, optimizer
from symnn.parse import Tree, parse
from symnn.perceptron import AND, NAND, OR, Perceptron, xor, xor_table
from symnn.rounding import agrees
from symnn.separability import Separation, parse_table, separate, table
from symnn.spec import Spec, load_spec, parse_spec
from symnn.train import (
    History,
    delta_rule,
    initial_network,
    load_csv,
    perceptron_rule,
    save_spec,
    train,
    train_exact,
)
from symnn.values import Value
from symnn.worked import (
    check_derivation,
    forward_derivation,
    grad_derivation,
    graph_derivation,
    separation_derivation,
    step_derivation,
    weight_names,
)
from symnn.worked import register_all as _register_derivations
from symnn.worked_descent import descent_derivation
from symnn.worked_descent import register_all as _register_descent

_register_derivations()
_register_descent()

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
    "Backprop", "TrainingStep", "backprop", "parameter_symbols", "train_step",
    "FUNCTIONS", "Evaluator", "expression", "GRAD_FUNCTIONS", "Gradient", "grad",
    "OPS", "Edge", "Graph", "Node", "Op", "Sweep",
    "apples", "apples_and_oranges", "chain_rule", "sum_times_successor",
    "CheckRow", "GradCheck", "check_expression", "gradcheck", "numerical_derivative",
    "numerical_gradient", "Tree", "parse",
    "Report", "Verdict", "check_worksheet", "load_worksheet",
    "Model", "verify_matrix_rules",  # compile: symnn.compile (not the builtin)
    "History", "delta_rule", "initial_network", "load_csv", "perceptron_rule", "save_spec",
    "train", "train_exact", "Value", "PrecisionError", "WorkLimitError", "values", "arrays",
    "rounding", "render",
    "check_derivation", "forward_derivation", "grad_derivation", "graph_derivation",
    "separation_derivation", "step_derivation", "weight_names",
    "Descent", "DescentStep", "descent", "descent_derivation", "OptimizerError",
    "Optimizer", "SGD", "Momentum", "AdaGrad", "RMSProp", "Adam", "optimizer",
    "Calculation", "calculate", "load_ipython_extension",
]


def load_ipython_extension(ipython) -> None:
    """``%load_ext symnn``: add the cell magic ``%%symnn`` (see :mod:`symnn.magic`); IPython
    hands itself in, so ``import symnn`` never imports IPython."""
    from symnn.magic import register

    register(ipython)


def __getattr__(name: str):
    """``symnn.catalog``: the lecture's derivations (the repository's derivations/ folder,
    installed as the subpackage symnn.catalog), imported on first use."""
    if name == "catalog":
        import importlib

        return importlib.import_module("symnn.catalog")
    raise AttributeError(f"module 'symnn' has no attribute {name!r}")
