#!/usr/bin/env python3
"""Draws JMH results as an SVG bar chart of ratios to the baseline measured in the same run.

    python3 benchmark/chart.py results.json chart.svg

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


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        results = json.load(f)
    all_groups = list(groups(results))
    with open(sys.argv[2], "w") as f:
        f.write(svg(all_groups))
    for title, rows in all_groups:
        print(title)
        for label, score, err, unit, ratio in rows:
            r = f"{ratio:.2f}x" if ratio else "  n/a"
            print(f"  {label:<32} {score:12.3f} ± {err:8.3f} {unit:<6} {r}")


if __name__ == "__main__":
    main()
