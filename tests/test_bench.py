"""The benchmark's pure parts: reading wrk's summary, pen names, forms, the table."""

from bench.generate import pen_name, pen_names_distinct
from bench.load import lua_post, parse
from bench.report import table
from bench.signin import form_fields

WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:8301/gallery/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    40.12ms   20.01ms 193.20ms   80.00%
  Latency Distribution
     50%   36.40ms
     75%   50.00ms
     90%   70.00ms
     99%    1.20s
  600 requests in 3.00s, 4.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 3
Requests/sec:    200.00
Transfer/sec:      1.33MB
"""


def test_parse_reads_wrk_summary():
    run = parse(WRK_OUTPUT)
    assert (run.requests, run.rps, run.p50_ms, run.p99_ms) == (600, 200.0, 36.4, 1200.0)
    assert run.errors == 6


def test_pen_names_are_distinct_letters():
    assert pen_name(0) == "Writer A"
    assert len({pen_name(index) for index in range(5000)}) == 5000
    pen_names_distinct(2001)


def test_form_fields_reads_the_form_posting_to_its_page():
    html = (
        '<form action="/other"><input name="x" value="1"></form>'
        '<form method="post"><input type="hidden" name="csrf_token" value="t">'
        '<input type="radio" name="s" value="a"><input type="radio" name="s" value="b" checked>'
        '<textarea name="body">Hello</textarea><input type="submit" name="go"></form>'
    )
    assert form_fields(html, "/sign-in") == [("csrf_token", "t"), ("s", "b"), ("body", "Hello")]


def test_lua_post_escapes_the_body():
    assert 'wrk.body = "a=%22q%22&b=1"' in lua_post([("a", '"q"'), ("b", "1")])


def test_table_has_a_row_per_page():
    row = {
        "page": "feed", "rps": 43.5, "p50_ms": 174.6, "p99_ms": 270.1, "ratio": 0.01,
        "cpu_ms": 14.8, "sql": 1, "errors": 0, "status": 200,
    }  # fmt: skip
    lines = table([row]).splitlines()
    assert len(lines) == 3 and "| feed" in lines[2] and "-" in lines[2]
