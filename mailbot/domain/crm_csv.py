"""A customer CSV → a plan: each customer once, with the values to set and its contacts.

Pure and all-or-nothing: `read_customers` reports every problem it finds, each
naming its row and column, next to the plan; the caller stores nothing while
there is any. Rows are numbered as a spreadsheet shows them (the header is row 1).
An empty cell means "nothing said here", never "clear the stored value".

A row with an email is a contact (its customer follows mailbot's rule: the
corporate domain, or the free-mail address itself); a row without one is a
company, keyed by its `domain` or `website`. Rows naming the same customer must
agree; differing notes are kept side by side.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from mailbot.domain import crm_values as v
from mailbot.domain.crm_columns import GENERIC_COLUMNS, LAYOUTS, Layout, detect_layout, fold
from mailbot.domain.message import Address
from mailbot.domain.parties import CustomerIdentity, Us, is_freemail

CONTACT_FIELDS = ("name", "birthday", "phone", "whatsapp")
# Column (generic name) → Customer attribute.
CUSTOMER_FIELDS = {
    "company": "name", "country": "country", "subdivision": "subdivision",
    "timezone": "timezone", "languages": "languages", "tier": "tier", "stage": "stage",
    "first_purchase": "first_purchase", "last_order": "last_order",
    "order_count": "order_count", "company_phone": "phone", "website": "website",
    "notes": "notes",
}  # fmt: skip
KEY_FIELDS = ("email", "secondary_email", "domain", "website")


@dataclass(frozen=True, slots=True)
class Problem:
    row: int
    column: str  # the header as written in the file; "" for the whole row
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}, column {self.column!r}" if self.column else f"row {self.row}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Rules:
    us: Us
    tiers: tuple[str, ...]
    date_order: str | None = None  # "dmy" / "mdy" for slash dates; None: only unambiguous


@dataclass
class ContactPlan:
    email: str
    fields: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # field → the row it came from
    opt_out_row: int | None = None  # the row that said "opted out", if any


@dataclass
class CustomerPlan:
    key: str
    kind: str
    fields: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    contacts: dict[str, ContactPlan] = field(default_factory=dict)


@dataclass
class CustomerFile:
    layout: str
    customers: dict[str, CustomerPlan]
    problems: list[Problem]
    warnings: list[str]


def read_customers(text: str, layout_name: str, rules: Rules) -> CustomerFile:
    """Parse and validate a whole file (see the module docstring)."""
    out = CustomerFile("", {}, [], [])
    try:
        header, rows = _table(text)
    except csv.Error as exc:
        out.problems.append(Problem(1, "", f"not readable as CSV: {exc}"))
        return out
    layout = _layout(header, layout_name, out)
    if layout is None:
        return out
    index = _index(header, layout, out)
    for number, row in enumerate(rows, start=2):
        if any(cell.strip() for cell in row):
            if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
                out.problems.append(
                    Problem(number, "", f"{len(row)} cells but the header has {len(header)}")
                )
                continue
            _Row(number, _cells(layout, index, row), rules, out, layout.lenient).read()
    return out


def _table(text: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows; the delimiter (Excel writes ';' in many locales) from the header."""
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    return (table[0], table[1:]) if table else ([], [])


def _layout(header: list[str], name: str, out: CustomerFile) -> Layout | None:
    if not any(h.strip() for h in header):
        out.problems.append(Problem(1, "", "no header row: the first row must name the columns"))
        return None
    layout = detect_layout(header) if name == "auto" else LAYOUTS[name]
    if layout is None:
        out.problems.append(
            Problem(1, "", "cannot tell the layout from the header: pass --layout "
                    + "|".join(LAYOUTS) + f" (generic columns: {', '.join(GENERIC_COLUMNS)})")
        )  # fmt: skip
        return None
    out.layout = layout.name
    return layout


def _index(header: list[str], layout: Layout, out: CustomerFile) -> dict[str, tuple[int, str]]:
    """Folded header → (position, header as written); reports duplicates and extras."""
    index: dict[str, tuple[int, str]] = {}
    for pos, name in enumerate(header):
        key = fold(name)
        if key and key in index:
            out.problems.append(Problem(1, name, "this column appears twice"))
        elif key:
            index[key] = (pos, name.strip())
    unknown = [name for key, (_, name) in index.items() if key not in layout.headers()]
    if unknown:
        out.warnings.append(f"columns not imported ({layout.name} layout): {', '.join(unknown)}")
    keys = [s for f in KEY_FIELDS for s in layout.fields.get(f, ()) if isinstance(s, str)]
    if not any(fold(s) in index for s in keys):
        out.problems.append(
            Problem(1, "", f"none of the columns {', '.join(keys)}: nothing to match customers by")
        )
    return index


def _cells(
    layout: Layout, index: dict[str, tuple[int, str]], row: list[str]
) -> dict[str, tuple[str, str]]:
    """Field → (column, text) for each non-empty field; the first source with text wins."""
    out: dict[str, tuple[str, str]] = {}
    for name, sources in layout.fields.items():
        for source in sources:
            found = [index[fold(h)] for h in ((source,) if isinstance(source, str) else source)
                     if fold(h) in index]  # fmt: skip
            text = " ".join(filter(None, (_at(row, pos) for pos, _ in found)))
            if text:
                out[name] = (found[0][1], text)
                break
    if "email" not in out and "secondary_email" in out:
        out["email"] = out.pop("secondary_email")
    return out


