"""The TOML configuration: its shape, its defaults, and validation at load.

Validated once, here. Everything below the CLI receives typed objects and never
re-reads or converts raw values. Secrets are resolved from the environment or a
file at load time and kept as `SecretStr`, so they cannot end up in a log line
or a repr by accident.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from mailbot.domain.hours import Closure, CountryOverride, HalfDay, OpeningHours
from mailbot.errors import ConfigError

CONFIG_ENV = "MAILBOT_CONFIG"
DATABASE_ENV = "MAILBOT_DATABASE_URL"  # wins over [database].url: a container's store
DEFAULT_CONFIG = Path("mailbot.toml")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Secret(Section):
    """Where a password comes from: never the config file itself."""

    password_env: str | None = None
    password_file: Path | None = None

    @field_validator("password_env")
    @classmethod
    def _a_variable_name(cls, value: str | None) -> str | None:
        if value is not None and not _ENV_NAME.fullmatch(value):
            raise ValueError(  # it may be the password itself: never echoed (see _describe)
                "must be the name of an environment variable (letters, digits, _), "
                "not the password itself"
            )
        return value

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
    display_name: str = ""  # the From name, e.g. "Anna Li (Guangming UV)"
    signature: str = ""  # the staff member's signature under mail sent from this mailbox
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
    country: str = Field(default="CN", pattern=r"^[A-Z]{2}$")
    subdivision: str | None = None
    own_addresses: list[str] = []
    own_domains: list[str] = []
    # The seller's own closures (e.g. the Spring Festival shutdown).
    closures: list[DateRange] = []

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


def _clock(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f'expected a time of day like "08:30", not {value!r}') from None


class Hours(Section):
    """Opening hours in local time; `days` (Mon=0) fixes the office week."""

    start: str = "09:00"
    end: str = "18:00"
    days: list[Annotated[int, Field(ge=0, le=6)]] | None = None

    @model_validator(mode="after")
    def _valid(self) -> Hours:
        if not _clock(self.start) < _clock(self.end):
            raise ValueError(f"opening hours end before they start: {self.start}–{self.end}")
        return self

    def opening_hours(self) -> OpeningHours:
        days = frozenset(self.days) if self.days is not None else None
        return OpeningHours(_clock(self.start), _clock(self.end), days)


class DateRange(Section):
    start: date
    end: date
    label: str = "company closure"

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise ValueError(f"ends before it starts: {self.start}–{self.end}")
        return self

    def closure(self) -> Closure:
        return Closure(self.start, self.end, self.label)


def _half_day(value: str) -> str:
    HalfDay.parse(value)  # raises with the expected syntax
    return value


class CountryRules(Section):
    """Where offices in one country differ from its law (DOMAIN.md §1)."""

    hours: Hours | None = None
    zone: str | None = None
    categories: list[str] | None = None  # holiday categories offices close for
    worked_holidays: list[str] | None = None  # holiday names offices work anyway
    closed: list[DateRange] | None = None
    working: list[date] | None = None
    # holiday name → "until HH:MM" / "from HH:MM": offices open part of that day only
    half_days: dict[str, Annotated[str, AfterValidator(_half_day)]] | None = None

    @field_validator("zone")
    @classmethod
    def _zone(cls, v: str | None) -> str | None:
        return _known_zone(v)

    def override(self) -> CountryOverride:
        return CountryOverride(
            hours=self.hours.opening_hours() if self.hours else None,
            zone=self.zone,
            categories=tuple(self.categories) if self.categories is not None else None,
            worked_holidays=tuple(self.worked_holidays) if self.worked_holidays else None,
            closed=tuple(c.closure() for c in self.closed) if self.closed else None,
            working=tuple(self.working) if self.working else None,
            half_days=(
                tuple((name, HalfDay.parse(v)) for name, v in self.half_days.items())
                if self.half_days is not None
                else None
            ),
        )


class Calendar(Section):
    """Per-country office practice; keys are ISO country codes."""

    countries: dict[str, CountryRules] = {}

    @field_validator("countries")
    @classmethod
    def _codes(cls, v: dict[str, CountryRules]) -> dict[str, CountryRules]:
        bad = [k for k in v if not (len(k) == 2 and k.isalpha() and k.isupper())]
        if bad:
            raise ValueError(f'country keys must be ISO codes like "SA": {bad}')
        return v


class FollowUpStage(Section):
    template: str = Field(pattern=r"^[a-z0-9_]+$")
    # Customer business days of silence after our previous message; never before
    # their expected reply window has passed.
    wait_days: float = Field(default=0, ge=0)
    # An offer that needs a fast answer is not sent while the seller is closed.
    needs_fast_answer: bool = False


class Tier(Section):
    name: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    # Expected reply window in the customer's business days until their own history
    # gives an estimate.
    reply_window_days: float = Field(default=3, gt=0)
    # Rules deriving the tier from history (all that are set must hold). A tier with
    # no rule matches everyone: put it last.
    min_orders: int | None = Field(default=None, ge=0)
    ordered_within_days: int | None = Field(default=None, gt=0)
    min_messages: int | None = Field(default=None, ge=0)
    followups: list[FollowUpStage] = []

    @property
    def has_rule(self) -> bool:
        return any(
            v is not None for v in (self.min_orders, self.ordered_within_days, self.min_messages)
        )


def _stages(*steps: tuple[str, float, bool]) -> list[FollowUpStage]:
    return [FollowUpStage(template=t, wait_days=w, needs_fast_answer=f) for t, w, f in steps]


DEFAULT_TIERS = [
    Tier(name="vip", reply_window_days=2, min_orders=3, ordered_within_days=365,
         followups=_stages(("gentle_reminder", 2, False), ("limited_offer", 3, True),
                           ("last_try", 5, False))),
    Tier(name="regular", reply_window_days=3, min_orders=1,
         followups=_stages(("gentle_reminder", 3, False), ("limited_offer", 4, True),
                           ("last_try", 5, False))),
    Tier(name="potential", reply_window_days=5,
         followups=_stages(("gentle_reminder", 5, False), ("last_try", 5, False))),
]  # fmt: skip


class Lifecycle(Section):
    """lead → first_purchase → repeat → loyal → dormant, from orders and history."""

    repeat_min_orders: int = Field(default=2, ge=2)
    loyal_min_orders: int = Field(default=5, ge=2)
    dormant_after_days: int = Field(default=365, gt=0)  # since the last order or message


class Plan(Section):
    # A thread silent longer than this is no longer an open conversation.
    open_days: int = Field(default=180, gt=0)
    # A customer message we have not answered within this many seller business hours
    # is flagged "we owe a reply".
    we_owe_reply_hours: float = Field(default=8, gt=0)
    # Business days of grace after an out-of-office window ends.
    absence_grace_days: float = Field(default=1, ge=0)
    # An out-of-office without a return date pauses the clock for this many days.
    absence_default_days: int = Field(default=14, gt=0)
    # Follow-ups go out in the customer's local morning on their business day.
    send_window_start: str = "08:30"
    send_window_end: str = "11:00"
    # Learning each customer's reply time: weight of the tier prior, in replies, and
    # the bounds of a learned window as multiples of the tier default.
    prior_weight: float = Field(default=3, gt=0)
    learned_min_factor: float = Field(default=0.5, gt=0)
    learned_max_factor: float = Field(default=3, gt=0)
    # Processes `mailbot plan` splits the customers over (1: no extra process).
    workers: int = Field(default=2, ge=1, le=16)

    @model_validator(mode="after")
    def _window(self) -> Plan:
        if not _clock(self.send_window_start) < _clock(self.send_window_end):
            raise ValueError("send_window_end must be after send_window_start")
        return self

    @property
    def send_window(self) -> tuple[time, time]:
        return _clock(self.send_window_start), _clock(self.send_window_end)


class ProfileEntry(Section):
    """Explicit facts about one customer (keyed by domain or address) in the config."""

    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    subdivision: str | None = None
    timezone: str | None = None
    languages: list[str] | None = None
    tier: str | None = None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str | None) -> str | None:
        return _known_zone(v)


def _known_zone(name: str | None) -> str | None:
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name like Asia/Riyadh)"
        ) from None
    return name


class Sending(Section):
    """How `mailbot run` delivers what the plan says is due (see services/cycle.py)."""

    # approve: every mail waits for `mailbot approve` (the safe default for a new
    # install); live: sent when due; dry-run: rendered into `dry_run_folder` only.
    mode: Literal["live", "approve", "dry-run"] = "approve"
    redirect_all_to: str | None = None  # all mail goes here instead (enforced in the adapter)
    dry_run_folder: Path = Path("outbox-dry-run")  # relative: beside the config file
    retry_for_hours: float = Field(default=24, gt=0)  # temporary SMTP failures, then failed
    daily_cap: int = Field(default=50, ge=0)  # mails per mailbox per 24 hours
    min_gap_seconds: float = Field(default=60, ge=0)  # between two sends of one mailbox
    offer_days: int = Field(default=5, ge=0)  # customer business days an offer holds
    # Sends spread over this many minutes after their moment (the same per mail, from its
    # key), so a batch does not leave at 08:30:00 sharp.
    jitter_minutes: float = Field(default=20, ge=0)
    # At most one automated mail per customer within this many of their business days.
    customer_gap_days: float = Field(default=2, ge=0)
    # Which mails carry a mailto List-Unsubscribe: a kind ("greeting", "care") or a
    # template ("followup/limited_offer").
    list_unsubscribe: list[str] = ["greeting", "care", "followup/limited_offer"]
    # Where unsubscribe mails go; default: the sending mailbox.
    unsubscribe_address: str | None = None

    @field_validator("redirect_all_to", "unsubscribe_address")
    @classmethod
    def _address(cls, v: str | None) -> str | None:
        if v is not None and "@" not in v:
            raise ValueError("expected an email address")
        return v.strip().lower() if v else None


class Greetings(Section):
    """Holiday, birthday and first-order anniversary mails (DOMAIN.md §6)."""

    enabled: bool = True
    holidays: bool = True
    birthdays: bool = True
    anniversaries: bool = True
    # Occasion keys per customer country, replacing the defaults (mailbot/domain/occasions.py),
    # e.g. IN = ["diwali", "christmas"]; [] greets nobody in that country.
    countries: dict[str, list[str]] = {}
    # Per contact (email address): religion is personal. Replaces the country's list.
    contacts: dict[str, list[str]] = {}
    # No greeting when an automated follow-up went out this many customer business days before.
    quiet_after_followup_days: float = Field(default=5, ge=0)
    # The last business day before the occasion may be at most this many days before it.
    max_gap_days: int = Field(default=7, ge=1, le=30)
    # Lifecycle stages that get greetings ("lead" customers have never bought).
    stages: list[str] = ["first_purchase", "repeat", "loyal", "dormant", "lead"]

    @field_validator("stages")
    @classmethod
    def _stages(cls, v: list[str]) -> list[str]:
        known = ("lead", "first_purchase", "repeat", "loyal", "dormant")  # domain/tiers.py
        bad = [s for s in v if s not in known]
        if bad:
            raise ValueError(f"unknown lifecycle stage {bad}; known: {list(known)}")
        return v

    @field_validator("countries")
    @classmethod
    def _codes(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        bad = [k for k in v if not (len(k) == 2 and k.isupper())]
        if bad:
            raise ValueError(f'country keys must be ISO codes like "DE": {bad}')
        return v

    @model_validator(mode="after")
    def _known(self) -> Greetings:
        from mailbot.domain.occasions import OCCASIONS

        for where, table in (("countries", self.countries), ("contacts", self.contacts)):
            for key, occasions in table.items():
                unknown = sorted(set(occasions) - set(OCCASIONS))
                if unknown:
                    raise ValueError(
                        f"{where}.{key}: unknown occasion {unknown}; known: {sorted(OCCASIONS)}"
                    )
        return self

    @field_validator("contacts")
    @classmethod
    def _lower(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        return {k.strip().lower(): occasions for k, occasions in v.items()}


ORDER_EVENTS = ("ordered", "paid", "shipped", "delivered", "returned", "cancelled")


class CareStep(Section):
    template: str = Field(pattern=r"^[a-z0-9_]+$")  # a care/<template> file
    on: Literal["ordered", "paid", "shipped", "delivered"]
    # Calendar days after the event; the mail goes out at the next send moment after.
    after_days: int = Field(default=0, ge=0)
    # Use the product's replacement interval ([care.replacement_days]) instead of after_days.
    replacement: bool = False


def _care(*steps: tuple[str, str, int, bool]) -> list[CareStep]:
    return [CareStep(template=t, on=o, after_days=d, replacement=r) for t, o, d, r in steps]


class Care(Section):
    """Post-purchase care: mails that follow order events (`mailbot event`, orders CSV)."""

    enabled: bool = True
    steps: list[CareStep] = _care(
        ("shipping_notice", "shipped", 0, False),
        ("arrival_check", "delivered", 2, False),
        ("usage_tips", "delivered", 7, False),
        ("satisfaction_check", "delivered", 30, False),
        ("reorder_reminder", "delivered", 0, True),
    )
    # Days until a product wants replacing, by product name as recorded on the event;
    # "default" for the rest. A UV-C lamp is rated ~9,000 h: about a year of shifts.
    replacement_days: dict[str, int] = {"default": 330}
    # A step this many days past its moment is dropped (e.g. orders imported from history).
    stale_after_days: int = Field(default=3, ge=0)

    @field_validator("replacement_days")
    @classmethod
    def _positive(cls, v: dict[str, int]) -> dict[str, int]:
        bad = [k for k, days in v.items() if days <= 0]
        if bad:
            raise ValueError(f"replacement days must be positive: {bad}")
        return {"default": 330, **v}

    def replacement_for(self, product: str) -> int:
        return self.replacement_days.get(product, self.replacement_days["default"])


class FollowUpsByVerdict(Section):
    """Which follow-up stages may go out automatically, per lead-check verdict:
    all of them, only the first (a person decides the rest), or none."""

    valid: Literal["all", "first", "none"] = "all"
    suspicious: Literal["all", "first", "none"] = "first"
    invalid: Literal["all", "first", "none"] = "none"
    unknown: Literal["all", "first", "none"] = "all"  # DNS failed: as valid until re-checked


class Verification(Section):
    """Lead verification (see services/verification.py): DNS, lists, the website they name."""

    auto: bool = True  # check new and expired addresses after sync, import and before `run`
    nameservers: list[str] = []  # empty: the system's resolvers (/etc/resolv.conf)
    port: int = Field(default=53, gt=0, lt=65536)  # for `nameservers`
    timeout_seconds: float = Field(default=3.0, gt=0, le=60)  # one lookup, retries included
    concurrency: int = Field(default=32, ge=1, le=512)  # lookups in flight at once
    valid_days: float = Field(default=30, gt=0)  # how long a verdict holds
    unknown_hours: float = Field(default=6, gt=0)  # an `unknown` is checked again this soon
    disposable_file: Path | None = None  # more disposable domains, one a line
    not_disposable: list[str] = []  # domains never counted as disposable
    followups: FollowUpsByVerdict = FollowUpsByVerdict()

    @field_validator("nameservers")
    @classmethod
    def _addresses(cls, v: list[str]) -> list[str]:
        for server in v:
            try:
                ipaddress.ip_address(server)
            except ValueError:
                raise ValueError(f"a nameserver is an IP address, not {server!r}") from None
        return v

    @field_validator("not_disposable")
    @classmethod
    def _lower_all(cls, v: list[str]) -> list[str]:
        return [x.strip().lower() for x in v]


_RECIPIENT = re.compile(
    r"[^\s@<>,;:\"()\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?"
)


class Digest(Section):
    """The team's daily digest mail (see services/digest.py)."""

    enabled: bool = False
    recipients: list[str] = []
    hour: str = "08:00"  # local time in the seller's zone
    mailbox: str | None = None  # the mailbox whose SMTP sends it; default: the first

    @field_validator("recipients")
    @classmethod
    def _addresses(cls, v: list[str]) -> list[str]:
        for address in v:
            if not _RECIPIENT.fullmatch(address.strip()):
                raise ValueError(f"not an email address: {address!r}")
        return [a.strip().lower() for a in v]

    @field_validator("hour")
    @classmethod
    def _hour(cls, v: str) -> str:
        _clock(v)
        return v

    @model_validator(mode="after")
    def _someone(self) -> Digest:
        if self.enabled and not self.recipients:
            raise ValueError("the digest is enabled but has no recipients")
        return self

    @property
    def at(self) -> time:
        return _clock(self.hour)


