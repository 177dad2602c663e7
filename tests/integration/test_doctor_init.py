"""`mailbot init` then `mailbot doctor` against the rig's Dovecot, SMTP sink and dnsmasq.

The starter config is filled in as a user would (host, port, username), the resolver
pointed at the rig's dnsmasq; doctor must pass it, and name the fix for each fault.
"""

from __future__ import annotations

import os
import re

import pytest

from tests.integration.clirun import mailbot
from tests.integration.cyclerig import settings, toml_text
from tests.rig import HOST, free_port

pytestmark = pytest.mark.integration
OWN_MX = [("example.com", "MX", "10 mx.example.com"), ("mx.example.com", "A", "192.0.2.7")]


def fill(text: str, edits: list[tuple[str, str]]) -> str:
    """Each `old` replaced once, in order (the first match): a user editing the file.
    Not inside a longer number: "port = 465" must not match an IMAP port 46545 put
    there by an earlier edit."""
    for old, new in edits:
        found = re.search(re.escape(old) + r"(?!\d)", text)
        assert found, old
        text = text[: found.start()] + new + text[found.end() :]
    return text


def test_init_fill_in_then_check_and_doctor_pass(tmp_path, mailbox, smtp, make_dns_server):
    """The written folder validates as is; filled in for the rig, every doctor check is ok."""
    folder = tmp_path / "site"
    done = mailbot("init", str(folder))
    assert done.returncode == 0, done.stderr
    assert "mailbot --config" in done.stdout and "doctor" in done.stdout
    config = folder / "mailbot.toml"
    assert (folder / "templates/de/followup/gentle_reminder.txt.j2").is_file()
    checked = mailbot("--config", str(config), "check")
    assert checked.returncode == 0 and "35 template files" in checked.stdout, checked.stderr

    dns = make_dns_server(OWN_MX)
    config.write_text(fill(config.read_text(), [
        ('host = "imap.example.com"', f'host = "{HOST}"'),
        ("port = 993", f"port = {mailbox.port}"),
        ('security = "tls"', 'security = "none"'),
        ('username = "sales@example.com"', f'username = "{mailbox.user}"'),
        ('host = "smtp.example.com"', f'host = "{HOST}"'),
        ("port = 465", f"port = {smtp.port}"),
        ('security = "tls"', 'security = "none"'),
        ('username = "sales@example.com"', 'username = ""'),
        ('password_env = "MAILBOT_SMTP_PASSWORD"', ""),  # the rig's SMTP wants no login
        ("nameservers = []", f'nameservers = ["{dns.host}"]\nport = {dns.port}'),
    ]))  # fmt: skip
    env = {"MAILBOT_IMAP_PASSWORD": mailbox.password}
    done = mailbot("--config", str(config), "doctor", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert all(line.startswith("ok ") for line in lines[:-1]), done.stdout
    for expected in ("database:", "templates: 35 files", "MX of example.com is 10 mx.example.com",
                     "[sales] imap login:", "Sent is 'Sent' (by SPECIAL-USE \\Sent)",
                     "[sales] smtp:", "(nothing sent)"):  # fmt: skip
        assert expected in done.stdout, expected
    assert smtp.messages == []  # EHLO and QUIT only

    again = mailbot("init", str(folder))
    assert again.returncode == 2 and "--force" in again.stderr
    assert "mailbot.toml" in again.stderr and "Traceback" not in again.stderr
    assert "nameservers" in config.read_text()  # untouched
    forced = mailbot("init", str(folder), "--force")
    assert forced.returncode == 0 and "nameservers = []" in config.read_text()


def test_doctor_names_the_fix_for_each_fault(tmp_path, mailbox, smtp):
    """Wrong IMAP password, SMTP port closed, a template with an undefined variable:
    a FAIL line each with its hint, exit 1, no traceback."""
    data = settings(mailbox, smtp, tmp_path, "live")
    data["mailboxes"][0]["smtp"]["port"] = free_port()  # nothing listens there
    (tmp_path / "mailbot.toml").write_text(toml_text(data) + "\n")
    broken = tmp_path / "templates/en/followup/gentle_reminder.txt.j2"
    broken.parent.mkdir(parents=True)
    broken.write_text("{% block subject %}Hello{% endblock %}\n"
                      "{% block text %}\nDear {{ no_such_field }},\n{% endblock %}\n")  # fmt: skip
    env = {"MAILBOT_TEST_IMAP_PW": "not-the-password"}
    done = mailbot("--config", str(tmp_path / "mailbot.toml"), "doctor", env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    fails = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert len(fails) == 3, done.stdout
    login, template, port = (
        next(line for line in fails if key in line) for key in ("imap login", "templates", "smtp")
    )
    assert "refused" in login
    assert "check the username" in login and "password_env (MAILBOT_TEST_IMAP_PW)" in login
    assert "gentle_reminder.txt.j2:3: undefined variable" in template
    assert "no_such_field" in template
    assert f"cannot reach SMTP server {HOST}:" in port and "check smtp host and port" in port
    assert "Traceback" not in done.stdout + done.stderr
    assert "not-the-password" not in done.stdout + done.stderr  # never a secret


def test_doctor_on_an_invalid_config_exits_2(tmp_path):
    """A config that does not load is one FAIL line naming the key; exit 2."""
    (tmp_path / "mailbot.toml").write_text('[sending]\nmode = "loud"\n')
    done = mailbot("--config", str(tmp_path / "mailbot.toml"), "doctor")
    assert done.returncode == 2
    assert done.stdout.startswith("FAIL config:") and "sending.mode" in done.stdout
    assert "Traceback" not in done.stderr


def test_doctor_without_the_password_variable(tmp_path, mailbox, smtp):
    """password_env names a variable that is not set: the IMAP check says so."""
    data = settings(mailbox, smtp, tmp_path, "live")
    data["mailboxes"][0]["imap"]["password_env"] = "MAILBOT_DOCTOR_UNSET"
    os.environ.pop("MAILBOT_DOCTOR_UNSET", None)
    (tmp_path / "mailbot.toml").write_text(toml_text(data) + "\n")
    done = mailbot("--config", str(tmp_path / "mailbot.toml"), "doctor", "--mailbox", "sales")
    assert done.returncode == 1
    assert "MAILBOT_DOCTOR_UNSET is not set" in done.stdout and "export it" in done.stdout


def test_doctor_tls_to_a_plain_server(tmp_path, mailbox, smtp):
    """security = "tls" against plain-text servers: a TLS failure each, the hint names
    the security key and the usual ports, no traceback."""
    data = settings(mailbox, smtp, tmp_path, "live")
    data["mailboxes"][0]["imap"]["security"] = "tls"
    data["mailboxes"][0]["smtp"]["security"] = "tls"
    (tmp_path / "mailbot.toml").write_text(toml_text(data) + "\n")
    done = mailbot("--config", str(tmp_path / "mailbot.toml"), "doctor")
    assert done.returncode == 1
    imap = next(line for line in done.stdout.splitlines() if "imap login" in line)
    smtp_line = next(line for line in done.stdout.splitlines() if "] smtp:" in line)
    assert imap.startswith("FAIL") and "TLS with IMAP server" in imap, imap
    assert "wrong version number" in imap and "check imap security and port" in imap
    assert smtp_line.startswith("FAIL") and "TLS with SMTP server" in smtp_line, smtp_line
    assert 'check security (now "tls")' in smtp_line
    assert "Traceback" not in done.stdout + done.stderr
