"""The layers keep to their rules (docs/architecture.md): the contract (``protos``) imports neither side; the
server imports nothing of the Resolve side; the Resolve side enters the server package only where it starts the
built-in server and where the doctor asks it for a report; and no module imports, directly or through others, a
module that imports it back. Every import counts, at the top of a file or inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("protos", "inference_server", "resolve_plugin", "installer")
# where the Resolve side may import the server package, and why
RESOLVE_SIDE_DOORS = {
    "resolve_plugin.builtin_server": "starts the built-in server (and runs `derush serve`)",
    "resolve_plugin.doctor": "asks the server for its report of this machine",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "_pb2" in path.name:
                continue
            found[module_name(path)] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The project's modules ``name`` imports (a ``from package import module`` counts as the module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def add(target: str) -> None:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                add(full if full in known else base)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def test_the_contract_imports_neither_side(graph):
    wrong = [(m, t) for m, targets in graph.items() if m.startswith("protos")
             for t in targets if not t.startswith("protos")]
    assert not wrong, f"protos (the contract) must import only itself: {wrong}"


def test_the_server_imports_nothing_of_the_resolve_side(graph):
    wrong = [(m, t) for m, targets in graph.items() if m.startswith("inference_server")
             for t in targets if t.startswith(("resolve_plugin", "installer"))]
    assert not wrong, f"inference_server must not import the Resolve side or the installer: {wrong}"


def test_the_resolve_side_enters_the_server_only_at_its_doors(graph):
    wrong = [(m, t) for m, targets in graph.items() if m.startswith("resolve_plugin") and m not in RESOLVE_SIDE_DOORS
             for t in targets if t.startswith("inference_server")]
    assert not wrong, ("resolve_plugin may import inference_server only in " + ", ".join(RESOLVE_SIDE_DOORS)
                       + f": {wrong}")


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components: each component of more than one module is a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles(graph):
    assert not circles(graph), f"import circles: {circles(graph)}"


def test_the_checker_finds_circles_and_imports_in_functions(tmp_path):
    """Not vacuous: a circle three modules long is found, a chain is not, and an import inside a function counts."""
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from inference_server.server import EmbeddedServer\n")
    assert imports_of("resolve_plugin.m", source, {"inference_server.server"}) == {"inference_server.server"}
