"""Runs a launcher under an old Python (3.6: what Resolve up to 18 embeds) with a minimal stand-in Resolve.

The emulator needs Python 3.10, so this stand-in answers only what the launcher and the bridge's first calls
ask (product, version, the open project's name). Standard library only, Python 3.6 syntax.

    python3.6 run_in_resolve36.py LAUNCHER PROJECT_NAME
"""

import sys


class Project:
    def __init__(self, name):
        self.name = name

    def GetName(self):
        return self.name


class ProjectManager:
    def __init__(self, project):
        self.project = project

    def GetCurrentProject(self):
        return self.project


class Resolve:
    def __init__(self, project_name):
        self.manager = ProjectManager(Project(project_name))

    def GetProductName(self):
        return "DaVinci Resolve"

    def GetVersion(self):
        return [20, 2, 3, 0, ""]

    def GetVersionString(self):
        return "20.2.3.0"

    def GetProjectManager(self):
        return self.manager


def main():
    path, project = sys.argv[1], sys.argv[2]
    namespace = {"__name__": "derush_in_resolve", "resolve": Resolve(project)}
    with open(path) as f:
        code = compile(f.read(), path, "exec")
    exec(code, namespace)


if __name__ == "__main__":
    main()
