"""Mail templates on disk: find, load, render and check them (the file edge).

Layout: `<lang>/<kind>/<name>.txt.j2`, e.g. `de/followup/gentle_reminder.txt.j2`.
The canonical set ships inside the package (`mailbot/templates/`); a `templates/`
folder beside the config file overrides it file by file (and may add languages,
kinds and names). Each file defines the blocks `subject` and `text`, optionally
`html`. The customer's languages are tried in order, then English.

Rendering is Jinja2's `SandboxedEnvironment` with `StrictUndefined`: a misspelt
variable is an error, never an empty string. Autoescaping is on for the `html`
block only (it is rendered by a second environment over the same files). Context
values are data: Jinja never evaluates a value as template source. The subject is
one line whatever the values hold. Every Jinja error becomes a `TemplateError`
naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import FileSystemLoader, StrictUndefined, Template, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from mailbot.config import Config
from mailbot.domain.mailcontext import one_line
from mailbot.errors import MailbotError

PACKAGE_DIR = Path(str(resources.files("mailbot").joinpath("templates")))
SUFFIX = ".txt.j2"
FALLBACK = "en"
KINDS = ("followup", "greeting", "care")
REQUIRED_BLOCKS = ("subject", "text")
_LANG = re.compile(r"[a-z]{2,3}")
_NAME = re.compile(r"[a-z0-9_]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


class TemplateError(MailbotError):
    """A template that cannot be found, parsed or rendered; names file and line."""

    exit_code = 2

    def __init__(self, message: str, file: str = "", line: int | None = None, hint: str = ""):
        super().__init__(message, hint)
        self.message, self.file, self.line = message, file, line

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else ""
        where = where or (f"{self.file}: " if self.file else "")
        return where + super().__str__()


class Rendered(NamedTuple):
    subject: str  # one line, no control characters
    text: str  # ends with one newline
    html: str | None
    language_used: str
    file: str  # the file rendered (override or packaged)


class TemplateFile(NamedTuple):
    language: str
    name: str  # "followup/gentle_reminder"
    path: Path


class Problem(NamedTuple):
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.message}"
            if self.line
            else (f"{self.file}: {self.message}")
        )


class Templates:
    """The effective template set: `override` (if any) file by file over the package's."""

    def __init__(self, override: Path | None = None, package: Path = PACKAGE_DIR) -> None:
        self.dirs = [d for d in (override, package) if d is not None]
        loader = FileSystemLoader([str(d) for d in self.dirs])
        options: dict[str, Any] = {
            "loader": loader, "undefined": StrictUndefined, "trim_blocks": True,
            "lstrip_blocks": True, "keep_trailing_newline": False,
        }  # fmt: skip
        self._text = SandboxedEnvironment(autoescape=False, **options)
        self._html = SandboxedEnvironment(autoescape=True, **options)
        self._files: list[TemplateFile] | None = None

    @classmethod
    def for_config(cls, config: Config, override: Path | None = None) -> Templates:
        """`override`, else `templates/` beside the config file (when it exists)."""
        if override is None and config.source is not None:
            beside = config.source.parent / "templates"
            override = beside if beside.is_dir() else None
        return cls(override)

    # -- what exists ----------------------------------------------------------------

    def files(self) -> list[TemplateFile]:
        """Every template file in effect, an override shadowing the packaged file.

        Listed once per instance: build a new `Templates` to see added files (the
        daemon should, each cycle); edits to existing files are seen at once.
        """
        if self._files is None:
            found: dict[tuple[str, str], TemplateFile] = {}
            for folder in reversed(self.dirs):
                for path in _j2_files(folder):
                    key = _layout(path.relative_to(folder))
                    if key:
                        found[key] = TemplateFile(key[0], key[1], path)
            self._files = sorted(found.values())
        return self._files

    def strays(self) -> list[Path]:
        """`.j2` files outside the layout: they would be silently ignored."""
        return [p for d in self.dirs for p in _j2_files(d) if not _layout(p.relative_to(d))]

    def languages(self, name: str) -> list[str]:
        return sorted({f.language for f in self.files() if f.name == name})

    def resolve(self, name: str) -> str:
        """`kind/name` as given, or the kind of a bare name ("last_try" → "followup/…")."""
        if "/" in name:
            return name
        kinds = sorted({f.name for f in self.files() if f.name.split("/", 1)[1] == name})
        if len(kinds) == 1:
            return kinds[0]
        known = ", ".join(sorted({f.name for f in self.files()}))
        what = "is ambiguous" if kinds else "is no template"
        raise TemplateError(f"{name!r} {what}", hint=f"templates: {known}")

    def choose(self, name: str, languages: str | Sequence[str]) -> str:
        """The first of `languages` (then English) that has a file for `name`."""
        have = set(self.languages(name))
        wanted = [languages] if isinstance(languages, str) else list(languages)
        for lang in [*(primary_language(x) for x in wanted), FALLBACK]:
            if lang in have:
                return lang
        raise TemplateError(
            f"no template {name} in {', '.join(wanted) or FALLBACK} or {FALLBACK}",
            hint="looked in " + ", ".join(str(d) for d in self.dirs),
        )

    # -- rendering ------------------------------------------------------------------

    def render(
        self, name: str, languages: str | Sequence[str], context: Mapping[str, Any]
    ) -> Rendered:
        """`name` ("followup/last_try") in the customer's first available language."""
        name = self.resolve(name)
        lang = self.choose(name, languages)
        source = f"{lang}/{name}{SUFFIX}"
        text_t = _load(self._text, source)
        file = text_t.filename or source
        for block in REQUIRED_BLOCKS:
            if block not in text_t.blocks:
                raise TemplateError(f"no {{% block {block} %}} in the file", file, 1)
        subject = one_line(_block(text_t, "subject", context))
        text = tidy_text(_block(text_t, "text", context))
        html = None
        if "html" in text_t.blocks:
            html = _block(_load(self._html, source), "html", context).strip() + "\n"
        return Rendered(subject, text, html, lang, file)

    def check(self, contexts: Callable[[str], Iterable[Mapping[str, Any]]]) -> list[Problem]:
        """Every file parsed and rendered with each of `contexts(language)`; the problems."""
        problems = [Problem(str(p), None, f"ignored: not <lang>/<kind>/<name>{SUFFIX}")
                    for p in self.strays()]  # fmt: skip
        for f in self.files():
            for context in contexts(f.language):
                try:
                    self.render(f.name, f.language, context)
                except TemplateError as exc:
                    problems.append(Problem(exc.file or str(f.path), exc.line, exc.message))
                    break  # one problem per file: the first is the one to fix
        return problems


