"""``derush serve`` as a per-user service: a systemd user unit, a launchd agent, or a Windows scheduled task.

Each kind is a file (built here as text, nothing written) plus the commands that register, start and remove
it; the installer writes the file and runs the commands through its Runner.
"""

from __future__ import annotations

import plistlib
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from installer.layout import Layout

DESCRIPTION = "derush inference server (derush serve)"
UNIT_NAME = "derush.service"
LAUNCHD_LABEL = "derush.serve"
TASK_NAME = "derush serve"
TASK_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"
KINDS = {"linux": "systemd", "macos": "launchd", "windows": "schtasks"}


@dataclass(frozen=True)
class ServicePlan:
    kind: str
    file: Path
    content: bytes
    #: register and (re)start; each must succeed
    start: list[list[str]]
    #: stop and unregister, at uninstall and before registering again; failures are reported, not fatal
    #: (it may already be gone)
    stop: list[list[str]]
    #: after the file is removed (systemd forgets the unit)
    after_removal: list[list[str]]


def serve_command(python: str, platform: str, serve_args: list[str] | tuple[str, ...] = ()) -> list[str]:
    """``derush serve`` through the environment's Python, so no console script or PATH is needed; ``serve_args``
    are the box's own options (``--listen 0.0.0.0:50051 --tokens ...``)."""
    if platform == "windows":
        # pythonw: no console window for a task that runs for the whole session
        python = str(Path(python).with_name("pythonw.exe")) if python.lower().endswith("python.exe") else python
    return [python, "-m", "resolve_plugin.cli", "serve", *serve_args]


def plan_service(layout: Layout, python: str, serve_args: list[str] | tuple[str, ...] = ()) -> ServicePlan:
    command = serve_command(python, layout.platform, serve_args)
    if layout.platform == "linux":
        return ServicePlan(
            "systemd", layout.service_file, systemd_unit(command).encode("utf-8"),
            start=[["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", UNIT_NAME],
                   ["systemctl", "--user", "restart", UNIT_NAME]],
            stop=[["systemctl", "--user", "disable", "--now", UNIT_NAME]],
            after_removal=[["systemctl", "--user", "daemon-reload"]],
        )
    if layout.platform == "macos":
        domain = f"gui/{layout.roots.uid}"
        log = str(layout.service_log)
        return ServicePlan(
            "launchd", layout.service_file, launchd_plist(command, log),
            start=[["launchctl", "bootstrap", domain, str(layout.service_file)]],
            stop=[["launchctl", "bootout", f"{domain}/{LAUNCHD_LABEL}"]],
            after_removal=[],
        )
    xml_path = layout.service_file
    return ServicePlan(
        "schtasks", xml_path, scheduled_task_xml(command, layout.roots.windows_user),
        start=[["schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(xml_path), "/F"],
               ["schtasks", "/Run", "/TN", TASK_NAME]],
        stop=[["schtasks", "/End", "/TN", TASK_NAME], ["schtasks", "/Delete", "/TN", TASK_NAME, "/F"]],
        after_removal=[],
    )


# --- systemd ---------------------------------------------------------------------------------------------------


def systemd_quote(arg: str) -> str:
    """One ExecStart word: double-quoted, with systemd's specifiers (%) and variables ($) escaped."""
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{escaped}"'


def systemd_unit(command: list[str]) -> str:
    return "\n".join([
        "[Unit]",
        f"Description={DESCRIPTION}",
        "",
        "[Service]",
        "Type=simple",
        "ExecStart=" + " ".join(systemd_quote(a) for a in command),
        "Environment=PYTHONUNBUFFERED=1",
        "Restart=on-failure",
        "RestartSec=5",
        "",
        "[Install]",
        "WantedBy=default.target",
        "",
    ])


# --- launchd -----------------------------------------------------------------------------------------------------


def launchd_plist(command: list[str], log: str) -> bytes:
    return plistlib.dumps({
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": command,
        "RunAtLoad": True,
        # restart after a crash, not after a clean stop
        "KeepAlive": {"SuccessfulExit": False},
        # launchd's default 20 s would kill a server still finishing its running clip (derush's own grace is 20 s)
        "ExitTimeOut": 60,
        "EnvironmentVariables": {"PYTHONUNBUFFERED": "1"},
        "StandardOutPath": log,
        "StandardErrorPath": log,
        "ProcessType": "Background",
    })


# --- Windows Task Scheduler ---------------------------------------------------------------------------------------


def scheduled_task_xml(command: list[str], user: str) -> bytes:
    """Task Scheduler 1.2 XML: start at this user's logon, restart on failure, no time limit.

    Encoded UTF-16 with a BOM, which is what ``schtasks /Create /XML`` reads."""
    ET.register_namespace("", TASK_NAMESPACE)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{TASK_NAMESPACE}}}{tag}", attrib)
        if text is not None:
            element.text = text
        return element

    task = ET.Element(f"{{{TASK_NAMESPACE}}}Task", {"version": "1.2"})
    info = sub(task, "RegistrationInfo")
    sub(info, "URI", "\\" + TASK_NAME)
    sub(info, "Description", DESCRIPTION)
    trigger = sub(sub(task, "Triggers"), "LogonTrigger")
    sub(trigger, "Enabled", "true")
    if user:
        sub(trigger, "UserId", user)
    principal = sub(sub(task, "Principals"), "Principal", id="Author")
    if user:
        sub(principal, "UserId", user)
    sub(principal, "LogonType", "InteractiveToken")
    sub(principal, "RunLevel", "LeastPrivilege")
    # in the order Task Scheduler itself exports them
    settings = sub(task, "Settings")
    for tag, text in (("MultipleInstancesPolicy", "IgnoreNew"), ("DisallowStartIfOnBatteries", "false"),
                      ("StopIfGoingOnBatteries", "false"), ("Enabled", "true"), ("ExecutionTimeLimit", "PT0S")):
        sub(settings, tag, text)
    restart = sub(settings, "RestartOnFailure")
    sub(restart, "Interval", "PT1M")
    sub(restart, "Count", "3")
    execute = sub(sub(task, "Actions", Context="Author"), "Exec")
    sub(execute, "Command", command[0])
    sub(execute, "Arguments", subprocess.list2cmdline(command[1:]))
    ET.indent(task)
    return ET.tostring(task, encoding="utf-16", xml_declaration=True)
