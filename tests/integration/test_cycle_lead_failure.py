"""A lead check that fails for a reason other than the config: the cycle goes on."""

from __future__ import annotations

import pytest

from mailbot.config import parse_config
from mailbot.services import aftersync
from mailbot.services.cycle import Cycle
from tests.integration.cyclerig import Rig, due_moment, quiet_customer, settings
from tests.rig import dns as rig


def test_a_lead_check_that_crashes_is_one_held_line_and_the_follow_up_still_goes(
    mailbox, smtp, dns_server, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cycle.check_leads' promise: anything but a config error is one held line and a
    `lead_check_failed` log line; the unchecked address is mailed as a valid one would be
    (the gate's rule for no verdict). The crash is staged in the check itself: the real
    resolver is never this broken, which is the point of the guard."""
    customer = f"hans@{rig.GOOD_DOMAIN}"
    quiet_customer(mailbox, to=customer)
    rig_ = Rig(mailbox, smtp, tmp_path)
    now = due_moment(rig_)
    data = settings(mailbox, smtp, tmp_path, "live")
    data["verification"] = {"nameservers": [dns_server.host], "port": dns_server.port,
                            "auto": True}  # fmt: skip
    config = parse_config(data, tmp_path / "mailbot.toml")

    def crashed(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the resolver's event loop died")

    monkeypatch.setattr(aftersync, "check_addresses", crashed)  # the check in this process
    summary = Cycle(config, rig_.sessions, now).run(config.mailboxes)
    [held] = summary.held
    assert held.startswith("leads not checked: RuntimeError: the resolver's event loop died")
    assert "mailed as valid until a later cycle checks them" in held
    assert summary.leads is None
    assert len(summary.sent) == 1
    assert [m.rcpt_tos for m in smtp.messages] == [[customer]]
