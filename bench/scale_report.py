"""The scale benchmark's report: a Markdown table per size with growth slopes, the
incremental-ingest and notes sections, and a log-log SVG chart drawn without a plotting
library (bench/scale_bench.py measures; this renders)."""

from __future__ import annotations

import math
from itertools import pairwise
from xml.sax.saxutils import escape

# Floors on this machine at the largest size (issue 7).
FLOORS: dict[str, tuple[str, float]] = {
    "rss_mb": ("<", 2048.0),
    "retrieval_p50_ms": ("<", 100.0),
    "incremental_ingest_s": ("<", 10.0),
    "cli_ingest_cold_s": ("<", 10.0),
}


# Figures per size: plotted ones first (key: legend label), then table-only ones.
PLOTTED: dict[str, str] = {
    "ingest_chunks_per_s": "store build, chunks/s",
    "retrieval_p50_ms": "retrieval p50, ms",
    "retrieval_p95_ms": "retrieval p95, ms",
    "ask_p50_ms": "ask p50, ms",
    "ask_p95_ms": "ask p95, ms",
    "rss_mb": "peak RSS answering, MB",
    "disk_mb": "disk, MB",
}


TABLE_ONLY = ("retrieval_cpu_p50_ms", "ask_cpu_p50_ms", "chroma_mb", "catalog_mb", "exact_p50_ms",
              "recall_vs_exact", "cli_ask_cold_s", "build_s")


COLOURS = ("#1f77b4", "#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#7f7f7f")


# -- output ----------------------------------------------------------------------------
def size_label(size: int) -> str:
    for unit, scale in (("M", 1_000_000), ("k", 1_000)):
        if size >= scale and size % scale == 0:
            return f"{size // scale}{unit}"
    return str(size)


def render_table(result: dict) -> str:
    """One row per figure: its value at each size, the slopes between sizes, the floor."""
    from bench.ask_bench import floor_text, ok_text, show_value

    sizes, rows = result["sizes"], result["rows"]
    spans = [f"{size_label(a)}->{size_label(b)}" for a, b in pairwise(sizes)]
    lines = [f"{'figure':22}" + "".join(f"{size_label(s):>11}" for s in sizes)
             + "".join(f"{'slope ' + s:>17}" for s in spans) + f"{'floor':>9}  ok"]
    for key in (*PLOTTED, *TABLE_ONLY):
        line = f"{key:22}" + "".join(f"{show_value(row.get(key)):>11}" for row in rows)
        line += "".join(f"{show_value(s):>17}" for s in result["growth"][key])
        floor = FLOORS.get(key)
        line += f"{floor_text(floor):>9}  {ok_text(result['passed'].get(key)) if floor else ''}"
        lines.append(line.rstrip())
    lines += ["", *render_incremental(result), "", *render_notes(result)]
    return "\n".join(lines)


def render_incremental(result: dict) -> list[str]:
    from bench.ask_bench import floor_text, ok_text

    inc, passed = result["incremental"], result["passed"]
    largest = f"{result['sizes'][-1]:,}"
    return [
        f"incremental ingest of a new {inc['pages']}-page PDF into a copy of the {largest}-chunk store:",
        f"  in process (model loaded, {inc['model_load_s']} s apart): open store + ingest = "
        f"{inc['incremental_ingest_s']} s wall, {inc['incremental_ingest_cpu_s']} s CPU, "
        f"{inc['incremental_chunks']} chunks added; floor {floor_text(FLOORS['incremental_ingest_s'])} s: "
        f"{ok_text(passed.get('incremental_ingest_s'))}",
        f"  of which embedding the chunks: {inc['incremental_embed_s']} s (the rest is parsing and the store's writes)",
        f"  into the open store, next files: median {inc['warm_ingest_p50_s']} s wall "
        f"({inc['warm_ingest_cpu_p50_s']} s CPU, embedding {inc['warm_embed_p50_s']} s), chunks {inc['warm_ingest_chunks']}",
        f"  cold `tca ingest FILE`: median {inc.get('cli_ingest_cold_s')} s wall over {inc.get('cli_ingest_runs_s')}, "
        f"chunks {inc.get('cli_ingest_chunks')}; floor {floor_text(FLOORS['cli_ingest_cold_s'])} s: "
        f"{ok_text(passed.get('cli_ingest_cold_s'))}",
        f"  store consistent afterwards: {inc['consistent_after']}",
    ]


