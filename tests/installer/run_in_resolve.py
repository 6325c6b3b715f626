"""Runs a launcher file the way Resolve's Workspace ▸ Scripts menu does, in this (separate) process.

    python run_in_resolve.py LAUNCHER '{"edition": "free", "version": [20, 2, 3, 0], "project": "Shoot",
                                        "environ": {"PYTHONHOME": "/x"}}'

The emulated Resolve (``resolve_plugin.emulator``) is built here and handed to the script as the globals a
Scripts-menu script finds (``resolve``, ``bmd``; none on free 21.1). ``environ`` is what Resolve's own process
may carry into its scripts; ``"inject": "resolve"`` gives ``resolve`` even where Resolve would run nothing.
``__file__`` is not defined and ``__name__`` is not ``"__main__"``: Resolve promises neither.
"""

import json
import os
import sys

from resolve_plugin.emulator import create_resolve, script_globals


def main() -> None:
    path, spec = sys.argv[1], json.loads(sys.argv[2])
    os.environ.update(spec.get("environ", {}))
    resolve = create_resolve(edition=spec["edition"], version=tuple(spec["version"]),
                             project_name=spec.get("project"))
    injected = script_globals(resolve) if spec.get("inject", "scripts_menu") == "scripts_menu" else {"resolve": resolve}
    namespace = {"__name__": "derush_in_resolve", **injected}
    with open(path, encoding="utf-8") as f:
        code = compile(f.read(), path, "exec")
    exec(code, namespace)


if __name__ == "__main__":
    main()