class Http(Section):
    """The optional status endpoint (/healthz, /metrics): see adapters/httpstatus.py."""

    listen: str = ""  # "127.0.0.1:9108"; empty: no endpoint
    allow_remote: bool = False  # permit an address other than loopback
    # /healthz is healthy only if a cycle ran within this many minutes.
    cycle_stale_minutes: float = Field(default=30, gt=0)

    @model_validator(mode="after")
    def _address(self) -> Http:
        if not self.listen:
            return self
        host, port = self.address()
        if not (self.allow_remote or _is_loopback(host)):
            raise ValueError(
                f"listen = {self.listen!r} is reachable from other machines; "
                'use "127.0.0.1:PORT", or set allow_remote = true'
            )
        if not 0 <= port < 65536:  # 0: any free port (tests, `status --serve`)
            raise ValueError(f"listen: port {port} is out of range (0-65535)")
        return self

    def address(self) -> tuple[str, int]:
        """("127.0.0.1", 9108) from "127.0.0.1:9108" or "[::1]:9108"."""
        host, sep, port = self.listen.rpartition(":")
        if not sep or not host or not port.isdigit():
            raise ValueError(
                f'listen: expected "HOST:PORT" like "127.0.0.1:9108", not {self.listen!r}'
            )
        return host.removeprefix("[").removesuffix("]"), int(port)


