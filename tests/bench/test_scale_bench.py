"""The scale benchmark: log-log slopes, the table, the SVG plot, and one whole run at tiny
sizes (hashing embedder) that returns every figure it promises."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from bench.scale_bench import (
    EmbedTimer,
    disk_use_mb,
    floors_passed,
    growth,
    loglog_slopes,
    parse_sizes,
    run_scale,
)
from bench.scale_report import FLOORS, PLOTTED, TABLE_ONLY, render_svg, render_table, size_label
from bench.synthetic_pdf import submission_lines

SVG = "{http://www.w3.org/2000/svg}"
SIZES = (200, 400)


def test_slopes_of_known_power_laws():
    sizes = [1_000, 10_000, 100_000]

    assert loglog_slopes(sizes, [5.0, 50.0, 500.0]) == [1.0, 1.0]  # proportional
    assert loglog_slopes(sizes, [7.0, 7.0, 7.0]) == [0.0, 0.0]  # flat
    assert loglog_slopes(sizes, [1.0, 100.0, 100.0]) == [2.0, 0.0]
    assert loglog_slopes([100, 400], [10.0, 5.0]) == [-0.5]
    assert loglog_slopes(sizes, [3.0, math.sqrt(10) * 3.0, 30.0]) == [0.5, 0.5]


def test_slopes_skip_missing_or_non_positive_values():
    assert loglog_slopes([1, 10, 100], [None, 2.0, 0.0]) == [None, None]
    assert loglog_slopes([10], [1.0]) == []


def test_growth_has_one_slope_per_pair_of_sizes():
    rows = [{"size": 10, "a": 1.0}, {"size": 100, "a": 10.0}, {"size": 1000, "a": 10.0}]

    assert growth(rows, ("a", "b")) == {"a": [1.0, 0.0], "b": [None, None]}


def test_sizes_and_labels():
    assert parse_sizes("1000,10_000, 100000") == [1_000, 10_000, 100_000]
    assert [size_label(s) for s in (200, 1_000, 10_000, 100_000, 2_000_000, 1_500)] == \
        ["200", "1k", "10k", "100k", "2M", "1500"]
    with pytest.raises(ValueError):
        parse_sizes("0,10")


def test_twenty_page_submission_is_twenty_full_pages():
    pages = submission_lines(20, seed=3)

    assert len(pages) == 20 and all(len(page) == len(pages[0]) for page in pages)
    assert submission_lines(20, seed=3) == pages and submission_lines(20, seed=4) != pages


def test_embed_timer_counts_embedding_and_passes_the_rest_through(hashing_embedder):
    timed = EmbedTimer(hashing_embedder)

    vectors = timed.embed(["technician network", "apprenticeship levy"])

    assert vectors.shape == (2, hashing_embedder.dimension) and timed.seconds > 0
    assert timed.model_id == hashing_embedder.model_id
    assert timed.count_tokens("a technician") == hashing_embedder.count_tokens("a technician")


def _result(sizes=(1_000, 10_000, 100_000)) -> dict:
    """A made-up result with known growth: latency flat, memory and disk proportional."""
    rows = []
    for size in sizes:
        row = {"size": size, **{key: 10.0 for key in (*PLOTTED, *TABLE_ONLY)}}
        row.update(rss_mb=size / 100, disk_mb=size / 1000, retrieval_p50_ms=50.0)
        rows.append(row)
    rows[0]["ingest_chunks_per_s"] = None  # a reused store with no recorded build
    result = {"sizes": list(sizes), "rows": rows, "growth": growth(rows, (*PLOTTED, *TABLE_ONLY)),
              "incremental": {"incremental_ingest_s": 12.0, "cli_ingest_cold_s": 4.0}}
    result["passed"] = floors_passed(result)
    return result


def test_floors_are_checked_at_the_largest_size():
    passed = floors_passed(_result())

    assert passed == {"rss_mb": True, "retrieval_p50_ms": True, "incremental_ingest_s": False,
                      "cli_ingest_cold_s": True}
    assert floors_passed(_result((1_000, 300_000)))["rss_mb"] is False  # 3,000 MB


def test_svg_is_well_formed_with_one_polyline_per_figure():
    root = ET.fromstring(render_svg(_result()))
    polylines = root.findall(f"{SVG}polyline")

    assert root.tag == f"{SVG}svg"
    assert [p.get("data-figure") for p in polylines] == list(PLOTTED)
    points = {p.get("data-figure"): p.get("points").split() for p in polylines}
    assert len(points["ingest_chunks_per_s"]) == 2  # the missing value is left out
    assert all(len(points[key]) == 3 for key in PLOTTED if key != "ingest_chunks_per_s")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"1k", "10k", "100k"} <= set(texts)  # decade ticks on the size axis
    assert texts.index("peak RSS answering, MB") + 1 == texts.index("slope +1.00, +1.00")  # legend: label, slopes


def test_svg_points_rise_with_the_figure():
    root = ET.fromstring(render_svg(_result()))
    rss = next(p for p in root.iter(f"{SVG}polyline") if p.get("data-figure") == "rss_mb")
    coords = [tuple(map(float, point.split(","))) for point in rss.get("points").split()]

    assert [x for x, _ in coords] == sorted(x for x, _ in coords)
    assert [y for _, y in coords] == sorted((y for _, y in coords), reverse=True)  # SVG y grows downward


def test_disk_use_counts_chroma_and_catalog(tmp_path):
    (tmp_path / "chroma").mkdir()
    (tmp_path / "chroma" / "data.bin").write_bytes(b"x" * 3 * 1024**2)
    (tmp_path / "catalog.sqlite").write_bytes(b"x" * 1024**2)
    (tmp_path / "catalog.sqlite-wal").write_bytes(b"x" * 1024**2)

    used = disk_use_mb(tmp_path)

    assert used["chroma_mb"] == pytest.approx(3.0, abs=0.1)
    assert used["catalog_mb"] == pytest.approx(2.0, abs=0.1)
    assert used["disk_mb"] == pytest.approx(5.0, abs=0.1)


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """The whole benchmark at 200 and 400 chunks with the hashing embedder."""
    from assistant.settings import load_settings

    data_dir = tmp_path_factory.mktemp("scale-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TCA_EMBEDDING_MODEL", "hashing")
        settings = load_settings().with_data_dir(data_dir)
        return run_scale(data_dir, SIZES, settings, rounds=1, cli_runs=0, warm_runs=1, ingest_cli_runs=1)


@pytest.mark.slow
def test_tiny_run_measures_every_size(tiny_run):
    rows = tiny_run["rows"]

    assert [row["size"] for row in rows] == [row["chunks"] for row in rows] == list(SIZES)
    for row in rows:
        assert row["retrieval_p50_ms"] > 0 and row["ask_p95_ms"] >= row["ask_p50_ms"] > 0
        assert row["rss_mb"] > 50 and row["ingest_chunks_per_s"] > 0
        assert row["disk_mb"] >= row["chroma_mb"] + row["catalog_mb"] > 0
    assert all(len(slopes) == 1 for slopes in tiny_run["growth"].values())
    assert tiny_run["growth"]["disk_mb"][0] > 0  # twice the chunks take more room


@pytest.mark.slow
def test_tiny_run_ingests_new_pdfs_into_a_copy(tiny_run):
    incremental = tiny_run["incremental"]

    assert incremental["pages"] == 20 and incremental["consistent_after"]
    assert incremental["incremental_chunks"] > 20 and all(c > 20 for c in incremental["cli_ingest_chunks"])
    assert incremental["incremental_ingest_s"] > 0 and incremental["cli_ingest_cold_s"] > 0
    assert 0 <= incremental["incremental_embed_s"] <= incremental["incremental_ingest_s"]
    assert set(tiny_run["passed"]) == set(FLOORS)


@pytest.mark.slow
def test_tiny_run_leaves_the_measured_store_unchanged(tiny_run):
    from assistant.services import open_store
    from assistant.settings import load_settings

    folder = tiny_run["rows"][-1]["folder"]
    settings = load_settings().model_copy(update={"embedding_model": "hashing"}).with_data_dir(folder)
    store = open_store(settings)

    assert store.catalog.count_chunks() == SIZES[-1]
    store.close()


@pytest.mark.slow
def test_tiny_run_table_has_a_row_per_figure(tiny_run):
    table = render_table(tiny_run).splitlines()
    header, rows = table[0], {line.split()[0]: line for line in table[1:] if line.strip()}

    assert header.split()[:3] == ["figure", "200", "400"] and "slope" in header
    assert set(PLOTTED) | set(TABLE_ONLY) <= set(rows)
    assert rows["retrieval_p50_ms"].split()[-2:] in (["100", "yes"], ["100", "NO"])
    assert "derived, not embedded" in "\n".join(table)
    assert any(line.startswith("incremental ingest of a new 20-page PDF") for line in table)


def test_cli_offers_scale_and_refuses_bad_sizes(tmp_path):
    from typer.testing import CliRunner

    from cli.main import app

    runner = CliRunner()
    listed = runner.invoke(app, ["bench", "--help"])
    refused = runner.invoke(app, ["bench", "scale", "--sizes", "0,1000", "--data-dir", str(tmp_path), "--json"])

    assert listed.exit_code == 0 and "scale" in listed.output
    assert refused.exit_code == 2 and "sizes must be positive" in refused.output
