#!/usr/bin/env python3
"""Draws JMH results as an SVG bar chart of ratios to the baseline measured in the same run.

    python3 benchmark/chart.py results.json chart.svg [plan-cache.json]

ScalingBenchmark is drawn apart, in chart-scaling.svg: cold rewrite time per row, marker or table
against the statement's size on a log scale (a flat line is linear growth). With a plan-cache.json
from PlanCacheFootprint, chart-plan-cache.svg draws the cache's retained heap against the number
of distinct statements, with its bound.

For each benchmark method, every parameter value (driver, mode, statement…) becomes a bar whose
length is its score divided by the baseline's: the parameter value `raw` or `none`, or, for
ColdRewriteBenchmark, the `parse` method of the same statement. 1.0 is "no overhead". Standard
library only, so it runs wherever the benchmarks do.
"""
import json
import sys
from xml.sax.saxutils import escape

BASELINES = ("raw", "none")


def label_of(entry):
    params = entry.get("params") or {}
    return ",".join(f"{v}" for _, v in sorted(params.items()))


def groups(results):
    """Yields (title, [(label, score, error, ratio)]) per benchmark method, baseline first."""
    by_method = {}
    for e in results:
        name = e["benchmark"].rsplit(".", 2)
        cls, method = name[-2], name[-1]
        metric = e["primaryMetric"]
        err = metric.get("scoreError")
        err = err if isinstance(err, (int, float)) and err == err else 0.0  # "NaN" with too few iterations
        by_method.setdefault((cls, method), []).append(
            (label_of(e), metric["score"], err, metric["scoreUnit"], e))
    cold = {}
    for (cls, method), rows in by_method.items():
        if cls == "ScalingBenchmark":
            continue
        if cls == "ColdRewriteBenchmark":
            for label, score, err, unit, e in rows:
                cold.setdefault(label, {})[method] = (score, err, unit)
            continue
        base = next((r for r in rows if r[0] in BASELINES), None)
        out = []
        for label, score, err, unit, e in rows:
            ratio = score / base[1] if base and base[1] else None
            out.append((label, score, err, unit, ratio))
        out.sort(key=lambda r: (r[0] not in BASELINES, r[0]))
        yield f"{cls}.{method}", out
    if cold:
        out = []
        for statement, methods in sorted(cold.items()):
            parse = methods.get("parse")
            for method in ("parse", "rewrite"):
                if method in methods:
                    score, err, unit = methods[method]
                    ratio = score / parse[0] if parse and parse[0] else None
                    out.append((f"{statement} {method}", score, err, unit, ratio))
        yield "ColdRewriteBenchmark (ratio to parse)", out


def svg(all_groups):
    width, bar_h, gap, left, right = 1000, 18, 6, 300, 290
    scale_max = max([r[4] for _, rows in all_groups for r in rows if r[4]] + [1.0])
    scale_max = max(scale_max, 1.2)
    plot_w = width - left - right
    y = 30
    parts = []
    for title, rows in all_groups:
        parts.append(f'<text x="10" y="{y}" font-weight="bold">{escape(title)}</text>')
        y += 10
        for label, score, err, unit, ratio in rows:
            w = plot_w * (ratio / scale_max) if ratio else 0
            colour = "#7a7a7a" if label in BASELINES or label.endswith(" parse") else "#2b6cb0"
            parts.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">{escape(label)}</text>')
            parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>')
            r = f"{ratio:.2f}x" if ratio else "n/a"
            parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 13}">{r}  ({score:.2f} ± {err:.2f} {escape(unit)})</text>')
            y += bar_h + gap
        y += 18
    one = left + plot_w * (1.0 / scale_max)
    parts.append(f'<line x1="{one:.1f}" y1="20" x2="{one:.1f}" y2="{y - 20}" stroke="#c53030" stroke-dasharray="4 3"/>')
    header = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" '
              f'font-family="sans-serif" font-size="12">'
              f'<rect width="100%" height="100%" fill="white"/>')
    return header + "".join(parts) + "</svg>\n"


def scaling(results):
    """{shape: [(size, score per unit, unit)]} for ScalingBenchmark, sizes ascending."""
    out = {}
    for e in results:
        cls, method = e["benchmark"].rsplit(".", 2)[-2:]
        if cls != "ScalingBenchmark":
            continue
        size = int(next(iter(e["params"].values())))
        metric = e["primaryMetric"]
        out.setdefault(method, []).append((size, metric["score"] / size, metric["scoreUnit"]))
    return {k: sorted(v) for k, v in out.items()}


