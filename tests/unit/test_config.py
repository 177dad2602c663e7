"""Config loading: defaults, validation errors that name file and key, secrets."""

from pathlib import Path

import pytest

from mailbot.config import config_path, load_config
from mailbot.errors import ConfigError

GOOD = """
[company]
own_domains = ["GMUV-Lighting.cn"]

[[mailboxes]]
name = "sales"
address = "Sales@gmuv-lighting.cn"
[mailboxes.imap]
host = "127.0.0.1"
port = 1143
username = "sales"
security = "none"
password_env = "TEST_IMAP_PW"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mailbot.toml"
    path.write_text(text)
    return path


def test_good_config_loads_with_defaults(tmp_path, monkeypatch):
    """A minimal config gets defaults and lower-cased addresses/domains."""
    monkeypatch.setenv("TEST_IMAP_PW", "s3cret")
    cfg = load_config(write(tmp_path, GOOD))
    assert cfg.own_domains == frozenset({"gmuv-lighting.cn"})
    assert "sales@gmuv-lighting.cn" in cfg.own_addresses
    assert cfg.mailboxes[0].imap.batch_size == 200
    monkeypatch.delenv("MAILBOT_DATABASE_URL", raising=False)  # the PostgreSQL pass sets it
    assert cfg.database_url() == f"sqlite:///{tmp_path / 'mailbot.db'}"


def test_database_url_from_the_environment_wins(tmp_path, monkeypatch):
    """$MAILBOT_DATABASE_URL overrides [database].url (a container's store); empty is unset."""
    monkeypatch.setenv("TEST_IMAP_PW", "s3cret")
    cfg = load_config(write(tmp_path, GOOD + "[database]\nurl = 'sqlite:////srv/a.db'\n"))
    monkeypatch.setenv("MAILBOT_DATABASE_URL", "postgresql+psycopg://bot@db/sales")
    assert cfg.database_url() == "postgresql+psycopg://bot@db/sales"
    monkeypatch.setenv("MAILBOT_DATABASE_URL", " ")
    assert cfg.database_url() == "sqlite:////srv/a.db"


def test_password_never_in_repr(tmp_path, monkeypatch):
    """The resolved password is usable but never shows in a repr or dump."""
    monkeypatch.setenv("TEST_IMAP_PW", "s3cret")
    imap = load_config(write(tmp_path, GOOD)).mailboxes[0].imap
    assert imap.password is not None and imap.password.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(imap) and "s3cret" not in str(imap.model_dump())


def test_password_file(tmp_path):
    """password_file is read and stripped."""
    (tmp_path / "pw").write_text("from-file\n")
    text = GOOD.replace('password_env = "TEST_IMAP_PW"', f'password_file = "{tmp_path}/pw"')
    imap = load_config(write(tmp_path, text)).mailboxes[0].imap
    assert imap.password.get_secret_value() == "from-file"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("port = 1143", 'port = "abc"'), "key 'mailboxes[0].imap.port'"),
        (("[company]", "[company]\ncolour = 'red'"), "unknown key 'company.colour'"),
        (('security = "none"', 'security = "ssl"'), "key 'mailboxes[0].imap.security'"),
        (("127.0.0.1", "imap.example.com"), 'security = "none" sends the password'),
        (('password_env = "TEST_IMAP_PW"', 'password = "x"'), "does not belong in the config"),
        (('name = "sales"', 'name = "sales desk"'), "key 'mailboxes[0].name'"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path, monkeypatch, edit, expected):
    """Each mistake gives a ConfigError (exit 2) naming the file and the key."""
    monkeypatch.setenv("TEST_IMAP_PW", "x")
    old, new = edit
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value)
    assert expected in str(info.value)
    assert info.value.exit_code == 2


def test_broken_toml_and_missing_file(tmp_path):
    """Syntax errors and a missing file are ConfigErrors with the path."""
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[company\n"))
    with pytest.raises(ConfigError, match="no config file"):
        load_config(tmp_path / "nope.toml")


def test_config_path_precedence(monkeypatch):
    """--config beats MAILBOT_CONFIG beats ./mailbot.toml."""
    monkeypatch.setenv("MAILBOT_CONFIG", "/env.toml")
    assert config_path("/cli.toml") == Path("/cli.toml")
    assert config_path(None) == Path("/env.toml")
    monkeypatch.delenv("MAILBOT_CONFIG")
    assert config_path(None) == Path("mailbot.toml")


def test_example_config_is_valid(monkeypatch):
    """The shipped config.example.toml loads."""
    monkeypatch.setenv("MAILBOT_IMAP_PASSWORD", "x")
    cfg = load_config(Path(__file__).parents[2] / "config.example.toml")
    assert cfg.mailboxes[0].name == "sales"


def test_missing_password_source_fails_only_when_needed(tmp_path):
    """A read-only command needs no password; connecting says which variable is unset."""
    text = GOOD.replace("TEST_IMAP_PW", "NOT_SET_ANYWHERE")
    imap = load_config(write(tmp_path, text)).mailboxes[0].imap
    with pytest.raises(ConfigError, match="NOT_SET_ANYWHERE is not set"):
        _ = imap.password


def test_sending_defaults_are_the_safe_ones(tmp_path, monkeypatch):
    """A new install only proposes (approve mode); dry-run files land beside the config."""
    monkeypatch.setenv("TEST_IMAP_PW", "pw")
    cfg = load_config(write(tmp_path, GOOD))
    s = cfg.sending
    assert (s.mode, s.redirect_all_to, s.retry_for_hours) == ("approve", None, 24)
    assert (s.daily_cap, s.min_gap_seconds, s.offer_days) == (50, 60, 5)
    assert cfg.dry_run_folder() == tmp_path / "outbox-dry-run"


def test_sending_mode_and_redirect_are_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("TEST_IMAP_PW", "pw")
    with pytest.raises(ConfigError, match="sending.mode"):
        load_config(write(tmp_path, GOOD + '\n[sending]\nmode = "yolo"\n'))
    with pytest.raises(ConfigError, match="redirect_all_to"):
        load_config(write(tmp_path, GOOD + '\n[sending]\nredirect_all_to = "nobody"\n'))


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ('[greetings]\nstages = ["lead", "vips"]\n', "greetings.stages"),
        ('[greetings]\ncountries = { DE = ["xmas"] }\n', "unknown occasion ['xmas']"),
        ('[greetings]\ncountries = { de = ["christmas"] }\n', "ISO codes"),
        ("[care]\nreplacement_days = { lamp = 0 }\n", "replacement days must be positive"),
        ('[[care.steps]]\ntemplate = "x"\non = "returned"\n', "care.steps[0].on"),
        ('[sending]\nunsubscribe_address = "nobody"\n', "expected an email address"),
    ],
)
def test_greetings_and_care_keys_are_validated(tmp_path, section, expected):
    path = tmp_path / "mailbot.toml"
    path.write_text(section)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert expected in str(caught.value) and str(path) in str(caught.value)


