"""The TOML configuration: its shape, its defaults, and validation at load.

Validated once, here. Everything below the CLI receives typed objects and never
re-reads or converts raw values. Secrets are resolved from the environment or a
file at load time and kept as `SecretStr`, so they cannot end up in a log line
or a repr by accident.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from mailbot.errors import ConfigError

CONFIG_ENV = "MAILBOT_CONFIG"
DEFAULT_CONFIG = Path("mailbot.toml")


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Secret(Section):
    """Where a password comes from: never the config file itself."""

    password_env: str | None = None
    password_file: Path | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Secret:
        if self.password_env and self.password_file:
            raise ValueError("set password_env or password_file, not both")
        return self

    def resolve(self) -> SecretStr | None:
        """Read the secret now (at connect time, so read-only commands need none)."""
        if self.password_env:
            value = os.environ.get(self.password_env)
            if value is None:
                raise ConfigError(
                    f"password_env: environment variable {self.password_env} is not set",
                    "export it, or use password_file instead",
                )
            return SecretStr(value)
        if self.password_file:
            try:
                return SecretStr(self.password_file.read_text().strip())
            except OSError as exc:
                raise ConfigError(
                    f"cannot read password_file {self.password_file}: {exc.strerror}"
                ) from None
        return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ServerAccount(Secret):
    host: str
    port: int = Field(gt=0, lt=65536)
    username: str
    security: Literal["tls", "starttls", "none"] = "tls"
    allow_insecure: bool = False  # permit security="none" to a non-loopback host
    verify_certificate: bool = True
    ca_file: Path | None = None
    connect_timeout: float = Field(default=15.0, gt=0)
    read_timeout: float = Field(default=60.0, gt=0)

    @model_validator(mode="before")
    @classmethod
    def _no_inline_password(cls, data: Any) -> Any:
        if isinstance(data, dict) and "password" in data:
            raise ValueError(
                "a password does not belong in the config file: "
                'set password_env = "VAR" or password_file = "/run/secrets/..."'
            )
        return data

    @property
    def password(self) -> SecretStr | None:
        return self.resolve()

    @model_validator(mode="after")
    def _check(self) -> ServerAccount:
        if self.security == "none" and not (self.allow_insecure or _is_loopback(self.host)):
            raise ValueError(
                f'security = "none" sends the password in clear text to {self.host}; '
                'use "tls" or "starttls", or set allow_insecure = true'
            )
        return self


class ImapAccount(ServerAccount):
    port: int = Field(default=993, gt=0, lt=65536)
    sent_folder: str | None = None  # default: the folder flagged \Sent (SPECIAL-USE)
    extra_folders: list[str] = []
    batch_size: int = Field(default=200, gt=0, le=5000)


class SmtpAccount(ServerAccount):
    port: int = Field(default=465, gt=0, lt=65536)


class Mailbox(Section):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    address: str
    imap: ImapAccount
    smtp: SmtpAccount | None = None

    @field_validator("address")
    @classmethod
    def _lower(cls, v: str) -> str:
        if "@" not in v:
            raise ValueError("expected an email address")
        return v.strip().lower()


class Company(Section):
    name: str = ""
    country: str = "CN"
    own_addresses: list[str] = []
    own_domains: list[str] = []

    @field_validator("own_addresses", "own_domains")
    @classmethod
    def _lower_all(cls, v: list[str]) -> list[str]:
        return [x.strip().lower() for x in v]


class Database(Section):
    url: str | None = None  # default: SQLite file mailbot.db beside the config file


class Threading(Section):
    subject_window_days: int = Field(default=120, gt=0)


class Replies(Section):
    """What inbound automatic mail does to a contact (see services.replies)."""

    soft_bounce_limit: int = Field(default=3, gt=0)  # temporary failures before suppressing
    soft_bounce_window_days: int = Field(default=30, gt=0)
    unsubscribe_scope: Literal["address", "customer"] = "address"
    complaint_scope: Literal["address", "customer"] = "customer"


class Logging(Section):
    level: Literal["debug", "info", "warning", "error"] = "info"
    format: Literal["auto", "json", "console"] = "auto"


class Config(Section):
    company: Company = Company()
    mailboxes: list[Mailbox] = []
    database: Database = Database()
    threading: Threading = Threading()
    replies: Replies = Replies()
    logging: Logging = Logging()
    source: Annotated[Path | None, Field(exclude=True)] = None

    @model_validator(mode="after")
    def _unique_names(self) -> Config:
        names = [m.name for m in self.mailboxes]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise ValueError(f"mailbox names must be unique: {sorted(dupes)}")
        return self

    @property
    def own_addresses(self) -> frozenset[str]:
        return frozenset([*self.company.own_addresses, *(m.address for m in self.mailboxes)])

    @property
    def own_domains(self) -> frozenset[str]:
        return frozenset(self.company.own_domains)

    def database_url(self) -> str:
        if self.database.url:
            return self.database.url
        folder = self.source.parent if self.source else Path.cwd()
        return f"sqlite:///{(folder / 'mailbot.db').resolve()}"

    def mailbox(self, name: str) -> Mailbox:
        for m in self.mailboxes:
            if m.name == name:
                return m
        raise ConfigError(
            f"no mailbox named {name!r}",
            "names in the config: " + ", ".join(m.name for m in self.mailboxes),
        )


def config_path(explicit: str | os.PathLike[str] | None) -> Path:
    if explicit:
        return Path(explicit)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    return DEFAULT_CONFIG


def load_config(path: Path) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"no config file at {path}",
            "pass --config FILE, set MAILBOT_CONFIG, or copy config.example.toml to mailbot.toml",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    try:
        return Config.model_validate({**data, "source": path})
    except ValidationError as exc:
        raise ConfigError(_describe(exc, path)) from None


def _describe(exc: ValidationError, path: Path | None) -> str:
    where = str(path) if path else "config"
    lines = []
    for err in exc.errors():
        key = _dotted(err["loc"])
        if err["type"] == "extra_forbidden":
            lines.append(f"{where}: unknown key '{key}'")
            continue
        got = err.get("input")
        shown = "" if isinstance(got, dict) or got is None else f" (got {got!r})"
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: key '{key}': {msg}{shown}" if key else f"{where}: {msg}")
    return "\n".join(lines)


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
