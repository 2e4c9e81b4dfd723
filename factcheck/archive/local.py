"""The local engine: the stages run in this process, one task after another, in the order
they are waited for. No Dask is imported."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


class Deferred:
    """A task to run when its value is first needed; its arguments may be tasks too."""

    __slots__ = ("_args", "_done", "_fn", "_value")

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._fn: Callable[..., Any] | None = fn
        self._args = args
        self._value: Any = None
        self._done = False

    def value(self) -> Any:
        if not self._done:
            assert self._fn is not None
            self._value = self._fn(*(_resolve(a) for a in self._args))
            self._done = True
            self._fn, self._args = None, ()  # let the inputs go once used
        return self._value


def _resolve(arg: Any) -> Any:
    if isinstance(arg, Deferred):
        return arg.value()
    if isinstance(arg, list | tuple):
        return type(arg)(_resolve(a) for a in arg)
    return arg


class LocalExecutor:
    def submit(self, fn: Callable[..., Any], *args: Any) -> Deferred:
        return Deferred(fn, args)

    def gather(self, tasks: Sequence[Deferred]) -> list[Any]:
        return [t.value() for t in tasks]

    def wait(self, tasks: Sequence[Deferred], done: Callable[[int], None]) -> None:
        for i, task in enumerate(tasks):
            task.value()
            done(i)

    def close(self) -> None:
        pass
