"""derush, started from DaVinci Resolve's Workspace > Scripts > Utility menu.

The installer fills in the constants below and writes this file into Resolve's ``Fusion/Scripts/Utility``
folder as ``derush.py``. It runs inside Resolve's own Python (3.6 or newer, standard library only: this
file must never import from derush's environment, whose packages are built for another Python).

What it does:

* checks derush's environment (the Python the installer made) and starts the panel there, as its own
  process: ``<python> -I -m resolve_plugin.cli panel --link live|bridge``;
* on DaVinci Resolve Studio the panel reaches Resolve through external scripting, so this script returns
  at once;
* on the free edition up to 21.0, which has no external scripting, it serves Resolve's API to the panel
  over the loopback bridge (``resolve_plugin/resolve/bridge_server.py``, loaded by path from derush's
  installed package so that both ends are always the same version) and keeps serving until the panel
  closes. Resolve shows the script as running meanwhile; its UI stays usable;
* in the Mac App Store build (sandboxed: it may neither run derush's Python nor read its files) it serves
  the bridge from the copy the installer put inside the container (``DERUSH_BRIDGE_DIR``) until Resolve
  quits, and prints the Terminal command that starts the panel.

Environment variables (for support and tests):

``DERUSH_LAUNCHER_PANEL``   a Python script run instead of ``-m resolve_plugin.cli panel`` (same arguments)
``DERUSH_LAUNCHER_BRIDGE``  ``1`` serves the bridge on Studio too (external scripting switched off)
``DERUSH_BRIDGE_FILE``      the bridge's connection file (default ``~/.derush/bridge.json``); the panel's
                            output goes to ``panel.log`` beside it
"""

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time

# Filled in by the installer (python -m installer); None means this is the unfilled template.
DERUSH_PYTHON = None
DERUSH_VERSION = None
DERUSH_REINSTALL = None
# only in an App Store container: the folder holding the bridge's own copy
DERUSH_BRIDGE_DIR = None

PANEL_MODULE = "resolve_plugin.cli"
STARTUP_CHECK_S = 3.0  # a panel that dies this early failed to start: say why in Resolve's console
PROBE_TIMEOUT_S = 120.0  # a cold first import on a slow disk can take a while
LOG_TAIL_LINES = 15

# Asks derush's environment where derush lives and whether the panel can run (runs in that Python).
PROBE = """
import importlib.util, json, sys
out = {"python": sys.version.split()[0], "package_dir": None, "version": None}
spec = importlib.util.find_spec("resolve_plugin")
if spec is not None and spec.submodule_search_locations:
    out["package_dir"] = list(spec.submodule_search_locations)[0]
try:
    from importlib.metadata import version
    out["version"] = version("derush")
except Exception:
    pass
out["missing"] = [m for m in ("PySide6", "grpc") if importlib.util.find_spec(m) is None]
print(json.dumps(out))
"""

# Variables Resolve's own process may carry that would break another Python or another Qt.
DROPPED_VARIABLES = (
    "PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONEXECUTABLE", "__PYVENV_LAUNCHER__", "VIRTUAL_ENV",
    "QT_PLUGIN_PATH", "QT_QPA_PLATFORM_PLUGIN_PATH", "QML2_IMPORT_PATH", "QML_IMPORT_PATH",
)
LIBRARY_PATH_VARIABLES = ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "DYLD_FRAMEWORK_PATH", "DYLD_FALLBACK_LIBRARY_PATH")
# Library folders of Resolve itself (its own Qt, OpenSSL...): kept out of the panel's library path.
RESOLVE_LIBRARY_MARKERS = ("/opt/resolve/", "/home/resolve/", "DaVinci Resolve", "Blackmagic Design")

# Windows: no console window, and the panel outlives this script (it runs in a short-lived fuscript).
DETACHED_PROCESS = 0x00000008
CREATE_NEW_PROCESS_GROUP = 0x00000200


class LauncherError(Exception):
    """A problem the user can fix; the message says how."""


