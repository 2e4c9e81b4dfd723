"""``factcheck lsp``: diagnostics, quick fixes and figure readings in any editor with an LSP
client (see docs/editors.md). Needs the ``lsp`` extra: ``pip install 'factcheck[lsp]'``.

Modules: ``server`` (the pygls wiring), ``schedule`` (when a buffer is checked), ``project``
(the config a document falls under), ``documents`` and ``analysis`` (a buffer checked against
its sources), ``positions`` (codepoint columns to UTF-16 and back), ``diagnostics``,
``actions``, ``hover`` and ``baseline`` (one finding written into the baseline file).
"""

from __future__ import annotations


def serve() -> None:
    """Run the language server on stdio (imports pygls only now)."""
    from factcheck.lsp.server import serve as run

    run()


__all__ = ["serve"]
