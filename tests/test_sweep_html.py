"""The Nu Html Checker (vnu) finds no error in the HTML of any page the accessibility sweep
visits: each page of tests/sweep_pages.py is saved as the server sends it, then one run of
the checker (one JVM) reads them all. `make vnu` installs the checker. Tables scroll only
through the scroll_table macro, which makes their region focusable and named."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sweep_pages import ROLES, seeded_pages, signed_in_client

pytestmark = pytest.mark.sweep

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / ".vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_command() -> list[str]:
    """java -jar vnu.jar (VNU_JAR for another copy); a clear failure when either is missing."""
    jar = Path(os.environ.get("VNU_JAR") or VNU_JAR)
    java = shutil.which("java")
    if not java or not jar.is_file():
        pytest.fail("The HTML check needs Java and the Nu Html Checker: run make vnu.")
    return [java, "-jar", str(jar)]


def vnu_errors(folder: Path) -> list[dict]:
    """The checker's errors over every .html file in folder, in one run."""
    files = sorted(str(path) for path in folder.glob("*.html"))
    command = [*vnu_command(), "--errors-only", "--format", "json", "--stdout", *files]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603 (our own command line)
    assert done.stdout.strip(), f"the checker said nothing: {done.stderr}"
    return json.loads(done.stdout)["messages"]


def test_every_swept_page_is_valid_html(app, runner, tmp_path):
    pages = seeded_pages(app, runner)
    saved = {}
    for role in ROLES:
        client = signed_in_client(app, role)
        for url, status in pages[role]:
            response = client.get(url)
            assert response.status_code == status, url
            name = f"{role}{re.sub(r'[^A-Za-z0-9]+', '-', url)}.html"
            (tmp_path / name).write_bytes(response.data)
            saved[name] = f"{url} as {role}"
    errors = [
        f"{saved.get(Path(message.get('url', '')).name, 'the checker')}, "
        f"line {message.get('lastLine')}: "
        f"{message['message']} [{message.get('extract', '').strip()}]"
        for message in vnu_errors(tmp_path)
        if message["type"] in ("error", "non-document-error")
    ]
    assert errors == [], "\n".join(errors)


def test_tables_scroll_only_through_the_macro():
    """A scrolling table outside scroll_table would lack the focusable, named region."""
    templates = ROOT / "templates"
    spelled = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if "table-scroll" in path.read_text(encoding="utf-8")
    ]
    assert spelled == ["macros/tables.html"]
