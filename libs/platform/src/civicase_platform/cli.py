"""The ``civicase`` command line.

Sub-commands are contributed by packages through the ``civicase.commands`` entry-point group, so this
module imports no service. An entry point names a callable ``main(argv: list[str]) -> int``.
"""

from __future__ import annotations

import sys
import warnings
from importlib.metadata import entry_points

GROUP = "civicase.commands"


def _commands() -> dict:
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = _commands()
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: civicase <command> [options]\n\ncommands:")
        for name in sorted(commands):
            print(f"  {name}")
        return 0 if argv else 2
    # A command line's stderr is for the user: eventlet's deprecation notice (nameko imports it) is not theirs.
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    name, rest = argv[0], argv[1:]
    if name not in commands:
        print(f"civicase: unknown command {name!r}; known: {', '.join(sorted(commands))}", file=sys.stderr)
        return 2
    return int(commands[name].load()(rest) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
