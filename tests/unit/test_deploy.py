"""The container files hold together (docker itself is not run here): compose.yaml loads,
everything the Dockerfile and compose refer to exists, and the configs they ship are valid."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import yaml

from mailbot.cli import COMMANDS
from mailbot.cli.init import STARTER
from mailbot.config import parse_config

ROOT = Path(__file__).resolve().parents[2]


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]


def test_dockerfile_copies_what_exists_and_checks_health():
    """COPY sources exist; a non-root user; HEALTHCHECK is `mailbot status --check`; CMD run."""
    steps = dockerfile()
    copies = [shlex.split(args) for op, args in steps if op == "COPY" and "--from" not in args]
    assert copies
    for *sources, _target in copies:
        for source in sources:
            assert (ROOT / source).exists(), source
    users = [args for op, args in steps if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    health = next(args for op, args in steps if op == "HEALTHCHECK")
    assert '"mailbot", "status", "--check"' in health
    assert "status" in COMMANDS
    assert dict(steps)["CMD"] == '["run"]' and dict(steps)["ENTRYPOINT"] == '["mailbot"]'
    assert ("VOLUME", '["/data"]') in steps
    assert all("apt-get" not in args for _op, args in steps)  # no build tools in the image


def test_dockerignore_keeps_what_the_build_copies():
    kept = [line[1:] for line in (ROOT / ".dockerignore").read_text().splitlines()
            if line.startswith("!")]  # fmt: skip
    assert {"pyproject.toml", "README.md", "mailbot/"} <= set(kept)


def test_compose_loads_and_its_files_exist():
    """Both services; every bind mount and secret file is in the repository."""
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"mailbot", "dovecot"}
    assert services["dovecot"]["image"].startswith("dovecot/dovecot:")
    assert services["mailbot"]["build"] == "."
    for service in services.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (ROOT / source).exists(), source
            else:
                assert source in compose["volumes"], source
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), port  # published on this machine only
    for secret in compose["secrets"].values():
        assert (ROOT / secret["file"]).is_file()


def test_the_demo_config_fits_the_container():
    """deploy/config/mailbot.toml is valid; store and dry-run files go to /data, passwords
    come from the compose secrets, the endpoint is the published port."""
    path = ROOT / "deploy/config/mailbot.toml"
    config = parse_config(tomllib.loads(path.read_text()), Path("/config/mailbot.toml"))
    assert config.database_url() == "sqlite:////data/mailbot.db"
    assert str(config.dry_run_folder()).startswith("/data/")
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    secrets = {f"/run/secrets/{name}" for name in compose["secrets"]}
    for mailbox in config.mailboxes:
        assert str(mailbox.imap.password_file) in secrets
        assert mailbox.imap.host in compose["services"]
    port = config.http.address()[1]
    assert f"127.0.0.1:{port}:{port}" in compose["services"]["mailbot"]["ports"]


def test_starter_config_is_valid_and_safe():
    """What `mailbot init` writes loads as is, waits for approval, and serves no HTTP."""
    config = parse_config(tomllib.loads(STARTER.read_text()))
    assert config.sending.mode == "approve" and config.http.listen == ""
    assert config.mailboxes[0].imap.password_env == "MAILBOT_IMAP_PASSWORD"
