"""The daemon's config and templates: load, validate, freeze; notice edits.

Templates are read from a private copy taken when they passed the check (the same
check `mailbot check` runs). Jinja re-reads a template file that changed on disk, so
without the copy a broken edit would reach the next send before any check.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from mailbot.config import Config, load_config
from mailbot.domain.mailcontext import sample_contexts
from mailbot.errors import ConfigError
from mailbot.services.templates import Templates, check_config_templates


@dataclass(frozen=True)
class Loaded:
    config: Config
    templates: Templates


def load_checked(path: Path, workdir: Path, generation: int) -> Loaded:
    """The config at `path` and its templates, checked; the templates copied under
    `workdir`. A ConfigError names the first problem (file:line) and how many more."""
    config = load_config(path)
    live = Templates.for_config(config)
    override = live.dirs[0] if len(live.dirs) > 1 else None
    snapshot = None
    if override is not None:
        snapshot = workdir / f"templates-{generation}"
        shutil.copytree(override, snapshot)
    templates = Templates(snapshot)
    problems = templates.check(sample_contexts) + check_config_templates(config, templates)
    if problems:
        first = str(problems[0])
        if snapshot is not None and override is not None:  # name the file people edit
            first = first.replace(str(snapshot), str(override))
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConfigError(f"{first}{more}", "`mailbot check` lists every problem")
    return Loaded(config, templates)


def watched_files(path: Path) -> dict[str, float | None]:
    """mtime of the config file and of every file under templates/ beside it."""
    files = [path]
    folder = path.parent / "templates"
    if folder.is_dir():
        files += [p for p in folder.rglob("*") if p.is_file()]
    return {str(p): _mtime(p) for p in files}


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime_ns / 1e9
    except OSError:
        return None
