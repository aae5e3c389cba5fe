#!/usr/bin/env python3
"""Results table and charts from criterion's JSON (run by benches/run.sh after `cargo bench`).

    benches/inputs/venv/bin/python benches/chart.py [TARGET_DIR]

Reads TARGET_DIR/criterion (default: target/ or $CARGO_TARGET_DIR) and benches/inputs/summary.json
(written by the bench: input sizes, frame counts, parser size), writes benches/results/results.md
and one PNG per view into benches/results/. Uses medians, as the issue's targets do.

The bindings' numbers, when present, come from benches/results/python.json and js.json (written
by `benches/python/bench.py --json …` and `node benches/js/bench.mjs --json …`): a table each in
results.md and the chart bindings.png.
"""
import json
import os
import platform
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

BENCHES = Path(__file__).resolve().parent
ROOT = BENCHES.parent
OUT = BENCHES / "results"
PROFILES = ["c2s-mix", "tiny", "large", "s2s"]
# Contender order in tables and charts: xmpp-wire first, then peers, then ceilings.
CONTENDERS = [
    ("xmpp-wire", "4096"), ("quick-xml", "4096"), ("rxml", "4096"), ("xmlparser", "whole"),
    ("expat", "4096"), ("memchr", "whole"), ("copy", "4096"),
]
CHUNKS = ["whole", "4096", "64", "1"]
PEERS = ["quick-xml", "rxml", "xmlparser", "expat", "memchr"]
# The bindings' benches: file in results/, label, contenders in order (xmpp-wire first).
BINDINGS = [
    ("python.json", "Python", ["xmpp-wire", "XMLPullParser", "pyexpat"]),
    ("js.json", "Node", ["xmpp-wire", "ltx", "saxes"]),
]


def median_ns(criterion, group, function, value):
    path = criterion / group / function / value / "new" / "estimates.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["median"]["point_estimate"]


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    criterion = target / "criterion"
    summary = json.loads((BENCHES / "inputs" / "summary.json").read_text())
    inputs = summary["inputs"]
    OUT.mkdir(exist_ok=True)

    def row(group, function, value):
        ns = median_ns(criterion, group, function, value)
        if ns is None:
            return None
        size, frames = inputs[group]["bytes"], inputs[group]["frames"]
        return {"ns": ns, "mbs": size / ns * 1e3, "fps": frames / ns * 1e9}

    lines = [
        "Machine: %s, %d logical CPUs shared with other work; %s; %s; parser state %d bytes "
        "(`size_of::<StreamParser<&mut [u8]>>()`, buffer not included)."
        % (cpu_model(), os.cpu_count() or 0, platform.platform(terse=True), summary["expat"], summary["parser_size"]),
        "",
        "Clock: %s. " % ("thread CPU time (benches/clock.rs)" if summary.get("clock", "cpu") == "cpu" else "wall time") +
        "MB/s is 10^6 bytes per second of median time; frames/s counts every top-level element plus the "
        "stream header and close. Ratios are xmpp-wire at 4096-byte chunks over the contender (higher is "
        "better for xmpp-wire); for memchr and copy the ratio is the share of the ceiling reached.",
        "",
    ]
    for profile in PROFILES:
        if profile not in inputs:
            continue
        wire = row(profile, "xmpp-wire", "4096")
        lines += [
            "### %s (%.1f MB, %d frames)" % (profile, inputs[profile]["bytes"] / 1e6, inputs[profile]["frames"]),
            "",
            "| contender | feed | MB/s | frames/s | xmpp-wire/4096 vs it |",
            "|---|---|---:|---:|---:|",
        ]
        entries = [("xmpp-wire", c) for c in CHUNKS] + CONTENDERS[1:]
        for function, value in entries:
            r = row(profile, function, value)
            if r is None:
                continue
            ratio = "" if function == "xmpp-wire" else "%.2f×" % (wire["mbs"] / r["mbs"]) if wire else ""
            # The ceilings parse nothing, so a frame rate means nothing for them.
            fps = "" if function in ("memchr", "copy") else "%.2f M" % (r["fps"] / 1e6)
            lines.append("| %s | %s | %.0f | %s | %s |" % (function, value, r["mbs"], fps, ratio))
        lines.append("")

    big = "stanza-1mib"
    if big in inputs:
        whole = row(big, "xmpp-wire", "whole")
        lines += [
            "### Linear time: one 1 MiB stanza (%.2f MB stream)" % (inputs[big]["bytes"] / 1e6),
            "",
            "| feed | MB/s | time vs whole |",
            "|---|---:|---:|",
        ]
        for value in CHUNKS:
            r = row(big, "xmpp-wire", value)
            if r and whole:
                lines.append("| %s | %.0f | %.2f× |" % (value, r["mbs"], r["ns"] / whole["ns"]))
        lines.append("")

    lines += targets(row)
    bindings = load_bindings()
    lines += bindings_tables(bindings)
    text = "\n".join(lines) + "\n"
    (OUT / "results.md").write_text(text)
    print(text)
    draw_throughput(row)
    draw_chunking(row)
    if bindings:
        draw_bindings(row, bindings)


