"""`mailbot import customers` / `export customers` as a user runs them: a real process."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

DATA = Path(__file__).parents[1] / "data" / "crm"


@pytest.fixture
def cfg(tmp_path):
    path = tmp_path / "mailbot.toml"
    path.write_text("[company]\nown_domains = ['gmuv-lighting.cn']\n[verification]\nauto = false\n")
    return path


def mailbot(cfg: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mailbot", "--config", str(cfg), *args],
        capture_output=True, text=True, timeout=120, env=dict(os.environ),
    )  # fmt: skip


def exported(cfg: Path) -> list[dict[str, str]]:
    done = mailbot(cfg, "export", "customers")
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def test_import_generic_file_then_export_shows_it(cfg):
    """An Excel-saved (BOM) file imports; the export carries every value back."""
    done = mailbot(cfg, "import", "customers", str(DATA / "generic.csv"))
    assert done.returncode == 0, done.stderr
    assert "customers 7 created, 0 updated, 0 unchanged" in done.stdout
    assert "contacts 7 created" in done.stdout and "1 opted-out address(es)" in done.stdout
    rows = {r["email"] or r["domain"]: r for r in exported(cfg)}
    hans = rows["hans.mueller@acme-lighting.de"]
    assert (hans["country"], hans["subdivision"], hans["languages"]) == ("DE", "DE-BY", "de,en")
    assert (hans["birthday"], hans["phone"], hans["tier"]) == ("1975-04-12", "+49891234567", "vip")
    assert rows["wang.wei@shenzhou-uv.com.cn"]["company"] == "深圳神州紫外科技有限公司"
    assert rows["isik-aydinlatma.com.tr"]["email"] == ""
    assert rows["unsubscribed.buyer@brightway.co.uk"]["opt_out"] == "yes"


def test_bad_file_names_every_problem_and_imports_nothing(cfg):
    done = mailbot(cfg, "import", "customers", str(DATA / "generic_errors.csv"))
    assert done.returncode == 2
    assert "row 3, column 'country': unknown country 'Germny'" in done.stderr
    assert "row 5, column 'birthday': ambiguous date '03/04/1980'" in done.stderr
    assert "9 problem(s), nothing imported" in done.stderr
    assert "Traceback" not in done.stderr
    assert exported(cfg) == []  # not even the valid first row


def test_dry_run_stores_nothing(cfg):
    done = mailbot(cfg, "import", "customers", "--dry-run", str(DATA / "generic.csv"))
    assert done.returncode == 0, done.stderr
    assert "customers 7 created" in done.stdout and "dry run: nothing stored" in done.stdout
    assert exported(cfg) == []


def test_zoho_exports_detected_and_combined(cfg):
    accounts = mailbot(cfg, "import", "customers", str(DATA / "zoho_accounts.csv"))
    assert accounts.returncode == 0, accounts.stderr
    assert "(zoho-accounts)" in accounts.stdout
    assert "Rating" in accounts.stderr and "unknown subdivision 'Dubai'" in accounts.stderr
    contacts = mailbot(cfg, "import", "customers", "--layout", "zoho-contacts",
                       "--date-format", "mdy", str(DATA / "zoho_contacts.csv"))  # fmt: skip
    assert contacts.returncode == 0, contacts.stderr
    assert "customers 3 created, 1 updated" in contacts.stdout
    rows = {r["email"] or r["domain"]: r for r in exported(cfg)}
    assert rows["rajesh@surya-lighting.in"]["company_phone"] == "+912223456700"
    assert rows["rajesh@surya-lighting.in"]["birthday"] == "1979-08-23"
    assert rows["sunshine-importers.com"]["tier"] == ""


def test_export_file_reimports_without_change(cfg, tmp_path):
    """export → import of that file: nothing created or updated, the next export identical."""
    for name in ("generic.csv", "zoho_accounts.csv", "excel_semicolon.csv"):
        assert mailbot(cfg, "import", "customers", str(DATA / name)).returncode == 0
    out = tmp_path / "customers.csv"
    done = mailbot(cfg, "export", "customers", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbfemail,name,company,domain,")
    first = out.read_bytes()
    again = mailbot(cfg, "import", "customers", str(out))
    assert again.returncode == 0, again.stderr
    assert "0 created, 0 updated" in again.stdout
    assert "contacts 0 created, 0 updated, 9 unchanged" in again.stdout
    mailbot(cfg, "export", "customers", str(out))
    assert out.read_bytes() == first


def test_file_that_is_not_utf8(cfg, tmp_path):
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("email,name\nfrancois@lumiere.fr,Fran\xe7ois\n".encode("latin-1"))
    done = mailbot(cfg, "import", "customers", str(bad))
    assert done.returncode == 2
    assert "not UTF-8" in done.stderr and "CSV UTF-8" in done.stderr
