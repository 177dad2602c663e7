"""Fixtures shared by the integration tests."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.daemonrig import Running


@pytest.fixture
def daemons() -> Iterator:
    """start(config, name) runs a `mailbot run` child; the ones still running are killed after."""
    started: list[Running] = []

    def start(config: Path, name: str = "daemon") -> Running:
        started.append(Running(config, name))
        return started[-1]

    yield start
    for d in started:
        if d.proc.poll() is None:
            d.proc.kill()
            d.proc.wait(10)
