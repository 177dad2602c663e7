"""No password leaves mailbot: not in debug logs, not in the database, not in errors.

Real flows with distinctive passwords (IMAP via password_env and via password_file,
SMTP demanding AUTH): sync, `run --once` with a send, doctor, refused logins, a
refused connection and a password put in the config file. Every byte they print,
and the SQLite file, is searched for the password in every form it could leak in.
"""

from __future__ import annotations

import base64
import urllib.parse
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from mailbot.config import load_config
from mailbot.errors import ConfigError
from mailbot.services.planning import build_plan
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import OutboxMail, Suppression
from tests.integration.clirun import mailbot
from tests.integration.cyclerig import Rig, due_moment, quiet_customer
from tests.mailgen import T0
from tests.rig import RigUnavailable, free_port
from tests.rig.dovecot import DovecotServer
from tests.rig.smtp import SmtpServer
from tests.stores import db_url, stored_bytes

pytestmark = pytest.mark.integration
IMAP_PW, SMTP_PW, SMTP_USER = "Imap-Pw+9/Zqx&", "Smtp-Pw+4/Wkj&", "mailer"
WRONG_PW = "Wrong-Pw+1/Vbn&"


def leak_forms(user: str, password: str) -> set[bytes]:
    """The password as bytes it could appear as: plain, URL-encoded, base64 (at every
    alignment within a longer blob), and the AUTH PLAIN / AUTH LOGIN blobs."""
    raw = password.encode()
    forms = {raw, urllib.parse.quote(password, safe="").encode(),
             urllib.parse.quote_plus(password).encode(), repr(password).encode()}  # fmt: skip
    for pad in (b"", b"x", b"xx"):  # base64 of the password at any offset in a blob:
        start = 4 if pad else 0  # the first 4 characters mix in the bytes before it
        forms.add(base64.b64encode(pad + raw)[start : start + 12])
    forms.add(base64.b64encode(raw))
    forms.add(base64.b64encode(b"\0" + user.encode() + b"\0" + raw))
    forms.add(base64.b64encode(user.encode() + b"\0" + user.encode() + b"\0" + raw))
    return {f for f in forms if len(f) >= 8}


def assert_no_leak(blobs: dict[str, bytes], secrets: list[tuple[str, str]]) -> None:
    for user, password in secrets:
        for form in leak_forms(user, password):
            for where, blob in blobs.items():
                assert form not in blob, f"{password!r} leaked as {form!r} in {where}"


@pytest.fixture(scope="module")
def servers():
    try:
        with DovecotServer(password=IMAP_PW) as imap, SmtpServer(auth=(SMTP_USER, SMTP_PW)) as smtp:
            yield imap, smtp
    except RigUnavailable as error:
        pytest.skip(str(error))


def write_config(
    tmp: Path, name: str, imap_user, smtp: SmtpServer, imap_source: str, **over
) -> Path:
    port = over.get("imap_port", imap_user.port)
    (tmp / "smtp.pw").write_text(SMTP_PW + "\n")
    cfg = tmp / f"{name}.toml"
    cfg.write_text(
        "[company]\nname='Guangming UV'\nown_domains=['gmuv-lighting.cn']\n"
        f"[database]\nurl='sqlite:///{tmp / 'mailbot.db'}'\n[logging]\nlevel='debug'\n"
        "[plan]\nworkers=1\n[verification]\nauto=false\n"
        "[sending]\nmode='live'\nmin_gap_seconds=0\njitter_minutes=0\n"
        "[[mailboxes]]\nname='sales'\naddress='sales@gmuv-lighting.cn'\ndisplay_name='Anna Li'\n"
        f"[mailboxes.imap]\nhost='{imap_user.host}'\nport={port}\nusername='{imap_user.user}'\n"
        f"security='none'\n{imap_source}\n"
        f"[mailboxes.smtp]\nhost='{smtp.host}'\nport={smtp.port}\nusername='{SMTP_USER}'\n"
        f"security='none'\npassword_file='{over.get('smtp_pw_file', tmp / 'smtp.pw')}'\n"
    )
    return cfg


