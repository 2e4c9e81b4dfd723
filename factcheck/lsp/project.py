"""The project a document belongs to: its config file, read as ``factcheck check`` reads it.

The CLI looks for ``factcheck.toml`` / ``[tool.factcheck]`` from the working directory up; an
editor has no meaningful working directory, so the search starts at the document's folder.
Document ids are paths relative to the config file's folder (else the workspace folder), the
way a user runs ``factcheck check`` from the project's root: baseline fingerprints include
the id, so ``factcheck baseline`` and the editor must name a file the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factcheck.engine.registry import load_registry
from factcheck.model import CheckConfig
from factcheck.settings import Settings, load_settings

DEFAULT_BASELINE = "factcheck-baseline.json"  # what `factcheck baseline` writes by default


@dataclass(frozen=True)
class Project:
    settings: Settings
    config: CheckConfig
    root: Path  # what document ids are relative to
    baseline: Path  # read when it exists; "add to baseline" writes it

    def doc_id(self, path: Path) -> str:
        """A file's id: relative to the root when below it, else its absolute path."""
        resolved = path.resolve()
        try:
            return resolved.relative_to(self.root).as_posix()
        except ValueError:
            return resolved.as_posix()

    def sources_for(self, draft: Path) -> list[Path]:
        """The source files the config pairs with a draft, as absolute paths."""
        return [p.resolve() for p in self.settings.sources_for(draft.resolve())]


def load_project(
    document: Path, workspace_folders: Sequence[Path] = (), baseline: str | None = None
) -> Project:
    """The project of the file at ``document``. Raises ``ConfigError`` for a broken config
    (bad TOML, an unknown key, a rule name that matches no rule), as the CLI would."""
    folder = document.resolve().parent
    settings = load_settings(start=folder)
    config = settings.check_config()
    settings.check_rules(load_registry(tuple(config.rule_paths)).specs)
    if settings.path is not None:
        root = settings.root.resolve()
    else:
        root = _workspace_of(folder, workspace_folders) or folder
    # The config has no baseline key yet; read one if a later version adds it.
    named = getattr(settings, "baseline", None)
    target = Path(baseline or (named if isinstance(named, str) else None) or DEFAULT_BASELINE)
    return Project(settings, config, root, target if target.is_absolute() else root / target)


def _workspace_of(folder: Path, workspace_folders: Sequence[Path]) -> Path | None:
    """The innermost workspace folder holding ``folder``."""
    holding = [w.resolve() for w in workspace_folders if folder.is_relative_to(w.resolve())]
    return max(holding, key=lambda w: len(w.parts), default=None)
