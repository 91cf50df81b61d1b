"""Turns a scripts/bench-native run into markdown.

Reads criterion's estimates and the memory example's JSON lines from the run's
folder (BENCH_OUT), writes the generated block to BENCH_OUT/native.md and, for
a full run, puts it between the native results markers of docs/benchmarks.md.
Everything else in that file, the browser half included, is left as it is.
"""

import json
import os
import pathlib
import re
import textwrap

OUT = pathlib.Path(os.environ["BENCH_OUT"])
CRITERION = pathlib.Path(os.environ["CRITERION_HOME"])
DOC = pathlib.Path("docs/benchmarks.md")
START = "<!-- native:results:start -->"
END = "<!-- native:results:end -->"

# The targets the figures are read against.
OVERHEAD_TARGET = 1.5
FLAT_KIB = 1024

REQUESTS = [
    ("catalog_list", "`catalog` list: `GET /api/products/`"),
    ("catalog_create", "`catalog` create: `POST /api/products/`"),
    ("orders_create", "`orders` place order: `POST /orders`"),
]

SKELETON = f"""# Benchmarks

ServiceLab measures itself in two halves: natively, the simulation core
against the SQL it runs (`scripts/bench-native`), and in the browser. Each
half keeps to its own section of this file, between its markers.

<!-- native:start -->
## Native: the simulator against the SQL it runs

{START}
{END}
<!-- native:end -->
"""


def estimate(group, function):
    """Criterion's headline figure, the one it prints: the slope of time
    against iterations where it fitted one, the mean otherwise."""
    path = CRITERION / group / function / "new" / "estimates.json"
    estimates = json.loads(path.read_text())
    figure = estimates.get("slope") or estimates["mean"]
    interval = figure["confidence_interval"]
    return figure["point_estimate"], interval["lower_bound"], interval["upper_bound"]


def duration(ns):
    return f"{ns / 1000:.1f} µs" if ns >= 1000 else f"{ns:.0f} ns"


def timing(figures):
    point, low, high = figures
    return f"{duration(point)} ({duration(low)} to {duration(high)})"


def per_second(ns):
    return f"{1e9 / ns:,.0f}"


def verdict(ratio):
    if ratio <= OVERHEAD_TARGET:
        return f"meets it ({ratio:.2f}×)"
    return f"**poor**: {ratio:.1f}×, {ratio / OVERHEAD_TARGET:.1f} times the target"


def speed_table():
    rows = [
        "| request | simulated, per request | raw SQL, per request | overhead "
        "(simulated / raw) | simulated req/s | raw req/s | against the "
        f"{OVERHEAD_TARGET}× target |",
        "|---|---|---|---|---|---|---|",
    ]
    for group, label in REQUESTS:
        simulated = estimate(group, "simulated")
        raw = estimate(group, "raw")
        ratio = simulated[0] / raw[0]
        rows.append(
            f"| {label} | {timing(simulated)} | {timing(raw)} | {ratio:.2f}× "
            f"| {per_second(simulated[0])} | {per_second(raw[0])} | {verdict(ratio)} |"
        )
    return "\n".join(rows)


def kib(n):
    if n is None:
        return "n/a"
    return f"{n / 1024:.1f} MiB" if abs(n) >= 1024 else f"{n} KiB"


def memory_lines():
    text = (OUT / "memory.jsonl").read_text()
    return [json.loads(line) for line in text.splitlines()]


def memory_table(lines):
    rows = [
        "| mix | requests | VmRSS | VmHWM (peak) | database pages (main) | temp schema "
        "| products | orders | 2xx / 3xx / 4xx / 5xx |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for line in lines:
        statuses = " / ".join(f"{line[f'status_{k}xx']:,}" for k in range(2, 6))
        rows.append(
            f"| {line['mix']} | {line['requests']:,} | {kib(line['rss_kib'])} "
            f"| {kib(line['hwm_kib'])} | {kib(line['db_bytes'] // 1024)} "
            f"| {kib(line['temp_bytes'] // 1024)} | {line['products']:,} "
            f"| {line['orders']:,} | {statuses} |"
        )
    return "\n".join(rows)


def growth(lines):
    """One sentence per mix on growth between its first and last checkpoint."""
    sentences = []
    for mix in dict.fromkeys(line["mix"] for line in lines):
        points = [line for line in lines if line["mix"] == mix and line["requests"] > 0]
        if len(points) < 2 or points[0]["rss_kib"] is None:
            continue
        first, last = points[0], points[-1]
        rss = last["rss_kib"] - first["rss_kib"]
        pages = (last["db_bytes"] + last["temp_bytes"] - first["db_bytes"]
                 - first["temp_bytes"]) // 1024
        beyond = rss - pages
        span = f"from {first['requests']:,} to {last['requests']:,} requests"
        if rss <= FLAT_KIB:
            reading = "flat."
        else:
            own = "flat" if beyond <= FLAT_KIB else "**not flat**"
            reading = f"not flat, it grows with the data; beyond the data's own pages, {own}."
        sentence = (
            f"- `{mix}`, {span}: resident memory {sign(rss)}, database pages "
            f"{sign(pages)}, so {sign(beyond)} beyond the pages: {reading} "
            f"(Flat means growing by at most {kib(FLAT_KIB)}.)"
        )
        sentences.append(textwrap.fill(sentence, width=80, subsequent_indent="  "))
    return "\n".join(sentences)


def checkpoints(lines):
    counts = sorted({line["requests"] for line in lines if line["requests"] > 0})
    return " and ".join(f"{n:,}" for n in counts)


def sign(n):
    return ("+" if n >= 0 else "−") + kib(abs(n))


def render():
    env = os.environ
    lines = memory_lines()
    sqlite = next((line["sqlite_version"] for line in lines if line.get("sqlite_version")), "?")
    title = "Figures from the last run"
    if env["BENCH_MODE"] != "full":
        title = "Smoke run (`--quick`): tiny samples, not figures to quote"
    return f"""{START}
<!-- Generated by scripts/bench-native; edits between these markers are overwritten. -->
### {title}

- When: {env['BENCH_DATE']}; {env['BENCH_SECONDS']} s measuring, after
  {env['BENCH_BUILD_SECONDS']} s building.
- Machine: {env['BENCH_NPROC']} cores (`nproc`), {env['BENCH_CPU']}, {env['BENCH_RAM']} RAM.
- Load average (1, 5 and 15 minutes): {env['BENCH_LOAD']}.
- Software: {env['BENCH_RUSTC']}; rusqlite {env['BENCH_RUSQLITE']} with
  SQLite {sqlite} bundled; criterion {env['BENCH_CRITERION']}.

Time per request is criterion's estimate (the slope of time against
iterations, as it prints), with its 95% confidence interval in brackets.
Requests per second are 1 s over that estimate, on one core.

{speed_table()}

Memory after {checkpoints(lines)} requests (`crates/sim/examples/memory.rs`, one
process per mix, every `Exchange` dropped on arrival). Database pages are
`page_count * page_size`; the temp schema holds the change tracker's log.

{memory_table(lines)}

{growth(lines)}
{END}"""


def main():
    block = render()
    (OUT / "native.md").write_text(block + "\n")
    if os.environ["BENCH_MODE"] != "full":
        return
    text = DOC.read_text() if DOC.exists() else SKELETON
    if START not in text or END not in text:
        raise SystemExit(f"{DOC} lacks the {START} and {END} markers")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(pattern.sub(lambda _: block, text, count=1))


if __name__ == "__main__":
    main()
