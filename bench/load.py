"""Run wrk against one URL and read its summary: requests, req/s, p50, p99, errors."""

import re
import subprocess
import tempfile
from dataclasses import dataclass
from urllib.parse import urlencode

THREADS, CONNECTIONS = 2, 8
TIMEOUT = "30s"  # wrk's default of 2 s would drop the slowest pages' answers uncounted
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass
class Run:
    """What one wrk run measured."""

    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # answers other than 2xx and 3xx, socket errors and timeouts


def lua_post(fields: list[tuple[str, str]]) -> str:
    """A wrk script that sends every request as this form POST."""
    body = urlencode(fields).replace("\\", "\\\\").replace('"', '\\"')
    return (
        'wrk.method = "POST"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
    )


def wrk(url: str, *, seconds: int, cookie: str = "", post: list | None = None) -> Run:
    """Load url with wrk -t2 -c8 for some seconds; a form POST when post holds its fields."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", TIMEOUT,
               "--latency"]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if post is not None:
            script.write(lua_post(post))
            script.flush()
            command += ["-s", script.name]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return parse(output)


def parse(output: str) -> Run:
    """Read wrk's text summary."""

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M).groups()
        return float(value) * UNITS[unit]

    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket:
        errors += sum(int(n) for n in socket.groups())
    return Run(
        requests=int(re.search(r"(\d+) requests in", output).group(1)),
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        errors=errors,
    )
