"""What a year of the copy the scope readers date looks like: 1800 to 2099 in four digits,
so that "1500 troops" or "2400 homes" is no year to them. Readers that place older years (a
founding in 1650, a life date) keep their own wider ranges where they read them."""

from __future__ import annotations

import re

YEAR = r"(?:1[89]|20)\d\d"
YEAR_WORD = re.compile(rf"\b{YEAR}\b")
