"""The command line's adaptation of Typer and Click: what cli.py's commands need from them and
Click does not do as `mops` wants.

- `run`: the app run as one command line in an Environment, every outcome one exit status and
  every error one line on its stderr (Click's own messages translated);
- `Group` and `Command`: help screens in the active language, the global options (--data,
  --lang) after the command too, the commands in the order cli.py defines them, the help
  screens written to the Environment's stdout; `ExportCommand`: `mops export`'s format options
  and its list of formats, from the export registry;
- the completions of units, channels, audiences and formats.

The Environment reaches the commands as the root context's object (run), which the root
callback replaces by the run's Session (which holds it): `environment(ctx)` finds it either way.
"""

from __future__ import annotations

import copy
import errno
import functools
import inspect
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from mops_cli import render
from mops_cli.errors import CorruptCache, ExitStatus, MopsError, UsageError
from mops_cli.i18n import N_, _, active
from mops_cli.session import Environment, Session

if TYPE_CHECKING:
    from mops_cli.export import Option

# The global options (--data, --lang) are accepted after the command too, as in gh, kubectl and
# git; where both are given, the later one wins (as a repeated option does).
GLOBAL_OPTIONS = ("--data", "--lang")
AFTER = "after_command_"  # the name prefix of their copies on each command
EXPORT_OPTIONS = "mops.export_options"  # ctx.meta: the values of the registry's options


def environment(ctx: typer.Context) -> Environment:
    """The run's environment (see the module's docstring)."""
    obj = ctx.find_root().obj
    if isinstance(obj, Session):
        return obj.env
    assert isinstance(obj, Environment), obj  # run() always gives one
    return obj


def session(ctx: typer.Context) -> Session:
    """The run's Session: the root's (--data before the command), or the command's own
    (--data after it)."""
    found = ctx.find_object(Session)
    assert found is not None  # the root callback always sets it
    return found


def check_language(lang: str | None) -> None:
    if lang is not None and lang.lower() not in ("pl", "en"):
        raise UsageError(_("unknown language {value!r} (use pl or en)").format(value=lang))


def _show_help(ctx: Any, _param: Any, value: Any) -> None:
    """--help: Click's, on the run's stdout."""
    if value and not ctx.resilient_parsing:
        render.help_screen(environment(ctx), ctx.get_help())
        ctx.exit()


class _Help:
    """Help screens in the active language, written to the run's stdout (Click's would go to
    the process's)."""

    def get_help(self, ctx: Any) -> str:
        return translate_help_screen(super().get_help(ctx))  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.callback = _show_help
        return option


class Command(_Help, TyperCommand):
    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        """The examples as written: lines of commands, not a paragraph to rewrap."""
        if self.epilog:
            formatter.write("\n" + self.epilog.rstrip() + "\n")

    def get_params(self, ctx: Any) -> list[Any]:
        """The command's own options, then the group's global ones it does not have itself
        (`validate --data` keeps its own, which means the same)."""
        params: list[Any] = super().get_params(ctx)
        group = ctx.parent.command if ctx.parent is not None else None
        taken = {opt for param in params for opt in param.opts}
        for param in getattr(group, "params", []):
            if param.opts[0] in GLOBAL_OPTIONS and not taken.intersection(param.opts):
                after = copy.copy(param)
                after.name = AFTER + param.name
                params.insert(-1, after)  # before --help
        return params

    def invoke(self, ctx: Any) -> Any:
        data = ctx.params.pop(AFTER + "data", None)
        lang = ctx.params.pop(AFTER + "lang", None)
        check_language(lang)  # run() already chose the language from the last --lang
        if data is not None:
            ctx.obj = Session(data, environment(ctx))
        return super().invoke(ctx)


class ExportCommand(Command):
    """`mops export`: the options of the formats (export.FORMATS) after its own, their values
    kept for `export_options`, and its FORMAT argument's help naming the registry's formats.
    The registry is imported only when `mops export` is parsed or its help shown."""

    def get_params(self, ctx: Any) -> list[Any]:
        from mops_cli.export import FORMAT_HELP, listing

        params = super().get_params(ctx)
        for param in params:
            if param.name == "format_name":
                param.help = _(FORMAT_HELP).format(formats=listing())
        own = len(self.params)  # before the global options and --help
        params[own:own] = _format_options(active())
        return params

    def invoke(self, ctx: Any) -> Any:
        from mops_cli.export import options

        ctx.meta[EXPORT_OPTIONS] = {
            option.name: ctx.params.pop(_python_name(option), None) for option in options()
        }
        return super().invoke(ctx)


def _python_name(option: Option) -> str:
    return "option_" + option.name.replace("-", "_")


