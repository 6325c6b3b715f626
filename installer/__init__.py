"""Install derush for DaVinci Resolve on macOS, Windows and Linux: ``python -m installer --help``.

``layout`` knows each OS's folders, ``environment`` makes derush's Python environment, ``service`` builds
the service definitions, ``install`` puts it all in place and records it in a ``manifest`` for
``--uninstall``; every change goes through ``actions`` so that ``--dry-run`` can print it instead.
"""
