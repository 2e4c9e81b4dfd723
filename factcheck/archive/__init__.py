"""``factcheck archive check``: every contradiction across an archive of articles, on one
machine or on a Dask cluster.

The work is a map, a shuffle and a reduce over the ledger's own keys and comparison:

- ``sources``: the map. Each partition of the archive (files below a folder, or articles of a
  ledger) is read into stored-article form with its keys (``ledger.keys``).
- ``blocking``: the shuffle. Keys go to buckets; each bucket weighs the article pairs that
  share a rare key, and each article keeps the earlier ones it shares the most with, exactly
  as ``Ledger.candidates_of`` ranks them.
- ``compare``: the reduce. Each article is read against those candidates by
  ``ledger.check.article_conflicts``, the call ``ledger conflicts`` makes.
- ``stages``: that sequence, written once against an executor: ``local`` runs it in this
  process, ``on_dask`` on a Dask cluster (the only module that imports Dask).
- ``output``: JSON Lines or SARIF, rendered by each partition's task on its worker; the
  client only writes the text in order. ``progress`` (the terminal bar), ``commands`` (the
  CLI).
"""
