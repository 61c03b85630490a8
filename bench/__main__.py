"""make bench: fill a bench database, serve it with gunicorn beside a bare Flask "hello",
load each page with wrk between two hello runs, and print one table.

Usage: python -m bench [--scale 1|10] [--seconds 3]
"""

import argparse
import os
import statistics
import sys
import time

from bench.load import CONNECTIONS, wrk
from bench.pages import PAGES, browsers_signed_in, post_fields
from bench.prepare import bench_environ, database_fill, database_fresh
from bench.queries import ClientBrowser
from bench.report import machine, results_write, rows_compare, table
from bench.servers import Server
from bench.signin import Browser

SLOW_SECONDS = 20


def main() -> None:
    """Run the whole benchmark once and print its table."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--scale", type=int, default=1, help="1 or 10 times the issue's volume")
    parser.add_argument("--seconds", type=int, default=3, help="length of each wrk run")
    parser.add_argument("--port", type=int, default=8301)
    args = parser.parse_args()
    database = "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    print(f"Filling the bench database ({database}, {args.scale}x) through the services...")
    database_fresh()
    app, filled = database_fill(scale=args.scale, port=args.port)
    print(f"Filled in {filled['generate_seconds']} s: {filled['counts']}")
    urls = filled["urls"]
    environ = bench_environ(port=args.port)
    site = Server(app="linkenglish:create_app()", port=args.port, environ=environ)
    hello = Server(app="bench.hello:app", port=args.port + 1, environ=environ)
    try:
        site.wait_ready(urls["gallery"])
        hello.wait_ready()
        rows = load_all(site, hello, urls, seconds=args.seconds)
    finally:
        site.stop()
        hello.stop()
    counts = sql_counts(app, urls)
    for row in rows:
        row["sql"], row["status"] = counts[row["page"]]
    rows_compare(rows, scale=args.scale, database=database)
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "database": database,
        "scale": args.scale,
        "seconds_per_run": args.seconds,
        **filled,
        "rows": rows,
    }
    path = results_write(result, scale=args.scale, database=database)
    print(f"\n{result['date']}, {result['machine']}, {database}, {args.scale}x\n")
    print(table(rows))
    print(f"\nResults written to {path}")


def load_all(site: Server, hello: Server, urls: dict, *, seconds: int) -> list[dict]:
    """Hello, page, hello, page, ... hello: each page's ratio is against the hellos beside it."""
    base = f"http://127.0.0.1:{site.port}"
    browsers = browsers_signed_in(lambda: Browser(base), urls)
    hello_url = f"http://127.0.0.1:{hello.port}/"

    def hello_run() -> float:
        hello.wait_idle()
        site.wait_idle()
        return wrk(hello_url, seconds=seconds).rps

    rows, before = [], hello_run()
    for page in PAGES:
        browser = browsers[page.role]
        if page.form == "sign_in":
            browser = Browser(base)  # a fresh visitor, signed out
        post = post_fields(page, browser, urls)
        for length in (seconds, SLOW_SECONDS):
            site.wait_idle()
            hello.wait_idle()
            cpu = site.cpu_ms()
            run = wrk(base + urls[page.url], seconds=length, cookie=browser.cookie(), post=post)
            cpu = site.cpu_ms() - cpu
            if run.requests >= CONNECTIONS:
                break  # else a slow page: again, long enough for each connection to finish
        after = hello_run()
        rows.append(
            {
                "page": page.name,
                "url": urls[page.url],
                "method": "GET" if post is None else "POST",
                "requests": run.requests,
                "rps": run.rps,
                "p50_ms": run.p50_ms,
                "p99_ms": run.p99_ms,
                "errors": run.errors,
                "hello_rps": [before, after],
                "ratio": round(run.rps / statistics.mean([before, after]), 3),
                "cpu_ms": round(cpu / run.requests, 1) if run.requests else None,
            }
        )
        print(f"  {page.name}: {run.rps:.1f} req/s, {rows[-1]['cpu_ms']} CPU ms", flush=True)
        before = after
    return rows


def sql_counts(app, urls: dict) -> dict:
    """SQL statements per request of each page, counted in-process after the load."""
    browsers = browsers_signed_in(lambda: ClientBrowser(app), urls)
    counts = {}
    for page in PAGES:
        browser = ClientBrowser(app) if page.form == "sign_in" else browsers[page.role]
        post = post_fields(page, browser, urls)
        counts[page.name] = browser.count(urls[page.url], post)
    return counts


if __name__ == "__main__":
    sys.exit(main())
