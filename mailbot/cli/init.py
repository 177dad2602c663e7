"""`mailbot init [DIR]`: a starter config and the default templates, ready to edit."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from mailbot.errors import MailbotError
from mailbot.services.templates import PACKAGE_DIR

STARTER = resources.files("mailbot").joinpath("starter/mailbot.toml")
CONFIG_NAME = "mailbot.toml"


class WouldOverwrite(MailbotError):
    exit_code = 2


def planned_files(folder: Path) -> dict[Path, bytes]:
    """What init writes: the config, and every packaged template under templates/."""
    files = {folder / CONFIG_NAME: STARTER.read_bytes()}
    for path in sorted(PACKAGE_DIR.rglob("*.txt.j2")):
        files[folder / "templates" / path.relative_to(PACKAGE_DIR)] = path.read_bytes()
    return files


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite files that exist already.")
def init(folder: Path, force: bool) -> None:
    """Write a starter mailbot.toml and the default templates (all languages) into FOLDER."""
    files = planned_files(folder)
    existing = [p for p in files if p.exists()]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:3]) + (" …" if len(existing) > 3 else "")
        raise WouldOverwrite(
            f"{len(existing)} file(s) exist already: {shown}",
            "pass --force to overwrite them, or choose another folder",
        )
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    except OSError as exc:
        raise MailbotError(f"cannot write {exc.filename}: {exc.strerror}",
                           "choose a folder you may write to") from None  # fmt: skip
    config = folder / CONFIG_NAME
    click.echo(f"wrote {config} and {len(files) - 1} templates in {folder / 'templates'}/")
    steps = [
        f"edit {config}: the lines marked EDIT (company, mailbox, IMAP and SMTP)",
        "export MAILBOT_IMAP_PASSWORD and MAILBOT_SMTP_PASSWORD (or use password_file)",
        f"mailbot --config {config} doctor   (servers, DNS, database, templates)",
        f'mailbot --config {config} run      (mode "approve": nothing leaves unapproved)',
    ]
    click.echo("next:\n" + "\n".join(f"  {i}. {step}" for i, step in enumerate(steps, 1)))