def say(message):
    # Resolve's console shows this script's stdout.
    sys.stdout.write("derush: " + message + "\n")
    sys.stdout.flush()


def reinstall_hint():
    if DERUSH_REINSTALL:
        return "Re-run the derush installer: " + DERUSH_REINSTALL
    return "Re-run the derush installer (python -m installer, from the derush folder)."


# --- derush's environment -------------------------------------------------------------------------------------


def child_environment(extra=None):
    """Resolve's environment, cleaned so that derush's own Python and Qt start normally."""
    env = dict(os.environ)
    for name in DROPPED_VARIABLES:
        env.pop(name, None)
    for name in LIBRARY_PATH_VARIABLES:
        if name in env:
            kept = [p for p in env[name].split(os.pathsep)
                    if p and not any(m in p.replace("\\", "/") + "/" for m in RESOLVE_LIBRARY_MARKERS)]
            if kept:
                env[name] = os.pathsep.join(kept)
            else:
                del env[name]
    env.update(extra or {})
    return env


def probe_environment():
    """{"package_dir", "version", "missing"} from derush's Python, or a LauncherError saying what to do."""
    if not DERUSH_PYTHON or not os.path.isfile(DERUSH_PYTHON):
        raise LauncherError(f"derush's Python environment is missing (expected {DERUSH_PYTHON}). {reinstall_hint()}")
    try:
        process = subprocess.Popen([DERUSH_PYTHON, "-I", "-c", PROBE], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=child_environment(),
                                   cwd=os.path.expanduser("~"), universal_newlines=True)
        out, err = process.communicate(timeout=PROBE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        raise LauncherError(f"derush's Python ({DERUSH_PYTHON}) did not answer within {PROBE_TIMEOUT_S:.0f} s. "
                            + reinstall_hint()) from None
    except OSError as exc:
        raise LauncherError(f"derush's Python ({DERUSH_PYTHON}) cannot run: {exc}. {reinstall_hint()}") from None
    try:
        info = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        problem = last_line(err) or "no answer"
        raise LauncherError(f"derush's Python ({DERUSH_PYTHON}) is broken: {problem}. {reinstall_hint()}") from None
    if not info.get("package_dir"):
        raise LauncherError(f"derush is not installed in its environment ({DERUSH_PYTHON}). {reinstall_hint()}")
    if info.get("missing"):
        raise LauncherError("derush's environment ({}) lacks {}. {}".format(
            DERUSH_PYTHON, ", ".join(info["missing"]), reinstall_hint()))
    return info


def last_line(text):
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


# --- Resolve ----------------------------------------------------------------------------------------------------


def find_resolve(namespace):
    """The ``resolve`` global, ``bmd.scriptapp("Resolve")`` or ``app.GetResolve()`` (docs/resolve-emulator.md s.1)."""
    resolve = namespace.get("resolve")
    if resolve is not None and hasattr(resolve, "GetVersion"):
        return resolve
    for name, method in (("bmd", "scriptapp"), ("app", "GetResolve"), ("fusion", "GetResolve")):
        obj = namespace.get(name)
        if obj is None:
            continue
        try:
            found = obj.scriptapp("Resolve") if method == "scriptapp" else getattr(obj, method)()
        except Exception:  # an odd global of that name: not Resolve's
            found = None
        if found:
            return found
    return None


def edition_and_version(resolve):
    """(is_studio, (major, minor)) from GetProductName / GetVersion; failures answer False/None, never raise."""
    product = resolve.GetProductName() or ""
    fields = resolve.GetVersion() or []
    numbers = []
    for field in list(fields)[:2]:
        try:
            numbers.append(int(field))
        except (TypeError, ValueError):
            break
    if len(numbers) < 2:
        text = resolve.GetVersionString() or ""
        numbers = [int(p) for p in text.split(".")[:2] if p.isdigit()]
    while len(numbers) < 2:
        numbers.append(0)
    return "Studio" in product, tuple(numbers)


def needs_bridge(is_studio, version):
    """External scripting is Studio-only; free 21.1+ runs no Python at all (docs/resolve-emulator.md section 12)."""
    if is_studio:
        return os.environ.get("DERUSH_LAUNCHER_BRIDGE") == "1"
    if version >= (21, 1):
        raise LauncherError(
            "the free edition of DaVinci Resolve 21.1 and later runs no Python scripts, so derush cannot work "
            "inside it. Use the derush command instead: `derush cut --otio cut.otio CLIPS...`, then File > "
            "Import > Timeline in Resolve; or DaVinci Resolve Studio.")
    return True


# --- the panel --------------------------------------------------------------------------------------------------


def runtime_dir():
    bridge_file = os.environ.get("DERUSH_BRIDGE_FILE")
    if bridge_file:
        return os.path.dirname(os.path.abspath(bridge_file))
    return os.path.join(os.path.expanduser("~"), ".derush")


def bridge_file():
    return os.environ.get("DERUSH_BRIDGE_FILE") or os.path.join(runtime_dir(), "bridge.json")


def panel_command(link):
    override = os.environ.get("DERUSH_LAUNCHER_PANEL")
    target = [override] if override else ["-m", PANEL_MODULE, "panel"]
    return [DERUSH_PYTHON, "-I"] + target + ["--link", link]


def start_panel(link, extra_env):
    """Start the panel as its own process; its output goes to panel.log (Resolve's console is not for it)."""
    folder = runtime_dir()
    if not os.path.isdir(folder):
        os.makedirs(folder)
    log_path = os.path.join(folder, "panel.log")
    log = open(log_path, "w")
    options = {}
    if os.name == "nt":
        options["creationflags"] = DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True  # not killed with this script's process group
    try:
        process = subprocess.Popen(panel_command(link), stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, env=child_environment(extra_env),
                                   cwd=os.path.expanduser("~"), **options)
    except OSError as exc:
        raise LauncherError(f"the derush panel could not start ({exc}). {reinstall_hint()}") from None
    finally:
        log.close()  # the child has its own handle
    return process, log_path


def report_exit(process, log_path):
    code = process.returncode
    if code == 0:
        return
    tail = []
    try:
        with open(log_path) as f:
            tail = [line.rstrip() for line in f.readlines()[-LOG_TAIL_LINES:]]
    except OSError:
        pass
    say("the panel stopped with exit code {} (full log: {}){}".format(
        code, log_path, ":\n    " + "\n    ".join(tail) if tail else "."))


def wait_for(process, seconds):
    deadline = time.time() + seconds
    while process.poll() is None and time.time() < deadline:
        time.sleep(0.1)
    return process.poll()


# --- the bridge ---------------------------------------------------------------------------------------------------


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_bridge_server(folder):
    """bridge_server.py loaded by path from ``folder`` (derush's ``resolve_plugin/resolve``): it is stdlib-only
    and 3.6-compatible. Its ``import bridge_protocol`` fallback finds the module registered here by that name."""
    server_path = os.path.join(folder, "bridge_server.py")
    protocol_path = os.path.join(folder, "bridge_protocol.py")
    if not (os.path.isfile(server_path) and os.path.isfile(protocol_path)):
        raise LauncherError(f"derush's bridge is missing from {folder}. {reinstall_hint()}")
    load_module("bridge_protocol", protocol_path)
    return load_module("derush_bridge_server", server_path)


def bridge_already_running(path):
    """Another launcher is serving (its panel is open) when its connection file names a port that answers."""
    try:
        with open(path) as f:
            port = int(json.load(f)["port"])
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except (OSError, ValueError, KeyError, TypeError):
        return False


def remove_connection_file(path, token):
    try:
        with open(path) as f:
            if json.load(f).get("token") != token:
                return  # a newer launcher owns it now
        os.remove(path)
    except (OSError, ValueError):
        pass


def serve_bridge_for_panel(resolve, package_dir):
    path = bridge_file()
    if bridge_already_running(path):
        say("derush is already open: switch to its window (close it first to start it again).")
        return
    bridge = load_bridge_server(os.path.join(package_dir, "resolve"))
    server = bridge.serve(resolve, connection_file=path, block=False)
    server.start_in_thread()
    try:
        process, log_path = start_panel("bridge", {"DERUSH_BRIDGE_FILE": path})
        say(f"serving Resolve to the derush panel (pid {process.pid}) on 127.0.0.1:{server.port}; this script "
            "runs until the panel closes.")
        # Block: a daemon thread dies when a Scripts-menu script returns (docs/resolve-emulator.md section 12).
        while process.poll() is None:
            time.sleep(0.25)
        report_exit(process, log_path)
    finally:
        server.shutdown()
        remove_connection_file(path, server.token)
    say("panel closed; bridge stopped.")


def sandboxed():
    """macOS sets this in App Sandbox processes (the Mac App Store build of Resolve) [unverified for fuscript]."""
    return bool(os.environ.get("APP_SANDBOX_CONTAINER_ID"))


def serve_bridge_in_sandbox(resolve):
    path = bridge_file()
    command = 'DERUSH_BRIDGE_FILE="{}" "{}" -m {} panel --link bridge'.format(path, DERUSH_PYTHON, PANEL_MODULE)
    if bridge_already_running(path):
        say("derush's bridge is already running. Start the panel in Terminal:\n    " + command)
        return
    if not DERUSH_BRIDGE_DIR:
        raise LauncherError("this copy of the launcher was not installed for the App Store build of Resolve. "
                            + reinstall_hint())
    bridge = load_bridge_server(DERUSH_BRIDGE_DIR)
    say("the App Store build of Resolve is sandboxed and cannot start derush's panel itself. Start it in "
        "Terminal:\n    " + command + "\nServing Resolve to it until Resolve quits.")
    bridge.serve(resolve, connection_file=path, block=True)


# --- main -----------------------------------------------------------------------------------------------------------


def run(namespace):
    if DERUSH_PYTHON is None:
        raise LauncherError("this launcher was not set up by the derush installer. " + reinstall_hint())
    if sandboxed():
        resolve = find_resolve(namespace)
        if resolve is None:
            raise LauncherError("no Resolve here: start derush from Workspace > Scripts > Utility > derush.")
        serve_bridge_in_sandbox(resolve)
        return
    info = probe_environment()
    if DERUSH_VERSION and info.get("version") and info["version"] != DERUSH_VERSION:
        say("note: derush {} is installed but this launcher was written for {}; re-run the installer to update "
            "it.".format(info["version"], DERUSH_VERSION))
    resolve = find_resolve(namespace)
    if resolve is None:
        raise LauncherError(
            "no Resolve here: start derush from DaVinci Resolve's Workspace > Scripts > Utility > derush. (The "
            "free edition 21.1 and later runs no Python scripts: use `derush cut --otio cut.otio` and File > "
            "Import > Timeline.)")
    is_studio, version = edition_and_version(resolve)
    if needs_bridge(is_studio, version):
        serve_bridge_for_panel(resolve, info["package_dir"])
        return
    process, log_path = start_panel("live", {})
    if wait_for(process, STARTUP_CHECK_S) is None:
        say(f"panel started (pid {process.pid}).")
    else:
        report_exit(process, log_path)


def main(namespace):
    """Never raises: Resolve's console gets one clear message instead of a traceback."""
    try:
        run(namespace)
    except LauncherError as exc:
        say(str(exc))
    except Exception as exc:  # an unforeseen failure still ends in a sentence, not a traceback
        say(f"unexpected error ({type(exc).__name__}: {exc}). {reinstall_hint()}")


# Resolve runs this file with ``resolve`` (and ``bmd``, ``app``) defined; importing it as a module does nothing.
if __name__ == "__main__" or any(name in globals() for name in ("resolve", "bmd", "app")):
    main(globals())
