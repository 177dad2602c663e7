"""A password in [database].url or in the wrong config key never shows in an error."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mailbot.config import DATABASE_ENV, parse_config
from mailbot.errors import ConfigError, StoreError
from mailbot.services.doctor import check_database
from mailbot.store.db import open_engine, shown_url

PW = "Db-Secr3t+Pw"
URLS = [
    f"postgresql://u:{PW}@127.0.0.1:1/db",  # nothing listens there (or no driver)
    f"postgresql://u:{PW}@127.0.0.1:notaport/db",  # a bad port: was a traceback
    f"postgresql+nodriver://u:{PW}@h/db",  # no such dialect
    f"not a url u:{PW}@h",  # does not parse at all
]


@pytest.mark.parametrize("url", URLS)
def test_a_database_error_hides_the_password(url):
    """One StoreError, the URL shown with *** for the password."""
    with pytest.raises(StoreError) as error:
        open_engine(url)
    assert PW not in f"{error.value} {error.value.hint}"
    assert str(error.value).startswith(("cannot open database", "cannot reach database"))


@pytest.mark.parametrize("url", URLS)
def test_doctor_reports_a_bad_database_without_the_password(url, tmp_path, monkeypatch):
    """doctor fails the database check in words, never with the password in them."""
    monkeypatch.delenv(DATABASE_ENV, raising=False)  # the URL under test is the config's
    config = parse_config({"database": {"url": url}}, tmp_path / "mailbot.toml")
    [result] = check_database(config, datetime(2026, 9, 1, tzinfo=UTC))
    assert result.outcome.upper() == "FAIL"
    assert PW not in f"{result}"


def test_shown_url_masks_parsable_and_unparsable_urls():
    assert shown_url(f"postgresql://u:{PW}@h/db") == "postgresql://u:***@h/db"
    assert shown_url(f"postgresql://u:{PW}@h:x/db") == "postgresql://u:***@h:x/db"
    assert shown_url("sqlite:////var/lib/mailbot.db") == "sqlite:////var/lib/mailbot.db"
    assert shown_url("postgresql://u:p@ss@h/db") == "postgresql://u:***@h/db"


@pytest.mark.parametrize(
    "imap",
    [
        {"password_env": PW},  # the password where its variable's name belongs
        {"password_env": 12345678},  # a numeric password, not even a string
        {"password_file": 12345678},
    ],
)
def test_a_password_in_the_wrong_key_is_refused_without_being_echoed(imap, tmp_path):
    """password_env must name a variable; the error never repeats the value."""
    server = {"host": "127.0.0.1", "port": 143, "username": "u", "security": "none", **imap}
    data = {"mailboxes": [{"name": "s", "address": "s@x.cn", "imap": server}]}
    with pytest.raises(ConfigError) as error:
        parse_config(data, tmp_path / "mailbot.toml")
    assert PW not in str(error.value) and "12345678" not in str(error.value)
    assert "mailboxes[0].imap.password_" in str(error.value)
