#!/usr/bin/env python3
"""Writes a markdown summary of a benchmark run: each target of issue 19, the measured figure, met or missed.

    python3 benchmark/summary.py results.json summary.md [plan-cache.json]

Allocation figures are JMH's gc.alloc.rate.norm (B/op, from -prof gc), compared with the raw driver
in the same run; times are ratios to the raw driver in the same run, with their 99.9% intervals.
Standard library only.
"""
import json
import sys

ALLOC = "gc.alloc.rate.norm"


def index(results):
    out = {}
    for e in results:
        cls, method = e["benchmark"].rsplit(".", 2)[-2:]
        params = e.get("params") or {}
        out[(cls, method, params.get("driver") or next(iter(params.values()), ""))] = e
    return out


def score(e):
    m = e["primaryMetric"]
    err = m.get("scoreError")
    return m["score"], (err if isinstance(err, (int, float)) and err == err else 0.0), m["scoreUnit"]


def alloc(e):
    m = (e.get("secondaryMetrics") or {}).get(ALLOC)
    return m["score"] if m else None


def floor_of(runs, method, driver):
    """The rewriting case's floor: the raw driver running the rewritten SQL, when the run has it."""
    return runs.get(("DriverOverheadBenchmark", method, "raw-rewritten")) if driver == "tandem-rewriting" else None


def label(e):
    return (e.get("params") or {}).get("driver", "raw")


def verdict(ok):
    return "met" if ok else "**missed**"


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    results = json.load(open(sys.argv[1]))
    runs = index(results)
    forks = max((e.get("forks", 1) for e in results), default=0)
    lines = [f"# Benchmark summary ({forks} fork(s) per case, {results[0]['jdkVersion'] if results else '?'})", "",
             "| target | case | measured | verdict |", "|---|---|---|---|"]

    def row(target, case, measured, ok):
        lines.append(f"| {target} | {case} | {measured} | {verdict(ok) if ok is not None else 'n/a'} |")

    def peer_row(cls, method, base, unit, where=""):
        peer = runs.get((cls, method, "shardingsphere"))
        ours = runs.get((cls, method, "tandem-rewriting"))
        if peer and ours:
            peer_over, our_over = score(peer)[0] - base, score(ours)[0] - base
            row(f"peer{where}: Tandem's overhead <= half of ShardingSphere's", method,
                f"Tandem {our_over:+.0f} {unit}, ShardingSphere {peer_over:+.0f} {unit}", our_over <= peer_over / 2)

    for method, limit, what in (("selectPrepared", 0, "prepared, +0 B/op over raw"),
                                ("insertPrepared", 0, "prepared, +0 B/op over raw"),
                                ("selectPrepareEach", 32, "prepare per call, <= +32 B/op"),
                                ("insertPrepareEach", 32, "prepare per call, <= +32 B/op")):
        raw = runs.get(("DriverOverheadBenchmark", method, "raw"))
        if not raw or alloc(raw) is None:
            continue
        for driver in ("tandem-no-rules", "tandem-other-table", "tandem-rewriting"):
            e = runs.get(("DriverOverheadBenchmark", method, driver))
            floor = floor_of(runs, method, driver) or raw
            if e and alloc(e) is not None and alloc(floor) is not None:
                extra = alloc(e) - alloc(floor)
                # 8 B of slack: JMH's figure carries a few bytes of the harness's own noise per op.
                row("allocation: " + what, f"{method}, {driver}",
                    f"{extra:+.0f} B/op ({alloc(e):.0f} vs {alloc(floor):.0f}, {label(floor)})", extra <= limit + 8)
    for method in ("selectPrepared", "insertPrepared", "selectPrepareEach", "insertPrepareEach"):
        raw = runs.get(("DriverOverheadBenchmark", method, "raw"))
        if not raw:
            continue
        base, base_err, unit = score(raw)
        for driver, limit in (("tandem-no-rules", 1.05), ("tandem-other-table", 1.05), ("tandem-rewriting", 1.10),
                              ("p6spy", None), ("datasource-proxy", None), ("shardingsphere", None)):
            e = runs.get(("DriverOverheadBenchmark", method, driver))
            if not e:
                continue
            s, err, _ = score(e)
            floor = floor_of(runs, method, driver) or raw
            fb, fb_err, _ = score(floor)
            target = (f"time: pass-through <= {limit}x" if driver != "tandem-rewriting"
                      else f"time: rewriting <= 1.10x (of {label(floor)})") if limit else "time: peer"
            row(target, f"{method}, {driver}", f"{s / fb:.2f}x ({s:.0f} ± {err:.0f} vs {fb:.0f} ± {fb_err:.0f} {unit})",
                s / fb <= limit if limit else None)
        peer_row("DriverOverheadBenchmark", method, base, unit)
    # The same SELECT on PostgreSQL over loopback, where the round trip hides more of the overhead.
    for method in ("selectPrepared", "selectPrepareEach"):
        raw = runs.get(("PostgresPeerBenchmark", method, "raw"))
        if not raw:
            continue
        base, base_err, unit = score(raw)
        for driver, limit in (("tandem-other-table", 1.02), ("tandem-rewriting", None), ("shardingsphere", None)):
            e = runs.get(("PostgresPeerBenchmark", method, driver))
            if e:
                s, err, _ = score(e)
                row(f"time on PostgreSQL: pass-through <= {limit}x" if limit else "time on PostgreSQL",
                    f"{method}, {driver}", f"{s / base:.2f}x ({s:.1f} ± {err:.1f} vs {base:.1f} ± {base_err:.1f} {unit})",
                    s / base <= limit if limit else None)
        peer_row("PostgresPeerBenchmark", method, base, unit, " on PostgreSQL")
    grow = {}
    for e in results:
        cls, method = e["benchmark"].rsplit(".", 2)[-2:]
        if cls == "ScalingBenchmark":
            size = int(next(iter(e["params"].values())))
            grow.setdefault(method, []).append((size, score(e)[0] / size, score(e)[2]))
    for method, pts in sorted(grow.items()):
        pts.sort()
        if len(pts) < 3:
            continue
        mid = pts[len(pts) // 2]
        last = pts[-1]
        # Linear or better: the cost per unit at the largest size is at most 1.5x the cost per unit mid-range.
        row("scaling: cold rewrite linear or better", method,
            f"{mid[1]:.3g} {mid[2]}/unit at {mid[0]:,}, {last[1]:.3g} at {last[0]:,}", last[1] <= 1.5 * mid[1])
    if len(sys.argv) == 4:
        memory = json.load(open(sys.argv[3]))
        at_bound = [m for m in memory if m["statements"] >= m["bound"]]
        if at_bound:
            first, last = at_bound[0], at_bound[-1]
            row("plan cache: memory bound holds", f"{first['statements']:,} to {last['statements']:,} statements",
                f"{first['retainedBytes'] / 1e6:.1f} MB -> {last['retainedBytes'] / 1e6:.1f} MB, "
                f"{last['cachedPlans']:,} plans (bound {last['bound']:,})",
                last["retainedBytes"] <= 1.2 * first["retainedBytes"] and last["cachedPlans"] <= 1.05 * last["bound"])
    lines += ["", "Allocation from JMH's `-prof gc` (gc.alloc.rate.norm); times are ratios to the raw driver in",
              "the same run (read the ± intervals before a ratio on a shared machine)."]
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
