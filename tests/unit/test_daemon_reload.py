"""The daemon's reload check (mailbot/services/reload.py): files on disk, no servers."""

from pathlib import Path

import pytest

from mailbot.errors import ConfigError
from mailbot.services.reload import load_checked, watched_files
from mailbot.services.templates import PACKAGE_DIR

TEMPLATE = "en/followup/gentle_reminder.txt.j2"


def setup(tmp_path: Path) -> tuple[Path, Path]:
    config = tmp_path / "mailbot.toml"
    config.write_text('[company]\nname = "Guangming UV"\n')
    edited = tmp_path / "templates" / TEMPLATE
    edited.parent.mkdir(parents=True)
    edited.write_text((PACKAGE_DIR / TEMPLATE).read_text().replace("Best regards", "Cheers"))
    (tmp_path / "work").mkdir()
    return config, edited


def test_good_templates_are_frozen_in_a_copy(tmp_path):
    config, edited = setup(tmp_path)
    loaded = load_checked(config, tmp_path / "work", 1)
    assert loaded.config.company.name == "Guangming UV"
    edited.write_text("{% block subject %}{{ broken")  # later edits do not reach it
    copy = loaded.templates.dirs[0] / TEMPLATE
    assert copy.is_relative_to(tmp_path / "work") and "Cheers" in copy.read_text()


def test_a_broken_template_names_the_edited_file_and_line(tmp_path):
    config, edited = setup(tmp_path)
    edited.write_text(edited.read_text().replace("{{ signature", "{{ signature |||"))
    with pytest.raises(ConfigError) as caught:
        load_checked(config, tmp_path / "work", 1)
    assert str(caught.value).startswith(f"{edited}:14: ")


def test_a_broken_config_is_refused(tmp_path):
    config, _ = setup(tmp_path)
    config.write_text("[company]\nname = 3\n[daemon]\nidle_minutes = 45\n")
    with pytest.raises(ConfigError, match="daemon.idle_minutes"):
        load_checked(config, tmp_path / "work", 1)


def test_watched_files_are_the_config_and_its_templates(tmp_path):
    config, edited = setup(tmp_path)
    assert set(watched_files(config)) == {str(config), str(edited)}
    gone = tmp_path / "elsewhere" / "mailbot.toml"
    assert watched_files(gone) == {str(gone): None}  # removed: a change, not a crash