def check_config_templates(config: Config, templates: Templates) -> list[Problem]:
    """Every follow-up stage and care step in the config names a template that exists
    in English, and so does every greeting kind that is switched on."""
    english = {f.name for f in templates.files() if f.language == FALLBACK}
    where = str(config.source or "config")
    named = [(f"tiers.{tier.name}.followups[{i}].template", f"followup/{stage.template}")
             for tier in config.tiers for i, stage in enumerate(tier.followups)]  # fmt: skip
    named += [(f"care.steps[{i}].template", f"care/{step.template}")
              for i, step in enumerate(config.care.steps) if config.care.enabled]  # fmt: skip
    g = config.greetings
    named += [(f"greetings.{switch}", f"greeting/{kind}")
              for switch, kind, on in (("holidays", "holiday", g.holidays),
                                       ("birthdays", "birthday", g.birthdays),
                                       ("anniversaries", "anniversary", g.anniversaries))
              if g.enabled and on]  # fmt: skip
    return [
        Problem(where, None, f"{key}: no template {name} in {FALLBACK} (the fallback language)")
        for key, name in named
        if name not in english
    ]


@lru_cache(maxsize=1)
def packaged() -> Templates:
    return Templates()


def render(
    kind_name: str,
    language: str | Sequence[str],
    context: Mapping[str, Any],
    templates: Templates | None = None,
) -> Rendered:
    """Render `kind_name` from `templates` (default: the packaged set)."""
    return (templates or packaged()).render(kind_name, language, context)


def primary_language(tag: str) -> str:
    """ "pt-BR" → "pt", "DE" → "de"."""
    return re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]


def tidy_text(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
    return _BLANK_RUNS.sub("\n\n", lines).strip("\n") + "\n"


# -- Jinja at the edge: its errors become ours, with file and line ------------------


def _j2_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.j2")) if folder.is_dir() else []


def _layout(rel: Path) -> tuple[str, str] | None:
    parts = rel.parts
    if len(parts) != 3 or not parts[2].endswith(SUFFIX):
        return None
    lang, kind, stem = parts[0], parts[1], parts[2].removesuffix(SUFFIX)
    if not (_LANG.fullmatch(lang) and _NAME.fullmatch(kind) and _NAME.fullmatch(stem)):
        return None
    return lang, f"{kind}/{stem}"


def _load(env: SandboxedEnvironment, source: str) -> Template:
    try:
        return env.get_template(source)
    except TemplateSyntaxError as exc:
        raise TemplateError(exc.message or str(exc), exc.filename or source, exc.lineno) from None


def _block(template: Template, block: str, context: Mapping[str, Any]) -> str:
    try:
        try:
            return "".join(template.blocks[block](template.new_context(dict(context))))
        except Exception:
            template.environment.handle_exception()  # re-raised with template line numbers
    except TemplateSyntaxError as exc:  # e.g. a broken {% include %}d file
        raise TemplateError(exc.message or str(exc), exc.filename or "", exc.lineno) from None
    except Exception as exc:
        file = template.filename or template.name or ""
        raise TemplateError(_describe(exc), file, _template_line(exc, file)) from None


def _describe(exc: Exception) -> str:
    if isinstance(exc, UndefinedError):
        return f"undefined variable: {exc}"
    return f"{type(exc).__name__}: {exc}"


def _template_line(exc: BaseException, file: str) -> int | None:
    """The last traceback line inside the template file (Jinja rewrote it to the source's)."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == file:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
