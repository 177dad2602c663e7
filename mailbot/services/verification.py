"""Lead verification: which addresses to check, gathering the facts, storing verdicts.

Runs after `mailbot sync`, the imports and each send cycle's sync (cycle.py) for
addresses never checked or whose check expired (`[verification].auto`), and on demand
(`mailbot verify`). 500 addresses at a time (after a first sync there are thousands,
and holding all their mail and verdicts at once grew the sync's memory with N): their
own mail is read for the websites it names and its signatures' phone countries; every
DNS question of the run goes through one `DnsProbe` (bounded, cached per domain); the
pure `leadcheck.judge` decides; the verdicts are saved with their time to live. After
a sync or an import with many addresses due, the reading, asking and judging run in a
second process beside the profile inference, and the verdicts are saved by this one
(aftersync.py, leadproc.py).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from mailbot.adapters.dns import DnsProbe
from mailbot.domain.leadcheck import Answer, LeadFacts, LeadVerdict, MailDomain, judge, needs_dns
from mailbot.domain.leadclues import LeadAddress, named_websites, read_address
from mailbot.domain.parties import freemail_domains
from mailbot.domain.whereabouts import SIGNATURE_PHONE, own_numbers_in, phone_evidence
from mailbot.errors import ConfigError
from mailbot.store.leads import CHUNK, due_addresses, save_checks
from mailbot.store.models import Message

if TYPE_CHECKING:  # not imported at run time: the lead check's process (leadproc.py) has no
    from mailbot.config import Config  # pydantic, ~11 MB of its RSS

log = structlog.get_logger("mailbot.verification")
PER_ADDRESS = 8  # newest mails read per address: a signature repeats in all of them
SITES = 3  # websites named in their mail that are looked up, first named first
OWN_SIGNATURES = 1000  # our recent outbound signatures: our numbers are no evidence


@dataclass
class Clues:
    """What an address's own mail says: websites named, countries of signature phones."""

    sites: list[str] = field(default_factory=list)
    phones: set[str] = field(default_factory=set)


@dataclass
class CheckRun:
    verdicts: list[LeadVerdict] = field(default_factory=list)  # only if asked to keep them
    checked: int = 0
    counts: Counter[str] = field(default_factory=Counter)  # verdict → addresses
    queries: int = 0  # DNS questions sent
    seconds: float = 0.0

    def line(self) -> str:
        """What the run found, in one line (sync, imports, `verify`, `run --once`)."""
        if not self.checked:
            return "leads: nothing to check"
        counts = ", ".join(f"{n} {verdict}" for verdict, n in sorted(self.counts.items()))
        return (f"leads: {self.checked} checked: {counts} "
                f"({self.queries} DNS questions, {self.seconds:.1f} s)")  # fmt: skip


def check_due(session: Session, config: Config, now: datetime) -> CheckRun:
    """Check every customer address that is new or whose check has expired. Only the
    counts come back: after a first sync there are thousands of verdicts."""
    due = due_addresses(session, now)
    if not due:  # the usual case in a daemon's cycle: no event loop, no log line
        return CheckRun()
    return check_addresses(session, config, due, now, keep=False)


def check_addresses(
    session: Session, config: Config, addresses: Sequence[str], now: datetime, keep: bool = True
) -> CheckRun:
    """Check these addresses now (whatever their last check) and save the verdicts, CHUNK
    at a time; `keep`: return them too, in the order asked (else only their counts)."""
    started = time.perf_counter()
    run = CheckRun()

    def save(verdicts: list[LeadVerdict]) -> None:
        save_verdicts(session, config, verdicts, now, run, keep)

    run.queries = judge_addresses(session, config, addresses, save)
    run.seconds = time.perf_counter() - started
    log_run(run)
    return run


def judge_addresses(
    session: Session,
    config: Config,
    addresses: Sequence[str],
    done: Callable[[list[LeadVerdict]], None],
) -> int:
    """Read, ask and judge, CHUNK addresses at a time, each chunk's verdicts to `done`
    (saved, or sent to the process that saves them: leadproc.py); the DNS questions asked."""
    return asyncio.run(_check_chunks(session, config, addresses, done))


def log_run(run: CheckRun) -> None:
    log.info("leads_checked", addresses=run.checked, queries=run.queries,
             seconds=round(run.seconds, 2), **run.counts)  # fmt: skip


async def _check_chunks(
    session: Session,
    config: Config,
    addresses: Sequence[str],
    done: Callable[[list[LeadVerdict]], None],
) -> int:
    """One event loop for the whole run, so one probe (its tasks are the loop's) caches
    every domain's answers across the chunks. The next chunk's questions are asked before
    this chunk is saved: a slow domain at a chunk's end does not hold up the next."""
    probe = DnsProbe(config.verification)
    disposable = disposable_domains(config)
    own = _own_numbers(session) if addresses else frozenset()
    asked: asyncio.Future[list[LeadFacts]] | None = None
    for start in [*range(0, len(addresses), CHUNK), len(addresses)]:
        read = [read_address(a) for a in addresses[start : start + CHUNK]]
        emails = [a.email for a in read if not a.error]
        clues = gather_clues(session, emails, config.own_domains, own) if read else {}
        previous, asked = asked, asyncio.ensure_future(_probe(probe, read, clues, disposable))
        if previous is not None:
            done([judge(f, disposable) for f in await previous])
    if asked is not None:
        await asked  # the empty tail
    return probe.queries