@functools.cache
def _format_options(language: str) -> list[Any]:
    """The registry's options as Typer's, in `language`: built as Typer builds a command's
    options from its signature, once (Click tells its parameters apart by identity)."""
    from mops_cli.export import options

    parameters = [
        inspect.Parameter(
            _python_name(option),
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                option.type | None,
                typer.Option(
                    f"--{option.name}",
                    metavar=option.metavar,
                    help=_(option.help),
                    show_default=False,
                ),
            ],
        )
        for option in options()
    ]

    def declared(**values: object) -> None:  # pragma: no cover - never called
        pass

    declared.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    declared.__annotations__ = {p.name: p.annotation for p in parameters}
    holder = typer.Typer(add_completion=False)
    holder.command()(declared)
    params: list[Any] = typer.main.get_command(holder).params
    return params


def export_options(ctx: typer.Context) -> dict[str, object]:
    """The values of the registry's options given to `mops export` (None: not given)."""
    options: dict[str, object] = ctx.meta[EXPORT_OPTIONS]
    return options


class _WriteFailed(Exception):
    """A write to standard output failed: carried past Click, which would end an EPIPE with
    exit 1 and no word, to run(), which says so and exits 2."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class Group(_Help, TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno in WRITE_ERRORS:
                raise _WriteFailed(exc) from exc
            raise

    def list_commands(self, ctx: Any) -> list[str]:
        """In the order cli.py defines them (the questions of a call first), not A to Z."""
        return list(self.commands)


# -- completion -------------------------------------------------------------------------------


def complete_unit(ctx: typer.Context, incomplete: str) -> list[str]:
    """Unit ids and aliases that start with what has been typed (case- and accent-blind)."""
    data = ctx.params.get(AFTER + "data") or (ctx.parent.params.get("data") if ctx.parent else None)
    try:
        return Session(data, environment(ctx)).completions(incomplete)
    except MopsError:
        return []


def complete_channel(incomplete: str) -> list[str]:
    """The channels by the names of the interface's language, and as JSON names them."""
    from mops_cli.model import CHANNELS
    from mops_cli.present import channel_name

    names = dict.fromkeys([channel_name(c) for c in CHANNELS] + list(CHANNELS))
    return [c for c in names if c.startswith(incomplete)]


def complete_audience(ctx: typer.Context, incomplete: str) -> list[str]:
    """The audiences `--for` accepts that start with what has been typed."""
    from mops_cli import answers

    data = ctx.parent.params.get("data") if ctx.parent else None
    try:
        return answers.audience_completions(Session(data, environment(ctx)), incomplete)
    except MopsError:
        return []


def complete_format(incomplete: str) -> list[tuple[str, str]]:
    """The registry's formats, each with its summary (shells that show one, show it)."""
    from mops_cli.export import FORMATS

    return [(name, _(f.summary)) for name, f in FORMATS.items() if name.startswith(incomplete)]


# -- help screens and Click's messages, in the active language --------------------------------

# Click's own messages, as patterns, with the msgid each is shown through.
CLICK_MESSAGES = [
    (re.compile(r"No such command '(?P<name>.*)'\.$"), N_("No such command {name!r}.")),
    (re.compile(r"No such option: (?P<name>\S+?)(?:\. Did you mean (?P<ideas>.*)\?|"
                r" \(Possible options: (?P<possible>.*)\))?$"),
     N_("No such option: {name}")),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<value>.*)\)$"),
     N_("Got unexpected extra arguments ({value})")),
    (re.compile(r"Option '(?P<name>.*)' requires an argument\.$"),
     N_("Option {name!r} requires an argument.")),
    (re.compile(r"Missing argument '(?P<name>.*)'\.$"), N_("Missing argument {name!r}.")),
    (re.compile(r"Missing command\.$"), N_("Missing command.")),
    (re.compile(r"Invalid value for (?P<name>.*?): (?P<value>.*)$"),
     N_("Invalid value for {name}: {value}")),
]  # fmt: skip

# Words of the help screens that Click writes itself.
HELP_FRAME = [N_("Usage:"), N_("Options:"), N_("Commands:"), N_("Arguments:")]
HELP_PHRASES = [N_("Show this message and exit."), N_("[required]")]
COMPLETION_HELP = {
    "install_completion": N_("Install completion for the current shell."),
    "show_completion": N_(
        "Show completion for the current shell, to copy it or customize the installation."
    ),
}


def _language_option(argv: list[str]) -> str | None:
    """--lang before the command runs: the help screens are translated before parsing. The
    last valid one given wins, before or after the command (an invalid one is an error, said
    in the language asked for before it)."""
    chosen = None
    for index, word in enumerate(argv):
        if word == "--":
            break
        value = None
        if word == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif word.startswith("--lang="):
            value = word.split("=", 1)[1]
        if value is not None and value.lower() in ("pl", "en"):
            chosen = value
    return chosen


def _translate_help(command: Any) -> None:
    """Our help texts are msgids: show them in the active language, with Typer's own."""
    if command.help:
        command.help = _(command.help)
    if getattr(command, "short_help", None):
        command.short_help = _(command.short_help)
    if getattr(command, "epilog", None):
        command.epilog = _(command.epilog)
    for param in command.params:
        text = COMPLETION_HELP.get(param.name, getattr(param, "help", None))
        if text:
            param.help = _(text)
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub)


