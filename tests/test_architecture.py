"""The package's shape: imports point one way, as docs/architecture.md lays out."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "pipeline"


def _layers() -> dict[str, int]:
    """room -> layer, read from the Layers table in docs/architecture.md."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    layers = {}
    for number, rooms in re.findall(r"^\| (\d+) \| (.+) \|$", text, re.M):
        for room in re.findall(r"`([a-z_.]+)`", rooms):
            layers[room] = int(number)
    return layers


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imports(path: Path, modules: dict) -> set[str]:
    """Every pipeline module `path` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                and node.module.split(".")[0] == "pipeline":
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "pipeline")
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path.relative_to(REPO)}: relative import; "
                                 "use the full pipeline.… name")
    return found


def _room(module: str, layers: dict) -> str:
    parts = module.split(".")
    for size in range(len(parts), 0, -1):
        if ".".join(parts[:size]) in layers:
            return ".".join(parts[:size])
    raise AssertionError(f"{module} is in no room of docs/architecture.md's Layers table")


def test_every_module_belongs_to_a_room_of_the_layers_table():
    layers = _layers()
    assert layers["pipeline.cli"] > layers["pipeline.publish"] > layers["pipeline.state"]
    for module in _modules():
        _room(module, layers)


def test_no_import_from_a_lower_layer_to_a_higher_one():
    layers, modules = _layers(), _modules()
    upward = []
    for module, path in modules.items():
        here = _room(module, layers)
        for target in _imports(path, modules):
            there = _room(target, layers)
            if layers[there] > layers[here] or (layers[there] == layers[here] and there != here
                                                 and layers[here] != 0):
                upward.append(f"{module} (layer {layers[here]}) imports {target} "
                              f"(layer {layers[there]})")
    assert upward == []


def test_no_import_circle():
    modules = _modules()
    graph = {m: {t for t in _imports(p, modules) if t in modules and t != m}
             for m, p in modules.items()}
    circles = []
    state: dict[str, int] = {}          # 1 visiting, 2 done

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_package_inits_hold_only_their_purpose():
    for path in PACKAGE.rglob("__init__.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        body = [n for n in tree.body if not (isinstance(n, ast.Expr)
                                             and isinstance(n.value, ast.Constant))]
        if path.parent == PACKAGE:      # the root package carries only its version
            body = [n for n in body if not (isinstance(n, ast.Assign)
                                            and n.targets[0].id == "__version__")]
        assert ast.get_docstring(tree), f"{path.relative_to(REPO)} has no docstring"
        assert body == [], f"{path.relative_to(REPO)} holds code; move it into a module"