def render_notes(result: dict) -> list[str]:
    reused = [size_label(r["size"]) for r in result["rows"] if r.get("reused")]
    return [
        f"measured {result['measured_at']}, load average (1 min) {result['load_average_1m'][0]} before, "
        f"{result['load_average_1m'][1]} after; embedding model {result['embedding_model']}",
        "ingest_chunks_per_s is store-write throughput: the synthetic vectors are derived, not embedded "
        "by the model (real embedding throughput: bench/ingest_bench.py)",
        f"stores reused: {', '.join(reused) or 'none'} (their build figures are as recorded when built; "
        "'-' where none was recorded)",
        f"synthetic vectors: {result['synthetic_vectors']}",
    ]


def render_svg(result: dict, keys: dict[str, str] = PLOTTED, width: int = 800, height: int = 440) -> str:
    """Every figure against corpus size on log-log axes with decade ticks: one polyline
    (and point markers) per figure, and a legend with each figure's unit."""
    sizes, rows = result["sizes"], result["rows"]
    series = {key: [(row["size"], row.get(key)) for row in rows if (row.get(key) or 0) > 0] for key in keys}
    values = [v for points in series.values() for _, v in points]
    box = _Box(70, 40, width - 280, height - 100)
    xs = _decades(min(sizes), max(sizes))
    ys = _decades(min(values, default=1), max(values, default=10))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{box.x}" y="22" font-size="14">Scale: figures against corpus size (log-log)</text>']
    out += _axes(box, xs, ys)
    for number, (key, points) in enumerate(series.items()):
        colour = COLOURS[number % len(COLOURS)]
        coords = [(box.at_x(math.log10(n), xs), box.at_y(math.log10(v), ys)) for n, v in points]
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" data-figure="{key}" '
                   f'points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in coords)}"/>')
        out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in coords]
        y = box.y + 10 + 34 * number
        slopes = ", ".join("-" if s is None else f"{s:+.2f}" for s in result["growth"].get(key, []))
        out.append(f'<line x1="{box.right + 20}" y1="{y}" x2="{box.right + 44}" y2="{y}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{box.right + 50}" y="{y + 4}">{escape(keys[key])}</text>')
        out.append(f'<text x="{box.right + 50}" y="{y + 18}" fill="#555" font-size="11">slope {slopes}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


class _Box:
    """The plotting area, and where a log10 value falls in it."""

    def __init__(self, x: int, y: int, w: int, h: int):
        self.x, self.y, self.w, self.h, self.right, self.bottom = x, y, w, h, x + w, y + h

    def at_x(self, log_value: float, decades: tuple[int, int]) -> float:
        return self.x + self.w * (log_value - decades[0]) / (decades[1] - decades[0])

    def at_y(self, log_value: float, decades: tuple[int, int]) -> float:
        return self.bottom - self.h * (log_value - decades[0]) / (decades[1] - decades[0])


def _decades(low: float, high: float) -> tuple[int, int]:
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    return first, max(last, first + 1)


def _axes(box: _Box, xs: tuple[int, int], ys: tuple[int, int]) -> list[str]:
    out = [f'<rect x="{box.x}" y="{box.y}" width="{box.w}" height="{box.h}" fill="none" stroke="#333"/>']
    for power in range(xs[0], xs[1] + 1):
        x = box.at_x(power, xs)
        out.append(f'<line x1="{x:.1f}" y1="{box.y}" x2="{x:.1f}" y2="{box.bottom + 5}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{box.bottom + 20}" text-anchor="middle">{_power_label(power)}</text>')
    for power in range(ys[0], ys[1] + 1):
        y = box.at_y(power, ys)
        out.append(f'<line x1="{box.x - 5}" y1="{y:.1f}" x2="{box.right}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{box.x - 8}" y="{y + 4:.1f}" text-anchor="end">{_power_label(power)}</text>')
    out.append(f'<text x="{box.x + box.w / 2:.0f}" y="{box.bottom + 42}" text-anchor="middle">chunks in the store</text>')
    out.append(f'<text x="18" y="{box.y + box.h / 2:.0f}" text-anchor="middle" '
               f'transform="rotate(-90 18 {box.y + box.h / 2:.0f})">value (unit in legend)</text>')
    return out


def _power_label(power: int) -> str:
    value = 10.0**power
    if value >= 1:
        return size_label(int(value))
    return f"{value:g}"