def line_chart(title, series, x_label, y_label, log_x=True, bound=None):
    """A small SVG line chart: series is {name: [(x, y)]}."""
    import math
    width, height, left, bottom, top, right = 760, 360, 80, 50, 40, 170
    xs = [x for pts in series.values() for x, _ in pts]
    ys = [y for pts in series.values() for _, y in pts] + ([bound] if bound else [])
    if not xs:
        return None
    fx = (lambda v: math.log10(v)) if log_x else (lambda v: v)
    x0, x1 = fx(min(xs)), fx(max(xs))
    x1 = x1 if x1 > x0 else x0 + 1
    y1 = max(ys) * 1.1 or 1
    pw, ph = width - left - right, height - top - bottom
    px = lambda v: left + pw * (fx(v) - x0) / (x1 - x0)
    py = lambda v: top + ph * (1 - v / y1)
    colours = ["#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b7791f"]
    parts = [f'<text x="10" y="20" font-weight="bold">{escape(title)}</text>',
             f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="black"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="black"/>',
             f'<text x="{left + pw / 2}" y="{height - 10}" text-anchor="middle">{escape(x_label)}</text>',
             f'<text x="12" y="{top + ph / 2}" transform="rotate(-90 12 {top + ph / 2})" text-anchor="middle">'
             f'{escape(y_label)}</text>',
             f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{y1:.3g}</text>',
             f'<text x="{left - 6}" y="{top + ph}" text-anchor="end">0</text>']
    for x in sorted(set(xs)):
        parts.append(f'<text x="{px(x):.1f}" y="{top + ph + 16}" text-anchor="middle">{x:,}</text>')
    if bound:
        parts.append(f'<line x1="{left}" y1="{py(bound):.1f}" x2="{left + pw}" y2="{py(bound):.1f}" '
                     f'stroke="#c53030" stroke-dasharray="4 3"/>')
    for i, (name, pts) in enumerate(sorted(series.items())):
        c = colours[i % len(colours)]
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{c}" stroke-width="2"/>')
        for x, y in pts:
            parts.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{c}"/>')
        parts.append(f'<text x="{left + pw + 10}" y="{top + 16 * i + 10}" fill="{c}">{escape(name)}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
            f'font-size="12"><rect width="100%" height="100%" fill="white"/>' + "".join(parts) + "</svg>\n")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        results = json.load(f)
    all_groups = list(groups(results))
    with open(sys.argv[2], "w") as f:
        f.write(svg(all_groups))
    stem = sys.argv[2][:-4] if sys.argv[2].endswith(".svg") else sys.argv[2]
    grow = scaling(results)
    if grow:
        unit = next(iter(grow.values()))[0][2]
        names = {"insertRows": "INSERT, per row", "inList": "IN list, per marker", "join": "join, per table"}
        chart = line_chart("Cold rewrite time per row / marker / table (flat = linear)",
                           {names.get(k, k): [(x, y) for x, y, _ in v] for k, v in grow.items()},
                           "statement size (rows, markers, tables; log scale)", f"{unit} per unit")
        with open(stem + "-scaling.svg", "w") as f:
            f.write(chart)
        print("ScalingBenchmark (per unit)")
        for k, v in sorted(grow.items()):
            print("  " + k + ": " + ", ".join(f"{x:,}: {y:.3g}" for x, y, _ in v) + f" {unit}")
    if len(sys.argv) == 4:
        with open(sys.argv[3]) as f:
            memory = json.load(f)
        bound = memory[0]["bound"] if memory else None
        per_plan = max((m["retainedBytes"] / m["cachedPlans"] for m in memory if m["cachedPlans"]), default=0)
        chart = line_chart("Plan cache retained heap against distinct statements (bound dashed)",
                           {"retained MB": [(m["statements"], m["retainedBytes"] / 1e6) for m in memory]},
                           "distinct statements planned (log scale)", "MB retained",
                           bound=bound * per_plan / 1e6 if bound else None)
        with open(stem + "-plan-cache.svg", "w") as f:
            f.write(chart)
    for title, rows in all_groups:
        print(title)
        for label, score, err, unit, ratio in rows:
            r = f"{ratio:.2f}x" if ratio else "  n/a"
            print(f"  {label:<32} {score:12.3f} ± {err:8.3f} {unit:<6} {r}")


if __name__ == "__main__":
    main()
