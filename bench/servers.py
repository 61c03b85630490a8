"""Start gunicorn as production does (README, "PostgreSQL"), find its workers, read their CPU."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

WORKERS = 4
TICKS = os.sysconf("SC_CLK_TCK")
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


class Server:
    """One gunicorn master with its sync workers, on 127.0.0.1."""

    def __init__(self, *, app: str, port: int, environ: dict):
        self.port = port
        self.process = subprocess.Popen(
            [GUNICORN, "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
             app],
            env=environ,
        )  # fmt: skip

    def wait_ready(self, path: str = "/", timeout: float = 60) -> None:
        """Wait until every worker is up and the server answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.workers()) == WORKERS:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5)
                    return
                except urllib.error.HTTPError:
                    return
                except OSError:
                    pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {self.port} did not start")

    def workers(self) -> list[int]:
        """The pids of the master's worker processes."""
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    pids.append(int(entry))
        return pids

    def cpu_ms(self) -> float:
        """The workers' user and system CPU so far, in milliseconds."""
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        return total * 1000 / TICKS

    def wait_idle(self, *, quiet: float = 0.3, timeout: float = 60) -> None:
        """Wait until the workers use no CPU for a moment (the last run has drained)."""
        deadline = time.monotonic() + timeout
        before = self.cpu_ms()
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = self.cpu_ms()
            if now == before:
                return
            before = now

    def stop(self) -> None:
        """Stop the master gracefully; it stops its workers."""
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
