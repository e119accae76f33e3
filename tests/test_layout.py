"""The layout shows the data flow: one folder per stage, no import cycle, imports go down the
stages (a stage uses those before it), as the README's "How it works" says."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "claimx"
# The stages in data-flow order; the package's top-level modules stand before them all.
STAGES = ("records", "read", "clean", "nlp", "link", "compare", "output", "run", "cli")
# Reading an HTML page asks the plain-text cleaner whether trafilatura kept enough of it.
ALLOWED_UPWARD = {("claimx.read.html_fallback", "claimx.clean")}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in SRC.rglob("*.py")}


def _executed(body: list[ast.stmt], inside_functions: bool) -> list[ast.stmt]:
    """The statements that run: not those under TYPE_CHECKING; those inside functions too
    when `inside_functions`."""
    found: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        found.append(node)
        if inside_functions or not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    found.extend(_executed([child], inside_functions))
    return found


def _imports(path: Path, modules: dict[str, Path], *, inside_functions: bool) -> set[str]:
    """The claimx modules a module imports (when it is imported, or also when its functions
    run); `from package import submodule` counts as the submodule."""
    found: set[str] = set()
    for node in _executed(ast.parse(path.read_text("utf-8")).body, inside_functions):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("claimx"):
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("claimx"))
    return found


def _graph(*, inside_functions: bool = False) -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: _imports(path, modules, inside_functions=inside_functions)
        for name, path in modules.items()
    }


def _stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def test_no_import_cycle_even_through_imports_inside_functions() -> None:
    graph = _graph(inside_functions=True)
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError(" -> ".join([*path[path.index(module) :], module]))
        if module in done:
            return
        for target in graph.get(module, ()):
            visit(target, [*path, module])
        done.add(module)

    for module in graph:
        visit(module, [])


def test_imports_go_down_the_stages() -> None:
    upward = []
    for module, targets in _graph().items():
        for target in targets:
            here, there = _stage(module), _stage(target)
            if here is None or there is None or there <= here:
                continue
            if not any(module == m and target.startswith(t) for m, t in ALLOWED_UPWARD):
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_the_checks_see_an_upward_import() -> None:
    modules = _modules()
    imports = _imports(modules["claimx.read.html_fallback"], modules, inside_functions=False)
    assert any(target.startswith("claimx.clean") for target in imports)