class Daemon(Section):
    """`mailbot run` as a service (see mailbot/services/daemon.py)."""

    cycle_minutes: float = Field(default=5, gt=0)  # plan-and-send cycle of each mailbox
    poll_seconds: float = Field(default=60, gt=0)  # INBOX check when the server lacks IDLE
    idle_minutes: float = Field(default=25, gt=0, le=29)  # IDLE re-issued this often (RFC 2177)
    debounce_seconds: float = Field(default=2, ge=0)  # quiet after new mail before the cycle
    lease_seconds: float = Field(default=60, ge=3)  # all daemon leases; renewed every third
    reverify_hours: float = Field(default=6, gt=0)  # lead re-checks, when [verification].auto
    watch_files: bool = True  # reload when the config or a template file changes
    watch_seconds: float = Field(default=3, gt=0)  # how often their mtimes are compared
    retry_max_minutes: float = Field(default=30, gt=0)  # longest wait after repeated failures


class Sync(Section):
    """UIDVALIDITY resets: more than `uidvalidity_resets_max` of one folder within
    `uidvalidity_window_hours` trip the breaker (services/renumbering.py)."""

    uidvalidity_resets_max: int = Field(default=3, ge=1)
    uidvalidity_window_hours: float = Field(default=24, gt=0)


class Logging(Section):
    level: Literal["debug", "info", "warning", "error"] = "info"
    format: Literal["auto", "json", "console"] = "auto"


