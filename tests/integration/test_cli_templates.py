"""`mailbot check` and `mailbot preview` as a user runs them: a real process, real files."""

from __future__ import annotations

import shutil

import pytest

from mailbot.services.templates import PACKAGE_DIR
from tests.integration.clirun import mailbot
from tests.stores import db_url, fingerprint

pytestmark = pytest.mark.integration
AT = "2026-11-20T16:05Z"  # one day after the sample mailbox's last message


@pytest.fixture(scope="module")
def demo(tmp_path_factory, module_store):
    folder = tmp_path_factory.mktemp("templates") / "demo"
    done = mailbot("demo", "--dir", str(folder))
    assert done.returncode == 0, done.stderr
    return folder / "mailbot.toml"


def test_check_passes_on_the_shipped_set(demo):
    done = mailbot("--config", str(demo), "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok: config ") and "35 template files" in done.stdout


def test_check_names_file_and_line_of_each_broken_override(tmp_path):
    """A `templates/` folder beside the config overrides the package, and is checked."""
    config = tmp_path / "mailbot.toml"
    config.write_text('[company]\nname = "Guangming UV"\n')
    shutil.copytree(PACKAGE_DIR, tmp_path / "templates")
    undefined = tmp_path / "templates/de/followup/last_try.txt.j2"
    lines = undefined.read_text().splitlines()
    lines.insert(8, "{{ contcat_name }}")  # becomes line 9
    undefined.write_text("\n".join(lines) + "\n")
    broken = tmp_path / "templates/en/greeting/birthday.txt.j2"
    broken.write_text(broken.read_text().replace("{% endif %}", "{% endfi %}", 1))
    done = mailbot("--config", str(config), "check")
    assert done.returncode == 2
    out = done.stdout.splitlines()
    assert f"{undefined}:9: undefined variable: 'contcat_name' is undefined" in out
    assert any(line.startswith(f"{broken}:") and "endfi" in line for line in out)
    assert len(out) == 2 and "2 problem(s)" in done.stderr


def test_check_with_an_explicit_templates_dir_and_a_bad_stage(tmp_path):
    """--templates DIR; a follow-up stage naming no template is a config problem."""
    config = tmp_path / "mailbot.toml"
    config.write_text('[[tiers]]\nname = "all"\nfollowups = [{ template = "big_discount" }]\n')
    (tmp_path / "mine").mkdir()
    done = mailbot("--config", str(config), "check", "--templates", str(tmp_path / "mine"))
    assert done.returncode == 2
    assert f"{config}: tiers.all.followups[0].template: no template followup/big_discount" in (
        done.stdout
    )


def test_check_stops_on_a_bad_config(tmp_path):
    config = tmp_path / "mailbot.toml"
    config.write_text("[company]\nnmae = 1\n")
    done = mailbot("--config", str(config), "check")
    assert done.returncode == 2 and "unknown key 'company.nmae'" in done.stderr


def test_preview_renders_a_follow_up_in_the_customers_language(demo):
    """Müller Lichttechnik writes German: the German file, their contact, our last date."""
    db = db_url(demo.parent / "mailbot.db")
    before = fingerprint(db)
    done = mailbot("--config", str(demo), "preview", "gentle_reminder",
                   "--customer", "mueller-lichttechnik.de", "--at", AT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Template: followup/gentle_reminder [de;" in out
    assert "\nFrom:     " in out and "@gmuv-lighting.cn>" in out
    assert "\nTo:       " in out and "@mueller-lichttechnik.de>" in out
    assert "\nSubject:  AW: " in out and "Europe/Berlin" in out
    text = out.split("--- text ---\n", 1)[1]
    assert text.startswith("Guten Tag ") and "Nachricht vom " in text and " 2026 " in text
    assert fingerprint(db) == before  # a preview writes nothing


def test_preview_of_an_offer_counts_from_the_send_moment(demo):
    done = mailbot("--config", str(demo), "preview", "followup/limited_offer",
                   "--customer", "hygiene-lumiere.fr", "--at", AT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "[fr;" in done.stdout and "d'ici le " in done.stdout


def test_preview_of_a_greeting_uses_the_next_occasion(demo):
    done = mailbot("--config", str(demo), "preview", "greeting/holiday",
                   "--customer", "hidrotec-iberia.es", "--at", AT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "[es;" in done.stdout and "feliz Navidad" in done.stdout
    assert "starts a new thread" in done.stdout


def test_preview_of_a_given_thread_and_bad_references(demo):
    ok = mailbot("--config", str(demo), "preview", "last_try", "--customer",
                 "saiaquasystems.in", "--thread", "17", "--at", AT)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "Thread:   #17 " in ok.stdout and "Advance payment" in ok.stdout
    foreign = mailbot("--config", str(demo), "preview", "last_try", "--customer",
                      "saiaquasystems.in", "--thread", "1", "--at", AT)  # fmt: skip
    assert foreign.returncode == 1 and "thread #1 is not one of saiaquasystems.in's" in (
        foreign.stderr
    )
    nobody = mailbot("--config", str(demo), "preview", "last_try", "--customer", "nobody.example")
    assert nobody.returncode == 1 and "no customer matches" in nobody.stderr
    unknown = mailbot("--config", str(demo), "preview", "big_discount", "--customer",
                      "saiaquasystems.in")  # fmt: skip
    assert unknown.returncode == 2 and "'big_discount' is no template" in unknown.stderr