def _translate_click(message: str) -> str:
    for pattern, msgid in CLICK_MESSAGES:
        match = pattern.match(message)
        if match:
            return _(msgid).format(**match.groupdict())
    return message


def _plain_metavars(command: Any) -> None:
    """Typer shows an argument with Python's type ("QUERY <list[str]>"): noise to a reader,
    who sees the metavar alone."""
    for param in command.params:
        if param.param_type_name == "argument":
            param.display_type_rich = lambda ctx: None
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)


def translate_help_screen(text: str) -> str:
    """Click's frame of a help screen, in the active language."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        for word in HELP_FRAME:
            if line.startswith(word):
                lines[index] = _(word) + line[len(word) :]
    text = "\n".join(lines)
    for phrase in HELP_PHRASES:
        text = text.replace(phrase, _(phrase))
    return text


@functools.cache
def _command(app: typer.Typer, language: str) -> Any:
    """The app's Click command with its help in `language`, built once per process: building
    it costs more than an answer, and `mops ask`, the API and the tests answer many."""
    command = typer.main.get_command(app)
    _plain_metavars(command)
    if language != "en":
        _translate_help(command)
    return command


# -- running it -------------------------------------------------------------------------------

# The errors of a write that did not reach its reader.
WRITE_ERRORS = {
    errno.ENOSPC,
    errno.EPIPE,
    errno.EIO,
    errno.EBADF,
    errno.EFBIG,
    getattr(errno, "EDQUOT", -1),
}


def run(app: typer.Typer, argv: Sequence[str], env: Environment) -> ExitStatus:
    """`mops ARGV` in `env`: every outcome one exit status, every error one line on stderr."""
    from mops_cli import i18n

    args = list(argv)
    if env.stdout is None:  # started with stdout closed (mops ... >&-): nowhere to answer
        render.error(env, _("standard output is closed"))
        return ExitStatus.ERROR
    try:
        option = _language_option(args)
        i18n.activate(i18n.choose(option, env.environ))
        configured = env.language
        if option is None and configured and not re.match(r"(?i)(pl|en)([_.@-]|$)", configured):
            message = _("unknown language {value!r} in MOPS_LANG (use pl or en)")
            raise UsageError(message.format(value=configured))
        command = _command(app, i18n.active())
        main = functools.partial(
            command.main, args=args, prog_name="mops", standalone_mode=False, obj=env
        )
        try:
            result = main()
        except CorruptCache as damaged:  # answered again from the data file, cache rebuilt
            damaged.discard()
            result = main()
        # Written means flushed: an answer lost on a full disk is not a success.
        env.stdout.flush()
        return _status(result)
    except MopsError as exc:  # CorruptCache too: damaged, and it could not be removed
        render.error(env, str(exc))
        return ExitStatus.ERROR
    except typer.TyperException as exc:  # Typer's own usage errors: no such command or option
        context = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":
            render.help_screen(env, translate_help_screen(exc.format_message()), stderr=True)
        else:
            where = context.command_path if context is not None else "mops"
            message = _translate_click(exc.format_message().splitlines()[0])
            render.error(
                env, _("{message} (see '{command} --help')").format(message=message, command=where)
            )
        return ExitStatus.ERROR
    except (typer.Abort, KeyboardInterrupt):
        render.error(env, _("interrupted"))
        return ExitStatus.INTERRUPTED
    except SystemExit as exit_:  # Click's shell completion ends by sys.exit
        code = exit_.code
        if code is not None and not isinstance(code, int):
            render.note(env, str(code))
            return ExitStatus.NEGATIVE
        return _status(code)
    except Exception as exc:
        if isinstance(exc, _WriteFailed):
            exc = exc.error
        if isinstance(exc, OSError) and exc.errno in WRITE_ERRORS:
            # Standard output could not take the answer: a full disk (ENOSPC), a reader gone
            # (EPIPE, where SIGPIPE does not end the process first, as in the console script).
            _drop_stdout(env)
            reason = exc.strerror or type(exc).__name__
            message = _("cannot write the answer to standard output: {reason}")
            render.error(env, message.format(reason=reason))
            return ExitStatus.ERROR
        if env.debug:
            raise
        message = _("internal error: {kind}: {error} (set MOPS_DEBUG=1 for details)")
        render.error(env, message.format(kind=type(exc).__name__, error=exc))
        return ExitStatus.ERROR


def _status(result: object) -> ExitStatus:
    """A command's return (an ExitStatus; Click's exit code after --help or --version) as
    one."""
    if not isinstance(result, int):
        return ExitStatus.OK
    try:
        return ExitStatus(result)
    except ValueError:
        return ExitStatus.ERROR


def _drop_stdout(env: Environment) -> None:
    """What is left in stdout's buffer cannot be written either: point the stream at
    /dev/null so that flushing it at exit neither fails nor retries."""
    if env.stdout is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, env.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # no file descriptor (a test's capture): nothing to redirect