def _at(row: list[str], pos: int) -> str:
    return row[pos].strip() if pos < len(row) else ""


class _Row:
    """One data row: convert its cells, find its customer, merge into the plan."""

    def __init__(
        self,
        number: int,
        cells: dict[str, tuple[str, str]],
        rules: Rules,
        out: CustomerFile,
        lenient: frozenset[str],
    ) -> None:
        self.number, self.cells, self.rules, self.out = number, cells, rules, out
        self.lenient = lenient
        self.values: dict[str, Any] = {}

    def problem(self, name: str, message: str) -> None:
        self.out.problems.append(Problem(self.number, self.cells[name][0], message))

    def read(self) -> None:
        self._convert()
        identity = self._identity()
        if identity is None:
            return
        plan = self.out.customers.setdefault(
            identity.key, CustomerPlan(identity.key, identity.kind)
        )
        for name, attr in CUSTOMER_FIELDS.items():
            if name in self.values:
                self._merge(plan.fields, plan.rows, attr, name, plan.key)
        if "email" in self.values:
            self._contact(plan, self.values["email"], CONTACT_FIELDS)
        elif present := [n for n in CONTACT_FIELDS if n in self.cells]:
            hint = {"name": "the company's name goes in 'company'",
                    "phone": "the company's phone goes in 'company_phone'"}  # fmt: skip
            for name in present:
                self.problem(name, "a contact's value needs an email in the same row"
                             + (f"; {hint[name]}" if name in hint else ""))  # fmt: skip
        if "secondary_email" in self.values:
            self._secondary(self.values["secondary_email"])

    def _convert(self) -> None:
        self._try("country", v.country)
        region = self.values.get("country")
        if "country" in self.cells and region is None:
            self.cells.pop("subdivision", None)  # its country is already reported as wrong
        converters = v.converters(self.rules.tiers, self.rules.date_order, region)
        for name in self.cells:
            if name != "country":
                self._try(name, converters[name])
        if "subdivision" in self.values:
            region, self.values["subdivision"] = self.values["subdivision"]
            self.values.setdefault("country", region)

    def _try(self, name: str, convert: Any) -> None:
        if name not in self.cells:
            return
        try:
            self.values[name] = convert(self.cells[name][1])
        except v.CellError as exc:
            if name in self.lenient:
                where = f"row {self.number}, column {self.cells[name][0]!r}"
                self.out.warnings.append(f"{where}: {exc}: not imported")
            else:
                self.problem(name, str(exc))

    def _identity(self) -> CustomerIdentity | None:
        if "email" in self.cells:
            return self._contact_identity() if "email" in self.values else None
        if "domain" in self.values:
            domain, name = self.values["domain"], "domain"
        elif "website" in self.values:
            domain, name = v.domain(self.values["website"]), "website"
        else:
            if not any(k in self.cells for k in KEY_FIELDS):
                self.out.warnings.append(
                    f"row {self.number}: skipped: no email, domain or website to match by"
                )
            return None
        if is_freemail(domain):
            self.problem(name, f"{domain} is free mail, not a company: give the person's email")
        elif self.rules.us.includes(Address(f"x@{domain}")):
            self.problem(name, f"{domain} is one of our own domains")
        else:
            return CustomerIdentity(domain, "company")
        return None

    def _contact_identity(self) -> CustomerIdentity | None:
        email = self.values["email"]
        identity = self.rules.us.customer_of(Address(email))
        if identity is None:
            self.problem("email", f"{email} is our own or an automated address, not a customer")
            return None
        domain = self.values.get("domain")
        if domain and domain not in (identity.key, email.rpartition("@")[2]):
            self.problem("domain", f"{domain!r} is not the domain of {email} ({identity.key})")
        return identity

    def _contact(self, plan: CustomerPlan, email: str, names: tuple[str, ...]) -> None:
        contact = plan.contacts.setdefault(email, ContactPlan(email))
        for name in names:
            if name in self.values:
                self._merge(contact.fields, contact.rows, name, name, email)
        if self.values.get("opt_out"):
            contact.opt_out_row = self.number

    def _secondary(self, email: str) -> None:
        identity = self.rules.us.customer_of(Address(email))
        if identity is None:
            self.problem("secondary_email", f"{email} is our own or an automated address")
            return
        plan = self.out.customers.setdefault(
            identity.key, CustomerPlan(identity.key, identity.kind)
        )
        self._contact(plan, email, ("name",))

    def _merge(
        self, fields: dict[str, Any], rows: dict[str, int], attr: str, name: str, who: str
    ) -> None:
        value, before = self.values[name], fields.get(attr)
        if before is None or before == value:
            fields[attr], rows[attr] = value, rows.get(attr, self.number)
        elif attr == "notes":
            fields[attr] = before if value in before.split("\n") else f"{before}\n{value}"
        else:
            self.problem(
                name,
                f"{v.show(value)!r} disagrees with row {rows[attr]} ({v.show(before)!r}) for {who}",
            )


def to_row(values: dict[str, Any]) -> list[str]:
    """One generic-layout row from column → value (what `mailbot export` writes)."""
    return [v.show(values.get(column)) for column in GENERIC_COLUMNS]
