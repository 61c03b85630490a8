"""The HTML of every page the accessibility sweep visits (tests/sweep_pages.py), saved once as
the server sends it: the Nu Html Checker (vnu) finds no error in it, in one run (one JVM)
over all of them (`make vnu` installs the checker), and each page describes itself to search
engines in one short line. Tables scroll only through the scroll_table macro, which makes
their region focusable and named."""

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


@pytest.fixture(scope="module")
def swept(app, tmp_path_factory) -> tuple[Path, dict[str, tuple[str, int]]]:
    """Fetch every listed page as its role, checking its status, and save its HTML in a
    folder; return the folder and, per file name, which page it is."""
    pages = seeded_pages(app, app.test_cli_runner())
    folder = tmp_path_factory.mktemp("swept")
    saved = {}
    for role in ROLES:
        client = signed_in_client(app, role)
        for url, status in pages[role]:
            response = client.get(url)
            assert response.status_code == status, url
            name = f"{role}{re.sub(r'[^A-Za-z0-9]+', '-', url)}.html"
            (folder / name).write_bytes(response.data)
            saved[name] = (f"{url} as {role}", status)
    return folder, saved


def test_every_swept_page_is_valid_html(swept):
    folder, saved = swept
    errors = [
        f"{saved.get(Path(message.get('url', '')).name, ('the checker',))[0]}, "
        f"line {message.get('lastLine')}: "
        f"{message['message']} [{message.get('extract', '').strip()}]"
        for message in vnu_errors(folder)
        if message["type"] in ("error", "non-document-error")
    ]
    assert errors == [], "\n".join(errors)


DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def test_every_page_describes_itself(swept):
    folder, saved = swept
    descriptions = {
        page: DESCRIPTION.findall((folder / name).read_text(encoding="utf-8"))
        for name, (page, status) in saved.items()
        if status == 200
    }
    # One a page, not empty and short: an essay's opening words in the gallery (at most 200
    # characters and an ellipsis) are the longest.
    assert {page: found for page, found in descriptions.items() if len(found) != 1} == {}
    assert all(20 <= len(found[0]) <= 201 for found in descriptions.values()), descriptions


def test_tables_scroll_only_through_the_macro():
    """A scrolling table outside scroll_table would lack the focusable, named region."""
    templates = ROOT / "templates"
    spelled = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if "table-scroll" in path.read_text(encoding="utf-8")
    ]
    assert spelled == ["macros/tables.html"]
