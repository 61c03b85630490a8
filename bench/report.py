"""Print the bench's table and keep its results as JSON under bench/results/."""

import json
import platform
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
COLUMNS = [
    ("page", "<", 30),
    ("req/s", ">", 8),
    ("p50 ms", ">", 8),
    ("p99 ms", ">", 8),
    ("ratio", ">", 6),
    ("10x/1x", ">", 6),
    ("CPU ms", ">", 7),
    ("SQL", ">", 4),
    ("non-2xx", ">", 7),
    ("status", ">", 6),
]


def machine() -> str:
    """A short description of this machine: CPU model and count, Python."""
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    cores = len([x for x in Path("/proc/cpuinfo").read_text().split("\n\n") if x.strip()])
    return f"{model}, {cores} cores, Python {platform.python_version()}"


def other_scale(*, scale: int, database: str) -> dict:
    """The latest results at the other scale (1 or 10) on the same database, by page name."""
    other = 10 if scale == 1 else 1
    found = sorted(RESULTS.glob(f"*-{database}-{other}x.json"))
    if not found:
        return {}
    return {row["page"]: row for row in json.loads(found[-1].read_text())["rows"]}


def rows_compare(rows: list[dict], *, scale: int, database: str) -> None:
    """Fill each row's 10x/1x: req/s at 10x divided by req/s at 1x, when both were run."""
    others = other_scale(scale=scale, database=database)
    for row in rows:
        other = others.get(row["page"])
        if other and other["rps"] and row["rps"]:
            ten, one = (row, other) if scale == 10 else (other, row)
            row["ratio_10x_1x"] = round(ten["rps"] / one["rps"], 2)


def cell(value, digits=1) -> str:
    """A number for the table; a dash when there is none."""
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(rows: list[dict]) -> str:
    """The results as a Markdown table."""
    head = "| " + " | ".join(f"{name:{align}{width}}" for name, align, width in COLUMNS) + " |"
    rule = "|" + "|".join(
        ("-" * (w + 1) + ":") if a == ">" else "-" * (w + 2) for _, a, w in COLUMNS
    )
    lines = [head, rule + "|"]
    for row in rows:
        values = [
            row["page"],
            cell(row["rps"]),
            cell(row["p50_ms"]),
            cell(row["p99_ms"]),
            cell(row["ratio"], 3),
            cell(row.get("ratio_10x_1x"), 2),
            cell(row["cpu_ms"]),
            cell(row["sql"]),
            cell(row["errors"]),
            cell(row["status"]),
        ]
        lines.append(
            "| "
            + " | ".join(f"{v:{a}{w}}" for v, (_, a, w) in zip(values, COLUMNS, strict=True))
            + " |"
        )
    return "\n".join(lines)


def results_write(result: dict, *, scale: int, database: str) -> Path:
    """Keep the results as JSON, named by time, database and scale."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{database}-{scale}x.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    return path