Company.model_rebuild()


class Config(Section):
    company: Company = Company()
    mailboxes: list[Mailbox] = []
    database: Database = Database()
    threading: Threading = Threading()
    replies: Replies = Replies()
    calendar: Calendar = Calendar()
    tiers: list[Tier] = Field(default=DEFAULT_TIERS, min_length=1)
    lifecycle: Lifecycle = Lifecycle()
    plan: Plan = Plan()
    profiles: dict[str, ProfileEntry] = {}
    sending: Sending = Sending()
    greetings: Greetings = Greetings()
    care: Care = Care()
    verification: Verification = Verification()
    digest: Digest = Digest()
    http: Http = Http()
    daemon: Daemon = Daemon()
    sync: Sync = Sync()
    logging: Logging = Logging()
    source: Annotated[Path | None, Field(exclude=True)] = None

    @model_validator(mode="after")
    def _unique_names(self) -> Config:
        names = [m.name for m in self.mailboxes]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise ValueError(f"mailbox names must be unique: {sorted(dupes)}")
        return self

    @model_validator(mode="after")
    def _unique_tiers(self) -> Config:
        names = [t.name for t in self.tiers]
        if len(set(names)) != len(names):
            raise ValueError(f"tier names must be unique: {names}")
        known = set(names)
        for key, entry in self.profiles.items():
            if entry.tier is not None and entry.tier not in known:
                raise ValueError(f"profiles.{key}.tier: no tier named {entry.tier!r}")
        return self

    @model_validator(mode="after")
    def _digest_mailbox(self) -> Config:
        if not self.digest.enabled:
            return self
        box = self.digest.mailbox
        names = [m.name for m in self.mailboxes]
        if box is not None and box not in names:
            raise ValueError(f"digest.mailbox: no mailbox named {box!r} (configured: {names})")
        chosen = next((m for m in self.mailboxes if m.name == box), None) if box else (
            self.mailboxes[0] if self.mailboxes else None)  # fmt: skip
        if chosen is None:
            raise ValueError("digest.enabled: the digest needs a [[mailboxes]] entry to send from")
        if chosen.smtp is None:
            raise ValueError(f"digest: mailbox {chosen.name!r} has no [mailboxes.smtp] to send")
        return self

    def digest_mailbox(self) -> Mailbox:
        """The mailbox whose SMTP sends the digest: `[digest].mailbox`, else the first."""
        if self.digest.mailbox:
            return self.mailbox(self.digest.mailbox)
        if not self.mailboxes:
            raise ConfigError("no [[mailboxes]] configured to send the digest from",
                              "add one; see config.example.toml")  # fmt: skip
        return self.mailboxes[0]

    def tier(self, name: str | None) -> Tier:
        """The named tier; the last (catch-all) one when unnamed or unknown."""
        for t in self.tiers:
            if t.name == name:
                return t
        return self.tiers[-1]

    @property
    def own_addresses(self) -> frozenset[str]:
        return frozenset([*self.company.own_addresses, *(m.address for m in self.mailboxes)])

    @property
    def own_domains(self) -> frozenset[str]:
        return frozenset(self.company.own_domains)

    def database_url(self) -> str:
        """`$MAILBOT_DATABASE_URL`, else `[database].url`, else SQLite beside the config.

        The environment wins so a container (or a test run) can point one config at its
        own database without editing the file."""
        from_env = os.environ.get(DATABASE_ENV, "").strip()
        if from_env:
            return from_env
        if self.database.url:
            return self.database.url
        folder = self.source.parent if self.source else Path.cwd()
        return f"sqlite:///{(folder / 'mailbot.db').resolve()}"

    def dry_run_folder(self) -> Path:
        folder = self.source.parent if self.source else Path.cwd()
        return folder / self.sending.dry_run_folder

    def disposable_file(self) -> Path | None:
        """`[verification].disposable_file`; a relative path is beside the config file."""
        path = self.verification.disposable_file
        if path is None or path.is_absolute():
            return path
        return (self.source.parent if self.source else Path.cwd()) / path

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
        config = Config.model_validate({**data, "source": path})
    except ValidationError as exc:
        raise ConfigError(_describe(exc, path)) from None
    _check_holiday_names(config.calendar, str(path) if path else "config")
    return config


