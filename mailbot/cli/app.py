"""What every command needs, loaded on first use: config, logging, database, clock.

This (with the daemon) is the only layer that reads the wall clock.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mailbot.config import Config, config_path, load_config
from mailbot.log import configure_logging
from mailbot.store.db import open_engine, session_factory


def wall_clock() -> datetime:
    return datetime.now(UTC)


class App:
    def __init__(
        self, config_path: str | None, verbose: bool = False, config: Config | None = None
    ) -> None:
        self._config_path = config_path
        self._verbose = verbose
        self._config = config
        self.clock = wall_clock

    @property
    def config_file(self) -> Path:
        return config_path(self._config_path)

    @cached_property
    def config(self) -> Config:
        cfg = self._config or load_config(self.config_file)
        level = "debug" if self._verbose else cfg.logging.level
        configure_logging(level, cfg.logging.format)
        return cfg

    @cached_property
    def engine(self) -> Engine:
        return open_engine(self.config.database_url())

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return session_factory(self.engine)

    def close(self) -> None:
        """Close the database connections the command opened (PostgreSQL's would
        otherwise linger until garbage collection when the CLI runs in-process)."""
        if "engine" in self.__dict__:
            self.engine.dispose()
