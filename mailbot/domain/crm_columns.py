"""Customer CSV layouts as data: which header feeds which profile field.

Fields are the generic layout's column names. A field lists its sources in order;
the first non-empty one wins. A source is a header, or a tuple of headers whose
values are joined with a space (Zoho's First Name + Last Name). Headers match
case-insensitively. Zoho's Rating and Account Type are deliberately not mapped:
their values mean whatever each CRM admin decided, not mailbot's tiers.

`lenient` fields are free text in that CRM (Zoho's State is typed by hand: "Dubai",
"Bavaria"): a value that is not a known code or name is skipped with a warning
instead of failing the file. The generic layout is strict throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Source = str | tuple[str, ...]

GENERIC_COLUMNS = (
    "email", "name", "company", "domain", "country", "subdivision", "timezone", "languages",
    "tier", "stage", "birthday", "first_purchase", "last_order", "order_count", "phone",
    "whatsapp", "company_phone", "website", "notes", "opt_out",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    fields: dict[str, tuple[Source, ...]]
    lenient: frozenset[str] = field(default=frozenset())

    def headers(self) -> set[str]:
        out: set[str] = set()
        for sources in self.fields.values():
            for s in sources:
                out.update(fold(h) for h in ((s,) if isinstance(s, str) else s))
        return out


GENERIC = Layout("generic", {c: (c,) for c in GENERIC_COLUMNS})

ZOHO_CONTACTS = Layout(
    "zoho-contacts",
    {
        "email": ("Email",),
        "secondary_email": ("Secondary Email",),
        "name": (("First Name", "Last Name"), "Full Name"),
        "company": ("Account Name",),
        "country": ("Mailing Country",),
        "subdivision": ("Mailing State",),
        "phone": ("Phone", "Mobile"),
        "birthday": ("Date of Birth",),
        "notes": ("Description",),
        "opt_out": ("Email Opt Out",),
    },
    lenient=frozenset({"subdivision"}),
)

ZOHO_ACCOUNTS = Layout(
    "zoho-accounts",
    {
        "company": ("Account Name",),
        "website": ("Website",),
        "country": ("Billing Country",),
        "subdivision": ("Billing State",),
        "company_phone": ("Phone",),
        "notes": ("Description",),
    },
    lenient=frozenset({"subdivision"}),
)


def fold(header: str) -> str:
    """Header comparison key: case and runs of spaces do not matter."""
    return " ".join(header.split()).casefold()


LAYOUTS = {layout.name: layout for layout in (GENERIC, ZOHO_CONTACTS, ZOHO_ACCOUNTS)}


def detect_layout(headers: list[str]) -> Layout | None:
    """The layout a header row belongs to, or None when it is none of ours."""
    have = {fold(h) for h in headers}
    if "email" in have and ("last name" in have or "mailing country" in have):
        return ZOHO_CONTACTS
    if "account name" in have and ("billing country" in have or "website" in have):
        return ZOHO_ACCOUNTS
    if have & {"email", "domain", "website"}:
        return GENERIC
    return None
