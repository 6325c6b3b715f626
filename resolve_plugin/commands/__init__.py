"""``derush`` subcommands, one module each. Each has ``register(subparsers)`` (its arguments) and ``run(args)``;
``common`` holds what several share, as plain-value helpers. None imports ``resolve_plugin.cli``."""
