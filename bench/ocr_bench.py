"""OCR benchmark: accuracy and speed on scans of the real corpus, a 20-page scan beside
its text-layer original, and retrieval on the image-only corpus against the born-digital.

    python -m bench.ocr_bench [--corpus DIR] [--workdir DIR] [--dpi N] [--parts accuracy,speed,eval,long] [--json]

Seconds are wall time; CPU seconds (this process's, all threads) are printed beside them,
as they say more than wall time when other processes share the cores.

1. Accuracy (``accuracy``): every page of ``--corpus`` (default ../shared/corpus/pdf) is rendered to a
   greyscale image, an image-only PDF is built of them (bench/scans.py), and each page
   is OCR'd; character error rate against the born-digital text layer, per line inside
   its box (all text, and body text) and per page in reading order
   (bench/ocr_accuracy.py), with seconds a page.
2. Speed (``speed``): a 20-page text-layer PDF (bench/synthetic_pdf.py) and its image-only copy,
   each loaded (text layer vs OCR) and ingested into a fresh store: seconds a page,
   pages a minute.
3. Retrieval (``eval``): ``tca eval retrieval`` on the image-only copies and on the born-digital
   files (same questions, same code), metadata checked against manifest.json, and the
   action records of every document compared.
4. A long scan in the reader process (``long``, not run by default): a 40-page image-only
   PDF ingested as ``tca ingest`` does, in the reader process, first under the base limit
   alone (``TCA_PARSE_TIMEOUT_S``: how it was before, stopped), then with the allowance
   per OCR page (``TCA_OCR_PAGE_TIMEOUT_S``): wall time, outcome, progress steps heard.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_CORPUS = SHARED / "corpus" / "pdf"
QUESTIONS = SHARED / "eval" / "retrieval_dev.jsonl"
MANIFEST = SHARED / "corpus" / "manifest.json"


def accuracy(corpus: Path, scans: list[Path], dpi: int) -> dict:
    """Per document and overall: CER (line/body/page), missed text, OCR seconds a page."""
    import pypdfium2 as pdfium

    from bench.ocr_accuracy import LineErrors, cer, line_errors
    from ingest.ocr import ocr_engine
    from ingest.ocr_layout import page_from_ocr
    from ingest.pdf_ocr import render_page

    engine = ocr_engine("rapidocr")
    engine.read(render_page(pdfium.PdfDocument(str(scans[0])), 0, dpi)[0])  # load the models
    total, documents, seconds, cpu, pages = LineErrors(), {}, 0.0, 0.0, 0
    page_errors = page_chars = 0
    for scan in scans:
        original, image_only = pdfium.PdfDocument(str(corpus / scan.name)), pdfium.PdfDocument(str(scan))
        errors, started, cpu_started = LineErrors(), time.perf_counter(), time.process_time()
        for index in range(len(image_only)):
            image, height = render_page(image_only, index, dpi)
            lines = engine.read(image)
            textpage = original[index].get_textpage()
            errors.add(line_errors(textpage, original[index].get_height(), lines, dpi / 72))
            reference = textpage.get_text_range()
            page_text = "\n".join(page_from_ocr(index + 1, lines, dpi, height).lines)
            page_errors += round(cer(reference, page_text) * len(reference))
            page_chars += len(reference)
        elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu_started
        documents[scan.stem] = errors.to_json() | {
            "pages": len(image_only), "s_per_page": round(elapsed / len(image_only), 2),
            "cpu_s_per_page": round(cpu_used / len(image_only), 2),
        }
        print(f"accuracy {scan.stem}: {documents[scan.stem]}", file=sys.stderr, flush=True)
        total.add(errors)
        seconds, cpu, pages = seconds + elapsed, cpu + cpu_used, pages + len(image_only)
    return {
        "dpi": dpi, "pages": pages, "s_per_page": round(seconds / pages, 2), "cpu_s_per_page": round(cpu / pages, 2),
        **total.to_json(), "cer_page_reading_order": round(page_errors / max(1, page_chars), 5),
        "documents": documents,
    }


def twenty_pages(workdir: Path, dpi: int) -> dict:
    """Text layer vs OCR on the same 20 pages: load alone, then a full ingest each."""
    from assistant.library import ingest_paths
    from bench.scans import image_only_copy
    from bench.synthetic_pdf import synthetic_submission_pdf
    from ingest.loaders import load_document
    from ingest.ocr import OcrOptions
    from ingest.pdf_ocr import forget_readings
    from vectorstore.embedder import make_embedder
    from vectorstore.store import CorpusStore, StoreLocation

    folder = workdir / "twenty"
    folder.mkdir(parents=True, exist_ok=True)
    digital = synthetic_submission_pdf(folder / "digital-20.pdf", pages=20)
    scan = image_only_copy(digital, folder / "scan-20.pdf")
    result: dict = {"pages": 20}
    for name, path in (("text_layer", digital), ("ocr", scan)):
        start, cpu_start = time.perf_counter(), time.process_time()
        load_document(path, ocr=OcrOptions(dpi=dpi))
        result[f"{name}_load_s_per_page"] = round((time.perf_counter() - start) / 20, 3)
        result[f"{name}_load_cpu_s_per_page"] = round((time.process_time() - cpu_start) / 20, 3)
    embedder = make_embedder("minilm-onnx-int8", cache_dir=workdir / "models")
    embedder.embed(["warm up"])
    for name, path in (("text_layer", digital), ("ocr", scan)):
        shutil.rmtree(folder / f"store-{name}", ignore_errors=True)
        forget_readings()  # the load above kept its pages: time OCR again
        store = CorpusStore(StoreLocation(folder / f"store-{name}"), embedder)
        start = time.perf_counter()
        report = ingest_paths(store, [path])
        elapsed = time.perf_counter() - start
        store.close()
        result[f"{name}_ingest_s"] = round(elapsed, 1)
        result[f"{name}_pages_per_min"] = round(20 * 60 / elapsed, 1)
        result[f"{name}_chunks"] = sum(d.chunks for d in report.documents)
    print(f"twenty pages: {result}", file=sys.stderr, flush=True)
    return result


def long_scan(workdir: Path, pages: int = 40) -> dict:
    """A scan longer than the base limit allows, read in the reader process with progress;
    beside it, in the same run, the same scan under the base limit alone (before the
    allowance per OCR page: stopped)."""
    from assistant.library import ingest_paths
    from assistant.settings import load_settings
    from bench.scans import image_only_copy
    from bench.synthetic_pdf import synthetic_submission_pdf
    from ingest.worker import ReadLimit
    from vectorstore.embedder import make_embedder

    folder = workdir / "long"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    scan = image_only_copy(synthetic_submission_pdf(folder / f"digital-{pages}.pdf", pages=pages), folder / f"scan-{pages}.pdf")
    limit = load_settings({}).parse_time_limit
    embedder = make_embedder("minilm-onnx-int8", cache_dir=workdir / "models")
    result: dict = {"pages": pages, "base_limit_s": limit.seconds, "limit_s": limit.for_pages(pages)}
    for name, read_limit in (("base_only", ReadLimit(limit.seconds)), ("with_allowance", limit)):
        steps: list[tuple[int, int]] = []
        start = time.perf_counter()
        report = ingest_paths(
            _fresh_store(folder / f"store-{name}", embedder), [scan],
            lambda step, heard=steps: step.ocr_pages and heard.append((step.ocr_page, step.ocr_pages)), time_limit_s=read_limit,
        )
        result[name] = {
            "ingest_s": round(time.perf_counter() - start, 1), "ocr_pages": sum(d.ocr_pages for d in report.documents),
            "errors": [e.reason for e in report.errors], "progress_steps": len(steps),
        }
        print(f"long scan, {name}: {result[name]}", file=sys.stderr, flush=True)
    return result


def _fresh_store(folder: Path, embedder):
    from vectorstore.store import CorpusStore, StoreLocation

    shutil.rmtree(folder, ignore_errors=True)
    return CorpusStore(StoreLocation(folder), embedder)


def retrieval(corpus: Path, scans_dir: Path, workdir: Path) -> dict:
    """``tca eval retrieval`` (subprocess, JSON) on each corpus, plus metadata and actions."""
    result = {}
    for name, folder in (("born_digital", corpus), ("image_only", scans_dir)):
        data_dir = workdir / f"eval-{name}"
        start = time.perf_counter()
        command = [sys.executable, "-m", "cli.main", "eval", "retrieval", "--questions", str(QUESTIONS),
                   "--corpus", str(folder), "--data-dir", str(data_dir), "--json"]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True, env=_env())
        report = json.loads(done.stdout)
        result[name] = {"metrics": report["system"], "ingest_errors": report["ingest_errors"],
                        "wall_s": round(time.perf_counter() - start, 1), "documents": _documents(data_dir)}
        print(f"retrieval {name}: {result[name]['metrics']} ({result[name]['wall_s']} s)", file=sys.stderr, flush=True)
    result["metadata_vs_manifest"] = _against_manifest(result["image_only"]["documents"])
    result["actions_equal"] = {
        doc: (row["actions"], result["born_digital"]["documents"][doc]["actions"])
        for doc, row in result["image_only"]["documents"].items()
    }
    return result


def _documents(data_dir: Path) -> dict:
    command = [sys.executable, "-m", "cli.main", "docs", "list", "--json", "--data-dir", str(data_dir)]
    listed = json.loads(subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True, env=_env()).stdout)
    return {row["id"]: row for row in listed["documents"]}


def _against_manifest(documents: dict) -> dict:
    """Per document: institution, stage and date as ingested from the scan vs the manifest."""
    manifest = {doc["slug"]: doc for doc in json.loads(MANIFEST.read_text())["documents"]}
    checks = {}
    for doc_id, row in documents.items():
        expected = manifest.get(doc_id)
        if expected is None:
            continue
        fields = {"institution": expected.get("institution"), "stage": expected.get("stage"), "date": expected.get("date")}
        checks[doc_id] = {key: {"scan": row[key], "manifest": value, "match": row[key] == value} for key, value in fields.items()}
    return checks


def _env() -> dict:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(REPO)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workdir", type=Path, default=None, help="Keep scans and stores here (default: a temp dir).")
    parser.add_argument("--dpi", type=int, default=None, help="OCR rendering resolution (default: ingest's).")
    parser.add_argument("--parts", default="accuracy,speed,eval", help="Which parts to run (comma-separated).")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from bench.scans import image_only_corpus
    from ingest.ocr import OCR_DPI

    dpi = args.dpi or OCR_DPI
    with tempfile.TemporaryDirectory(prefix="tca-ocr-bench-") as temporary:
        workdir = args.workdir or Path(temporary)
        sources = sorted(args.corpus.glob("*.pdf"))
        scans = image_only_corpus(sources, workdir / "scans")
        parts = set(args.parts.split(","))
        result = {"load_average_at_start": os.getloadavg()[0], "cores": os.cpu_count()}
        if "accuracy" in parts:
            result["accuracy"] = accuracy(args.corpus, scans, dpi)
        if "speed" in parts:
            result["twenty_pages"] = twenty_pages(workdir, dpi)
        if "long" in parts:
            result["long_scan"] = long_scan(workdir)
        if "eval" in parts:
            result["retrieval"] = retrieval(args.corpus, workdir / "scans", workdir)
        result["load_average_at_end"] = os.getloadavg()[0]
    print(json.dumps(result, indent=1) if args.json else render(result))


def render(result: dict) -> str:
    lines = [
        f"machine: {result['cores']} cores, load average {result['load_average_at_start']:.1f} at start, "
        f"{result['load_average_at_end']:.1f} at end (other processes compete for the cores)",
    ]
    if "accuracy" in result:
        a = result["accuracy"]
        lines += [
            f"OCR accuracy ({a['pages']} pages at {a['dpi']} dpi): CER body {a['cer_body']:.2%}, all lines "
            f"{a['cer_all']:.2%}, page in reading order {a['cer_page_reading_order']:.2%}, text missed "
            f"{a['missed_share']:.2%}; {a['s_per_page']} s a page ({a['cpu_s_per_page']} CPU s)",
            *(f"  {name}: body {d['cer_body']:.2%}, all {d['cer_all']:.2%}, missed {d['missed_share']:.2%}, "
              f"{d['s_per_page']} s/page ({d['pages']} pages)" for name, d in a["documents"].items()),
        ]
    if "twenty_pages" in result:
        t = result["twenty_pages"]
        lines.append(
            f"20-page PDF: load {t['text_layer_load_s_per_page']} s/page from the text layer, {t['ocr_load_s_per_page']} "
            f"s/page by OCR ({t['ocr_load_cpu_s_per_page']} CPU s); full ingest {t['text_layer_ingest_s']} s "
            f"({t['text_layer_pages_per_min']} pages/min) vs {t['ocr_ingest_s']} s ({t['ocr_pages_per_min']} pages/min)"
        )
    if "long_scan" in result:
        t = result["long_scan"]
        for name, said in (("base_only", f"base limit alone ({t['base_limit_s']:g} s)"),
                           ("with_allowance", f"with the OCR allowance ({t['limit_s']:g} s)")):
            r = t[name]
            lines.append(
                f"{t['pages']}-page scan in the reader process, {said}: {r['ingest_s']} s, {r['ocr_pages']} pages by OCR, "
                f"{r['progress_steps']} progress steps heard, errors: {r['errors'] or 'none'}"
            )
    if "retrieval" in result:
        r = result["retrieval"]
        for name in ("born_digital", "image_only"):
            m = r[name]["metrics"]
            lines.append(f"retrieval {name}: institution recall@10 {m['institution_recall_at_10']:.3f}, "
                         f"evidence hit@10 {m['evidence_hit_at_10']:.3f}, MRR {m['mrr']:.3f} ({r[name]['wall_s']} s)")
        mismatches = [f"{doc}.{key}" for doc, keys in r["metadata_vs_manifest"].items() for key, c in keys.items() if not c["match"]]
        lines.append(f"metadata vs manifest: {'all match' if not mismatches else 'MISMATCH ' + ', '.join(mismatches)}")
        lines.append("actions (scan, born-digital): " + ", ".join(f"{d} {a}/{b}" for d, (a, b) in r["actions_equal"].items()))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
