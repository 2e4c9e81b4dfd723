"""Are two figures about the same thing? One calibrated answer for every rule that asks.

read → frame → compare → rules → report. A *frame* (``frame.py``) says what a figure counts,
which event governs it, whose it is, when, where and how it is aggregated; ``features.py``
turns two frames into the numbers a learned model reads; ``score.py`` walks that model (small
boosted trees shipped as data under ``rules/models/``) and answers with an ``Alignment``: a
score and the reasons in words; ``pairs.py`` forms the candidate pairs from a blocking index,
so the cost stays linear in the number of figures.
"""
