"""The lecture's computational graphs, built as it draws them.

>>> apples().output.value, apples_and_oranges().output.value
(220, 715)
"""

from __future__ import annotations

from typing import Any

from symnn.graph import Graph, Node


def apples(price: Any = 100, count: Any = 2, tax: Any = 1.1) -> Graph:
    """Return 'one apple costs 100, buy 2, 10 % tax': total = price × count × tax.

    >>> sweep = apples().backward()
    >>> sweep.gradient["price"], sweep.gradient["count"], sweep.gradient["tax"]
    (11/5, 110, 200)
    """
    apple = Node.input("price", price)
    n = Node.input("count", count)
    t = Node.input("tax", tax)
    return Graph(((apple * n).named("subtotal") * t).named("total"))


def apples_and_oranges(apple_price: Any = 100, apple_count: Any = 2, orange_price: Any = 150,
                       orange_count: Any = 3, tax: Any = 1.1) -> Graph:
    """Return '2 apples at 100 and 3 oranges at 150, 10 % tax': (100×2 + 150×3) × 1.1 = 715.

    >>> apples_and_oranges().backward().gradient["orange_price"]
    33/10
    """
    apple = Node.input("apple_price", apple_price) * Node.input("apple_count", apple_count)
    orange = Node.input("orange_price", orange_price) * Node.input("orange_count", orange_count)
    subtotal = (apple.named("apples") + orange.named("oranges")).named("subtotal")
    return Graph((subtotal * Node.input("tax", tax)).named("total"))


def chain_rule(x: Any = None, y: Any = None) -> Graph:
    """Return z = t², t = x + y (symbolic unless x and y are given).

    >>> g = chain_rule()
    >>> g.in_inputs(g.backward().symbolic["x"])
    2*x + 2*y
    """
    t = (Node.input("x", x) + Node.input("y", y)).named("t")
    return Graph((t ** 2).named("z"))


def sum_times_successor(a: Any = 1, b: Any = 2) -> Graph:
    """Return e = (a + b)(b + 1) with c = a + b and d = b + 1, at the lecture's a = 1, b = 2.

    >>> sum_times_successor().values()
    {'a': 1, 'b': 2, 'c': 3, 'd': 3, 'e': 9}
    """
    a_node, b_node = Node.input("a", a), Node.input("b", b)
    c = (a_node + b_node).named("c")
    d = (b_node + 1).named("d")
    return Graph((c * d).named("e"))