def save_verdicts(
    session: Session,
    config: Config,
    verdicts: list[LeadVerdict],
    now: datetime,
    run: CheckRun,
    keep: bool = False,
) -> None:
    """Save one chunk's verdicts and let go of their rows (memory stays flat over N)."""
    s = config.verification
    session.flush()  # the caller's own pending rows are theirs to keep, not expunged below
    held = {id(obj) for obj in session.identity_map.values()}
    save_checks(session, verdicts, now, timedelta(days=s.valid_days),
                timedelta(hours=s.unknown_hours))  # fmt: skip
    for obj in list(session.identity_map.values()):
        if id(obj) not in held:
            session.expunge(obj)
    run.checked += len(verdicts)
    run.counts.update(v.verdict for v in verdicts)
    if keep:
        run.verdicts += verdicts


async def _probe(
    probe: DnsProbe,
    read: list[LeadAddress],
    clues: dict[str, Clues],
    disposable: frozenset[str],
) -> list[LeadFacts]:
    """Every address's DNS facts, concurrently through the run's probe (one cache)."""
    free = freemail_domains()

    async def one(address: LeadAddress) -> LeadFacts:
        mine = clues.get(address.email, Clues())
        phones = frozenset(mine.phones)
        if not needs_dns(address, disposable):
            return LeadFacts(address, phone_countries=phones)
        mail: MailDomain
        mail, *sites = await asyncio.gather(
            probe.mail_domain(address.domain, website=address.domain not in free),
            *(probe.address(host) for host in mine.sites),
        )
        answers: dict[str, Answer] = dict(zip(mine.sites, sites, strict=True))
        return LeadFacts(address, mail, answers, phones)

    return list(await asyncio.gather(*map(one, read)))


def gather_clues(
    session: Session,
    emails: Sequence[str],
    own_domains: Iterable[str] = (),
    own: frozenset[str] | None = None,
) -> dict[str, Clues]:
    """Websites and phone countries in each address's newest human mail to us.
    `own`: our staff's phone numbers, if already read."""
    ignore = frozenset(own_domains) | frozenset(freemail_domains())
    if own is None:
        own = _own_numbers(session) if emails else frozenset()
    texts: dict[str, list[str]] = defaultdict(list)
    clues: dict[str, Clues] = defaultdict(Clues)
    for start in range(0, len(emails), CHUNK):
        for sender, text, signature in session.execute(_their_mail(emails[start : start + CHUNK])):
            texts[sender] += [text or "", signature or ""]
            for e in phone_evidence(signature or "", SIGNATURE_PHONE, own):
                if e.field == "country":
                    clues[sender].phones.add(e.value)
    for sender, found in texts.items():
        clues[sender].sites = named_websites(found, ignore)[:SITES]
    return dict(clues)


def _their_mail(emails: Sequence[str]) -> Select[Any]:
    rank = func.row_number().over(partition_by=Message.from_email, order_by=Message.id.desc())
    ranked = (
        select(Message.from_email, Message.text, Message.signature, rank.label("rank"))
        .where(Message.from_email.in_(emails), Message.direction == "in")
        .where(Message.kind == "human")
        .subquery()
    )
    return select(ranked.c.from_email, ranked.c.text, ranked.c.signature).where(
        ranked.c.rank <= PER_ADDRESS
    )


def _own_numbers(session: Session) -> frozenset[str]:
    recent = select(Message.signature).where(Message.direction == "out", Message.signature != "")
    return own_numbers_in(set(session.scalars(recent.order_by(Message.id.desc()).limit(
        OWN_SIGNATURES))))  # fmt: skip


def disposable_domains(config: Config) -> frozenset[str]:
    """The packaged list (disposable-email-domains), plus `disposable_file`, minus
    `not_disposable`. Upgrading the package or editing the file refreshes it."""
    extra = _read_list(config.disposable_file(), config.source)
    return (_packaged() | extra) - frozenset(config.verification.not_disposable)


@cache
def _packaged() -> frozenset[str]:
    from disposable_email_domains import blocklist  # 10k names: loaded when first needed

    return frozenset(blocklist)


def _read_list(path: Path | None, source: Path | None) -> frozenset[str]:
    """One domain a line, `#` comments: the format of the list's upstream file."""
    if path is None:
        return frozenset()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{source or 'config'}: key 'verification.disposable_file': cannot read {path}: "
            f"{getattr(exc, 'strerror', None) or exc}",
            "fix the path, or remove the key to use the packaged list only",
        ) from None
    rows = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(row for row in rows if row)
