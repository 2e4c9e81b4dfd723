from __future__ import annotations

import argparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.options import whole_number


@given(st.integers(min_value=-(10**6), max_value=10**6), st.integers(min_value=-5, max_value=5))
def test_whole_number_takes_exactly_the_numbers_in_range(n: int, minimum: int) -> None:
    parse = whole_number(minimum, minimum + 100)
    if minimum <= n <= minimum + 100:
        assert parse(str(n)) == n
    else:
        with pytest.raises(argparse.ArgumentTypeError, match="is not a whole number"):
            parse(str(n))


@pytest.mark.parametrize("text", ["", "3.0", "three", "1_000", "٣", "+-3", "0x10", "1e3"])
def test_whole_number_refuses_what_is_not_written_as_one(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="is not a whole number >= 0"):
        whole_number(0)(text)


def test_whole_number_takes_a_sign_and_spaces_around() -> None:
    assert whole_number(1)(" +3 ") == 3


def test_a_number_of_thousands_of_digits_gets_the_same_message() -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="is not a whole number >= 1"):
        whole_number(1)("9" * 5000)