def test_verification_defaults_and_paths(tmp_path, monkeypatch):
    """Automatic checks on, the system resolver, the issue's gating; a relative
    disposable_file lies beside the config."""
    monkeypatch.setenv("TEST_IMAP_PW", "pw")
    v = load_config(write(tmp_path, GOOD)).verification
    assert (v.auto, v.nameservers, v.port, v.timeout_seconds) == (True, [], 53, 3.0)
    f = v.followups
    assert (f.valid, f.suspicious, f.invalid, f.unknown) == ("all", "first", "none", "all")
    extra = '\n[verification]\ndisposable_file = "lists/disposable.conf"\n'
    cfg = load_config(write(tmp_path, GOOD + extra))
    assert cfg.disposable_file() == tmp_path / "lists" / "disposable.conf"


def test_verification_keys_are_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("TEST_IMAP_PW", "pw")
    with pytest.raises(ConfigError, match="verification.nameservers': a nameserver is an IP"):
        load_config(write(tmp_path, GOOD + '\n[verification]\nnameservers = ["dns.google"]\n'))
    with pytest.raises(ConfigError, match="verification.followups.invalid"):
        load_config(write(tmp_path, GOOD + '\n[verification.followups]\ninvalid = "some"\n'))
    with pytest.raises(ConfigError, match="verification.timeout_seconds"):
        load_config(write(tmp_path, GOOD + "\n[verification]\ntimeout_seconds = 0\n"))


SMTP = '\n[mailboxes.smtp]\nhost = "127.0.0.1"\nport = 1025\nusername = ""\nsecurity = "none"\n'


def test_digest_defaults_off_at_eight_from_the_first_mailbox(tmp_path, monkeypatch):
    """Off unless asked for; when on, 08:00 seller time, sent by the first mailbox."""
    monkeypatch.setenv("TEST_IMAP_PW", "pw")
    cfg = load_config(write(tmp_path, GOOD))
    assert (cfg.digest.enabled, cfg.digest.recipients, cfg.digest.hour) == (False, [], "08:00")
    on = '\n[digest]\nenabled = true\nrecipients = ["Team@GMUV-lighting.cn"]\nhour = "07:30"\n'
    cfg = load_config(write(tmp_path, GOOD + SMTP + on))
    assert cfg.digest.recipients == ["team@gmuv-lighting.cn"]
    assert cfg.digest.at.hour == 7 and cfg.digest_mailbox().name == "sales"


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("[digest]\nenabled = true\n", "enabled but has no recipients"),
        ('[digest]\nrecipients = ["team at example.com"]\n', "not an email address"),
        ('[digest]\nrecipients = ["a@b.cn\\r\\nBcc: x@y.z"]\n', "not an email address"),
        ('[digest]\nhour = "8 am"\n', "digest.hour"),
        ('[digest]\nenabled = true\nrecipients = ["t@gmuv-lighting.cn"]\nmailbox = "ops"\n',
         "digest.mailbox: no mailbox named 'ops'"),
        ('[digest]\nenabled = true\nrecipients = ["t@gmuv-lighting.cn"]\n',
         "mailbox 'sales' has no [mailboxes.smtp]"),
    ],
)  # fmt: skip
def test_digest_keys_are_checked(tmp_path, monkeypatch, section, expected):
    monkeypatch.setenv("TEST_IMAP_PW", "pw")
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, GOOD + "\n" + section))
    assert expected in str(caught.value) and str(tmp_path) in str(caught.value)


def test_daemon_section_defaults_and_limits(tmp_path, monkeypatch):
    """IDLE must be re-issued before the server's 30 minutes; unknown keys are refused."""
    monkeypatch.setenv("TEST_IMAP_PW", "s3cret")
    cfg = load_config(write(tmp_path, GOOD))
    assert (cfg.daemon.cycle_minutes, cfg.daemon.idle_minutes, cfg.daemon.lease_seconds) == (
        5, 25, 60)  # fmt: skip
    for bad, words in (
        ("idle_minutes = 30", "key 'daemon.idle_minutes'"),
        ("cycle_minutes = 0", "key 'daemon.cycle_minutes'"),
        ("lease_seconds = 1", "key 'daemon.lease_seconds'"),
        ("cycle = 5", "unknown key 'daemon.cycle'"),
    ):
        with pytest.raises(ConfigError, match=words):
            load_config(write(tmp_path, GOOD + f"\n[daemon]\n{bad}\n"))