def targets(row):
    """The issue's targets, each with the measured value and whether it is met."""
    out = ["### Targets (issue 4)", "", "| target | measured | met |", "|---|---:|---|"]

    def add(name, value, ok, fmt):
        if value is not None:
            out.append("| %s | %s | %s |" % (name, fmt % value, "yes" if ok(value) else "**no**"))

    wire = row("c2s-mix", "xmpp-wire", "4096")
    for peer, value, want in [("quick-xml", "4096", 2), ("expat", "4096", 5), ("rxml", "4096", 10)]:
        r = row("c2s-mix", peer, value)
        if wire and r:
            add("c2s-mix ≥ %d× %s" % (want, peer), wire["mbs"] / r["mbs"], lambda v, w=want: v >= w, "%.2f×")
    m = row("c2s-mix", "memchr", "whole")
    if wire and m:
        add("c2s-mix ≥ 1/3 of memchr", wire["mbs"] / m["mbs"], lambda v: v >= 1 / 3, "%.3f")
    t = row("tiny", "xmpp-wire", "4096")
    if t:
        add("tiny ≥ 3 M frames/s", t["fps"] / 1e6, lambda v: v >= 3, "%.2f M")
    whole = row("stanza-1mib", "xmpp-wire", "whole")
    for value, limit in [("1", 2.0), ("64", 1.2)]:
        r = row("stanza-1mib", "xmpp-wire", value)
        if whole and r:
            add("1 MiB stanza, %s-byte feeds ≤ %.1f× whole" % (value, limit), r["ns"] / whole["ns"],
                lambda v, l=limit: v <= l, "%.2f×")
    return out + [""]


def load_bindings():
    """{label: {(profile, contender): result}} from the bindings' JSON files that exist."""
    found = {}
    for name, label, _ in BINDINGS:
        path = OUT / name
        if path.exists():
            data = json.loads(path.read_text())
            found[label] = {
                "meta": data,
                "results": {(r["profile"], r["contender"]): r for r in data["results"]},
            }
    return found


def bindings_tables(bindings):
    out = []
    for _, label, contenders in BINDINGS:
        if label not in bindings:
            continue
        meta, results = bindings[label]["meta"], bindings[label]["results"]
        runs = len(next(iter(results.values()))["runs"])
        out += [
            "### %s binding (4096-byte chunks, median of %d, %s time)" % (label, runs, meta["clock"]),
            "",
            "| profile | contender | MB/s | frames/s | xmpp-wire vs it |",
            "|---|---|---:|---:|---:|",
        ]
        for profile in PROFILES:
            ours = results.get((profile, "xmpp-wire"))
            for contender in contenders:
                r = results.get((profile, contender))
                if r is None:
                    continue
                ratio = "" if contender == "xmpp-wire" or not ours else "%.1f×" % (r["seconds"] / ours["seconds"])
                out.append("| %s | %s | %.1f | %.3f M | %s |" % (
                    profile, contender, r["bytes"] / r["seconds"] / 1e6, r["frames"] / r["seconds"] / 1e6, ratio))
        out.append("")
    return out


