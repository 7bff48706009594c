"""Demo code depends on the domain apps, never the other way round: no module of `registry` or
`alliances` imports `demo`. Read with `ast`, so comments and strings that name the demo do not count."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = ("registry", "alliances")


def imported_modules(tree):
    """The absolute module names a parsed module imports (relative imports stay inside their app)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def imports_demo(tree):
    return sorted({name for name in imported_modules(tree) if name == "demo" or name.startswith("demo.")})


def domain_modules():
    for app in DOMAIN_APPS:
        yield from sorted((ROOT / app).rglob("*.py"))


def test_the_domain_apps_have_python_files():
    assert {path.relative_to(ROOT).parts[0] for path in domain_modules()} == set(DOMAIN_APPS)


@pytest.mark.parametrize("source, found", [
    ("import demo", ["demo"]),
    ("import demo.builder as builder", ["demo.builder"]),
    ("from demo.synthetic import names", ["demo.synthetic"]),
    ("def load():\n    from demo import builder", ["demo"]),
    ("import demographics\nfrom . import demo\n# import demo\ntext = 'from demo import x'", []),
])
def test_imports_of_demo_are_found(source, found):
    assert imports_demo(ast.parse(source)) == found


def test_no_domain_module_imports_demo():
    offenders = {}
    for path in domain_modules():
        found = imports_demo(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}
