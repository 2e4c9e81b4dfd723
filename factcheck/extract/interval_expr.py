"""Interval templates from the qualifier table: ``"[0.85*N, N)"`` → an Interval for any N.

Bounds are tiny arithmetic expressions over N (the figure), g (its rounding unit) and inf,
with + - * / and max/min. They are checked with ``ast`` when the lexicon loads, so a typo in
``rules/lexicons/quantifiers.yml`` is a clear error rather than a crash at check time.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from typing import Any

from factcheck.model import Interval

_ALLOWED = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub,
    ast.Constant, ast.Name, ast.Load, ast.Call,
)  # fmt: skip
_NAMES = frozenset({"N", "g", "inf", "max", "min"})
_SHAPE = re.compile(r"^\s*([\[(])(.+)([\])])\s*$")


@dataclass(frozen=True)
class IntervalTemplate:
    lo: Any  # compiled code objects
    hi: Any
    lo_open: bool
    hi_open: bool
    text: str

    def build(self, n: float, g: float) -> Interval:
        env = {"N": n, "g": g, "inf": math.inf, "max": max, "min": min}
        lo = float(eval(self.lo, {"__builtins__": {}}, env))
        hi = float(eval(self.hi, {"__builtins__": {}}, env))
        return Interval(
            lo=max(lo, 0.0) if n >= 0 else lo,
            hi=None if math.isinf(hi) else hi,
            lo_open=self.lo_open,
            hi_open=self.hi_open and not math.isinf(hi),
        )


def _compile_bound(expr: str) -> Any:
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"'{expr}' is not an expression: {exc.msg}") from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ValueError(f"'{expr}': {type(node).__name__} is not allowed")
        if isinstance(node, ast.Name) and node.id not in _NAMES:
            raise ValueError(f"'{expr}': unknown name '{node.id}' (use N, g, inf, max, min)")
        if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
            raise ValueError(f"'{expr}': only numbers are allowed")
    return compile(tree, "<interval>", "eval")


def parse_template(text: str) -> IntervalTemplate:
    match = _SHAPE.match(text)
    if not match:
        raise ValueError(f"'{text}' is not an interval like '[N, N + g)'")
    left, body, right = match.groups()
    depth = 0
    cut = -1
    for i, ch in enumerate(body):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            cut = i
            break
    if cut < 0:
        raise ValueError(f"'{text}' needs two bounds separated by a comma")
    lo, hi = body[:cut].strip(), body[cut + 1 :].strip()
    return IntervalTemplate(
        lo=_compile_bound(lo),
        hi=_compile_bound(hi),
        lo_open=left == "(",
        hi_open=right == ")",
        text=text,
    )


def rounding_unit(n: float) -> float:
    """The unit N is round to: the largest of 10^k, 5·10^k and 2.5·10^k that divides it.

    1 for numbers that are not round (32), 10 for 30, 50 for 250, 100,000 for 300,000;
    decimals with a multiplier are handled by the caller (2.3 billion → unit 100 million).
    """
    if n < 10 or not float(n).is_integer():
        return 1.0
    best = 1.0
    k = 0
    while 10**k <= n:
        for unit in (10**k, 2.5 * 10**k, 5 * 10**k):
            if unit < n and (n / unit).is_integer() and unit > best:
                best = unit
        k += 1
    return best