def _check_holiday_names(calendar: Calendar, where: str) -> None:
    """Each `[calendar.countries.XX]` names a country the holidays library has, and
    holidays it gives: a misspelt name would otherwise match nothing, silently."""
    if not calendar.countries:
        return
    from mailbot.domain.holidaynames import (
        NAME_YEARS,
        categories_of,
        known_country,
        misspelt,
    )

    for code, rules in calendar.countries.items():
        key = f"calendar.countries.{code}"
        if not known_country(code):
            raise ConfigError(
                f"{where}: key '{key}': expected an ISO 3166 country code the holidays "
                f"library has a calendar for, not {code!r}"
            )
        have = categories_of(code)
        if wrong_kinds := [c for c in rules.categories or () if c not in have]:
            raise ConfigError(
                f"{where}: key '{key}.categories': expected holiday categories the holidays "
                f"library has for {code} ({', '.join(sorted(have))}), not {wrong_kinds[0]!r}"
            )
        named = [(f"{key}.half_days.{n}", n) for n in rules.half_days or {}]
        named += [
            (f"{key}.worked_holidays[{i}]", n) for i, n in enumerate(rules.worked_holidays or [])
        ]
        wrong = misspelt(code, (n for _, n in named))
        for place, name in named:
            if name in wrong:
                close = wrong[name]
                hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
                raise ConfigError(
                    f"{where}: key '{place}': expected a holiday name of {code} as the "
                    f"holidays library gives it in {NAME_YEARS[0]}–{NAME_YEARS[-1]} (any "
                    f'category or subdivision, without "(observed)"), not {name!r}{hint}'
                )


def _describe(exc: ValidationError, path: Path | None) -> str:
    where = str(path) if path else "config"
    lines = []
    for err in exc.errors():
        key = _dotted(err["loc"])
        if err["type"] == "extra_forbidden":
            lines.append(f"{where}: unknown key '{key}'")
            continue
        got = err.get("input")
        secret = "password" in key or key.endswith("url")  # a value that may hold a secret
        shown = "" if isinstance(got, dict) or got is None or secret else f" (got {got!r})"
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: key '{key}': {msg}{shown}" if key else f"{where}: {msg}")
    return "\n".join(lines)


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
