"""Install and uninstall: the environment, the Resolve launcher(s), the optional service, the manifest.

Installing again is safe: the environment is upgraded in place, the same files are rewritten, the service
is re-registered, and the manifest keeps what earlier installs created.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from installer.actions import FileOps, InstallError, Runner, file_sha256, sha256_of
from installer.environment import EnvironmentOptions, plan_environment, probe
from installer.install_record import InstalledFile, Manifest
from installer.layout import MAC_CONTAINER_BRIDGE, Layout, scripts_dir_override
from installer.os_service import plan_service
from resolve_plugin.launcher import BRIDGE_MODULES, BRIDGE_SOURCE, INSTALLED_NAME, LauncherValues, render_launcher


@dataclass(frozen=True)
class InstallOptions:
    environment: EnvironmentOptions = field(default_factory=EnvironmentOptions)
    #: --resolve-scripts-dir: instead of the OS's standard folders
    scripts_dir: Path | None = None
    #: False (--no-launcher): leave Resolve's folders alone
    launcher: bool = True
    service: bool = False
    #: options for the service's `derush serve` (split like a shell would), e.g. "--listen 0.0.0.0:50051"
    serve_args: tuple[str, ...] = ()
    #: shown by the launcher when derush's environment is missing or broken
    reinstall_command: str = "python -m installer"


@dataclass
class _Done:
    """What this run created so far (recorded even when a later step fails)."""

    directories: list[Path] = field(default_factory=list)
    files: list[InstalledFile] = field(default_factory=list)
    service: str | None = None
    service_log: str | None = None


def launcher_dirs(layout: Layout, scripts_dir: Path | None) -> list[Path]:
    return [scripts_dir_override(scripts_dir)] if scripts_dir else layout.resolve_script_dirs()


def install(layout: Layout, options: InstallOptions, runner: Runner, files: FileOps,
            out: Callable[[str], None] = print) -> Manifest:
    previous = Manifest.load(layout.manifest_path)
    env = plan_environment(layout, options.environment)
    done = _Done()
    version = "unknown"
    try:
        done.directories += files.make_dirs(layout.data_dir)
        for command in env.commands:
            runner.run(command)
        version = _installed_version(env.python, env.ours, env.source_version, runner)

        values = LauncherValues(str(env.python), version, options.reinstall_command)
        for folder in launcher_dirs(layout, options.scripts_dir) if options.launcher else []:
            sandbox = layout.sandbox_data_dir(folder)
            if sandbox is not None:
                bridge_dir = sandbox.joinpath(*MAC_CONTAINER_BRIDGE)
                _copy_bridge(bridge_dir, files, done)
                data = render_launcher(replace(values, bridge_dir=str(bridge_dir))).encode("utf-8")
            else:
                data = render_launcher(values).encode("utf-8")
            done.directories += files.make_dirs(folder)
            _write(folder / INSTALLED_NAME, data, "launcher", files, done)
        for misplaced in layout.misplaced_script_dirs() if options.launcher else []:
            out(f"note: {misplaced} is not read by Resolve (a typo in Resolve's README before 21.1). Scripts go "
                f"into {layout.resolve_script_dirs()[0].parent}: move your own scripts there too.")

        if options.service:
            _install_service(layout, str(env.python), runner, files, done, options.serve_args)
    finally:
        manifest = Manifest(
            version=version, platform=layout.platform, system=layout.system, environment=str(env.path),
            python=str(env.python), created_environments=[str(env.path)] if env.ours else [],
            files=done.files, directories=[str(d) for d in dict.fromkeys(done.directories)],
            service=done.service, service_log=done.service_log,
            installed_at=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        ).merged_with(previous)
        if files.dry_run or layout.data_dir.is_dir():  # not when even the data folder could not be made
            files.write(layout.manifest_path, manifest.to_json().encode("utf-8"))
    return manifest


def _write(path: Path, data: bytes, kind: str, files: FileOps, done: _Done) -> None:
    files.write(path, data)
    done.files.append(InstalledFile(str(path), sha256_of(data), kind))


def _copy_bridge(folder: Path, files: FileOps, done: _Done) -> None:
    """The bridge modules, for a sandboxed Resolve that cannot read derush's environment."""
    if any(Path(f.path).parent == folder for f in done.files):
        return  # both Utility folders of one container share it
    done.directories += files.make_dirs(folder)
    for name in BRIDGE_MODULES:
        _write(folder / name, (BRIDGE_SOURCE / name).read_bytes(), "bridge", files, done)


def _installed_version(python: Path, ours: bool, from_source: str | None, runner: Runner) -> str:
    """Asked from the environment itself when it exists (not in a dry run of a new one)."""
    if not python.is_file():
        return from_source or "unknown"
    found = probe(python)
    if found is None:
        raise InstallError(f"derush's environment does not run ({python}): remove {python.parent.parent} and install "
                           "again.")
    if not found.package_dir:
        if not ours:
            raise InstallError(f"derush is not installed in {python}: install it there (pip install <derush "
                               "checkout or wheel>) or leave out --python-env.")
        if runner.mode == "run":
            raise InstallError(f"pip did not install derush into {python}: see pip's output above.")
    return found.version or from_source or "unknown"


def _install_service(layout: Layout, python: str, runner: Runner, files: FileOps, done: _Done,
                     serve_args: tuple[str, ...] = ()) -> None:
    plan = plan_service(layout, python, serve_args)
    if plan.file.exists():  # installing again: unregister the old definition first
        for command in plan.stop:
            runner.run(command, check=False)
    done.directories += files.make_dirs(plan.file.parent)
    _write(plan.file, plan.content, "service", files, done)
    done.service = plan.kind
    done.service_log = str(layout.service_log) if layout.service_log else None
    for command in plan.start:
        runner.run(command)


def uninstall(layout: Layout, runner: Runner, files: FileOps, out: Callable[[str], None] = print) -> bool:
    """Remove what the manifest lists, and nothing else. False when there was no install to remove."""
    manifest = Manifest.load(layout.manifest_path)
    if manifest is None:
        hint = "" if layout.system else " (for an all-users install, add --system)"
        out(f"derush is not installed here: there is no {layout.manifest_path}{hint}. Nothing was removed.")
        return False
    if manifest.service:
        plan = plan_service(layout, manifest.python)
        for command in plan.stop:
            runner.run(command, check=False)
    for entry in manifest.files:
        path = Path(entry.path)
        current = file_sha256(path)
        if current is None:
            out(f"already gone: {path}")
        elif current != entry.sha256:
            out(f"kept {path}: it was changed after derush installed it; remove it yourself if it is not needed.")
        else:
            files.remove_file(path)
    if manifest.service:
        for command in plan.after_removal:
            runner.run(command, check=False)
        if manifest.service_log and Path(manifest.service_log).exists():
            files.remove_file(Path(manifest.service_log))
    for env in manifest.created_environments:
        _remove_environment(Path(env), files, out)
    files.remove_file(layout.manifest_path)
    for folder in sorted((Path(d) for d in manifest.directories), key=lambda p: len(p.parts), reverse=True):
        if folder.exists() and not files.remove_empty_dir(folder):
            out(f"kept {folder}/: it holds other files (yours, or derush's analysis results).")
    return True


def _remove_environment(env: Path, files: FileOps, out: Callable[[str], None]) -> None:
    if not env.exists():
        return
    if not (env / "pyvenv.cfg").is_file():  # never rmtree something that is not the venv we made
        out(f"kept {env}/: it is not a Python virtual environment any more.")
        return
    files.remove_tree(env)
