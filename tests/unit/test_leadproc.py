"""Reading back what the lead check's process wrote (services/leadproc.py)."""

from __future__ import annotations

import io
import pickle

from mailbot.errors import ConfigError
from mailbot.services.leadproc import FAILED, LeadCheckFailed, _failure, _last


def records(*items: tuple) -> bytes:
    out = io.BytesIO()
    for item in items:
        pickle.dump(item, out, pickle.HIGHEST_PROTOCOL)
    return out.getvalue()


def test_a_killed_childs_cut_record_is_not_read_and_not_an_error():
    data = records(("verdicts", list(range(500))), ("verdicts", list(range(500))))
    assert _last(io.BytesIO(data[:-40])) == ("verdicts", list(range(500)))
    assert _last(io.BytesIO(b"")) is None
    error = _failure(-9, _last(io.BytesIO(data[:-40])))
    assert isinstance(error, LeadCheckFailed)
    assert str(error).startswith("lead check process killed by signal 9; no verdicts saved")


def test_the_childs_own_failure_is_said_and_a_config_error_stays_one():
    said = records(("verdicts", []), ("failed", False, "OperationalError: disk I/O error", ""))
    error = _failure(FAILED, _last(io.BytesIO(said)))
    assert isinstance(error, LeadCheckFailed)
    assert str(error) == ("lead check failed: OperationalError: disk I/O error; no verdicts "
                          "saved; the next run checks these addresses again")  # fmt: skip
    config = records(("failed", True, "mailbot.toml: key 'verification.disposable_file'", "fix"))
    error = _failure(FAILED, _last(io.BytesIO(config)))
    assert isinstance(error, ConfigError) and error.hint == "fix"