def draw_bindings(row, bindings):
    """Each binding beside the parsers of its language, and the Rust core (criterion) for scale."""
    series = [("Rust xmpp-wire (cargo bench)", lambda p: (row(p, "xmpp-wire", "4096") or {}).get("mbs"))]
    for _, label, contenders in BINDINGS:
        if label in bindings:
            results = bindings[label]["results"]
            for contender in contenders:
                def mbs(p, results=results, contender=contender):
                    r = results.get((p, contender))
                    return r["bytes"] / r["seconds"] / 1e6 if r else None
                series.append(("%s %s" % (label, contender), mbs))
    fig, ax = plt.subplots(figsize=(10, 5))
    width = 0.8 / len(series)
    for i, (name, mbs) in enumerate(series):
        xs, ys = [], []
        for j, profile in enumerate(PROFILES):
            value = mbs(profile)
            if value:
                xs.append(j + (i - (len(series) - 1) / 2) * width)
                ys.append(value)
        bars = ax.bar(xs, ys, width, label=name, hatch="//" if name.endswith("xmpp-wire") else None)
        ax.bar_label(bars, fmt="%.0f", fontsize=7, padding=2)
    ax.set_xticks(range(len(PROFILES)), PROFILES)
    ax.set_yscale("log")
    ax.set_ylim(top=ax.get_ylim()[1] * 2)
    ax.set_ylabel("MB/s (median, log scale)")
    ax.set_title("Bindings: xmpp-wire beside each language's parsers (4096-byte chunks)")
    ax.legend(fontsize=8, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.07))
    fig.tight_layout()
    fig.savefig(OUT / "bindings.png", dpi=110)


def draw_throughput(row):
    fig, ax = plt.subplots(figsize=(10, 5))
    width = 0.8 / len(CONTENDERS)
    for i, (function, value) in enumerate(CONTENDERS):
        xs, ys = [], []
        for j, profile in enumerate(PROFILES):
            r = row(profile, function, value)
            if r:
                xs.append(j + (i - (len(CONTENDERS) - 1) / 2) * width)
                ys.append(r["mbs"])
        bars = ax.bar(xs, ys, width, label="%s (%s)" % (function, value))
        ax.bar_label(bars, fmt="%.0f", fontsize=6, rotation=90, padding=2)
    ax.set_xticks(range(len(PROFILES)), PROFILES)
    ax.set_yscale("log")
    ax.set_ylabel("MB/s (median, log scale)")
    ax.set_ylim(top=ax.get_ylim()[1] * 3)
    ax.set_title("Throughput per contender and profile (same inputs, same run)")
    ax.legend(fontsize=8, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.07))
    fig.tight_layout()
    fig.savefig(OUT / "throughput.png", dpi=110)


def draw_chunking(row):
    groups = PROFILES + ["stanza-1mib"]
    fig, ax = plt.subplots(figsize=(9, 4.5))
    width = 0.8 / len(CHUNKS)
    for i, value in enumerate(CHUNKS):
        xs, ys = [], []
        for j, group in enumerate(groups):
            r = row(group, "xmpp-wire", value)
            if r:
                xs.append(j + (i - (len(CHUNKS) - 1) / 2) * width)
                ys.append(r["mbs"])
        bars = ax.bar(xs, ys, width, label="%s-byte feeds" % value if value != "whole" else "whole")
        ax.bar_label(bars, fmt="%.0f", fontsize=7, padding=2)
    ax.set_xticks(range(len(groups)), groups)
    ax.set_yscale("log")
    ax.set_ylim(top=ax.get_ylim()[1] * 2)
    ax.set_ylabel("MB/s (median, log scale)")
    ax.set_title("xmpp-wire by chunk size (stanza-1mib: one 1 MiB stanza)")
    ax.legend(fontsize=8, ncol=4, loc="upper left")
    fig.tight_layout()
    fig.savefig(OUT / "chunking.png", dpi=110)


if __name__ == "__main__":
    main()