def test_no_password_in_logs_database_or_errors(servers, tmp_path):
    """Debug-logged sync, send, doctor, bad logins and a dead server never show a password."""
    imap, smtp = servers
    smtp.clear()
    user = imap.new_user("secrets")
    quiet_customer(user)
    (tmp_path / "imap.pw").write_text(IMAP_PW + "\n")
    by_env = write_config(tmp_path, "env", user, smtp, "password_env='MB_IMAP_PW'")
    by_file = write_config(tmp_path, "file", user, smtp, f"password_file='{tmp_path / 'imap.pw'}'")
    env = {"MB_IMAP_PW": IMAP_PW}
    outputs: dict[str, bytes] = {}

    def run(name: str, cfg: Path, *args: str, env=env, ok: bool = True) -> None:
        done = mailbot("-v", "--config", str(cfg), *args, env=env)
        outputs[name] = (done.stdout + done.stderr).encode()
        assert (done.returncode == 0) is ok, f"{name}: {done.stdout}{done.stderr}"
        assert "Traceback" not in done.stderr, done.stderr

    run("sync", by_env, "sync")
    with session_factory(open_engine(load_config(by_env).database_url()))() as s:
        [item] = build_plan(s, load_config(by_env), T0 + timedelta(days=20))
    due = item.decision.due_at
    run("run --once", by_file, "run", "--once", "--at", due.isoformat())
    [sent] = smtp.messages
    assert sent.rcpt_tos == ["hans@acme-lighting.de"]  # the AUTH-demanding server took it
    run("doctor", by_file, "doctor")
    (tmp_path / "smtp-wrong.pw").write_text(WRONG_PW)
    broken = write_config(
        tmp_path, "broken", user, smtp, "password_env='MB_IMAP_PW'",
        imap_port=free_port(), smtp_pw_file=tmp_path / "smtp-wrong.pw",
    )  # fmt: skip
    run("doctor: imap refused, smtp login refused", broken, "doctor", ok=False)
    assert "535" in outputs["doctor: imap refused, smtp login refused"].decode()
    # last: Dovecot slows every login from this address after a failed one
    run("imap wrong password", by_env, "sync", env={"MB_IMAP_PW": WRONG_PW}, ok=False)
    inline = tmp_path / "inline.toml"
    inline.write_text(by_env.read_text().replace("password_env='MB_IMAP_PW'",
                                                 f"password='{IMAP_PW}'"))  # fmt: skip
    with pytest.raises(ConfigError) as refused:
        load_config(inline)
    outputs["inline password"] = f"{refused.value} {refused.value.hint}".encode()
    assert "does not belong in the config file" in str(refused.value)
    stored = stored_bytes(db_url(tmp_path / "mailbot.db"))
    assert any(b"hans@acme-lighting.de" in data for data in stored.values())  # the synced mail
    secrets = [(user.user, IMAP_PW), (SMTP_USER, SMTP_PW), (user.user, WRONG_PW),
               (SMTP_USER, WRONG_PW)]  # fmt: skip
    assert_no_leak({**outputs, **stored}, secrets)


def test_a_refused_smtp_login_suppresses_no_customer(servers, tmp_path):
    """No password or a wrong one (530/535 before RCPT) is our fault: the follow-up
    waits for a retry, the customer is not suppressed, nothing is delivered."""
    imap, smtp = servers
    smtp.clear()
    user = imap.new_user("nologin")
    quiet_customer(user)
    rig = Rig(user, smtp, tmp_path)  # its SMTP account has no password
    summary = rig.run(due_moment(rig))
    assert summary.sent == [] and summary.failed == [] and len(summary.retrying) == 1, summary
    assert smtp.messages == []
    with rig.sessions() as s:
        assert s.scalars(select(Suppression)).all() == []
        [row] = s.scalars(select(OutboxMail)).all()
    assert row.status == "planned" and "530" in (row.outcome or ""), row.outcome
