"""Fuzzing the loaders: mutated PDFs, DOCX packages and text files either parse or fail
with an IngestError, each within a time bound, never a crash or a hang. The generator and
the worker are ``bench/fuzz_loaders.py`` (which runs thousands of inputs); here a bounded
run, the crashes it found kept as regression tests, and the watchdog itself checked."""

from __future__ import annotations

import io
import zipfile

import pytest

from bench.fuzz_inputs import generated_docx, generated_pdf
from bench.fuzz_loaders import LoaderWorker, fuzz
from ingest.loaders import load_document
from ingest.pipeline import parse_file

SUITE_EXAMPLES = 200
TIME_BOUND_S = 20.0


def test_mutated_files_parse_or_give_a_clear_ingest_error(tmp_path):
    tally = fuzz(SUITE_EXAMPLES, TIME_BOUND_S, keep=tmp_path / "failures")

    print(f"\nfuzzed {tally.tried} inputs: {dict(tally.outcomes)}; slowest {tally.slowest_s:.2f} s")
    assert tally.tried == SUITE_EXAMPLES
    assert not tally.failures, tally.failures
    assert tally.outcomes["parsed"] > 0 and tally.outcomes["ingest_error"] > 0  # both paths reached


def rezipped(data: bytes, edit) -> bytes:
    """The package with ``edit(name, content) -> content`` applied to every part."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, edit(name, content))
    return out.getvalue()


def renamed_styles_root(name: str, content: bytes) -> bytes:
    """styles.xml whose root is not <w:styles>: python-docx hands back a bare element."""
    if name != "word/styles.xml":
        return content
    return content.replace(b"<w:styles ", b"<w:stylez ").replace(b"</w:styles>", b"</w:stylez>")


def wrong_styles_content_type(name: str, content: bytes) -> bytes:
    """The styles part declared with an unknown content type: python-docx loads a plain Part."""
    if name != "[Content_Types].xml":
        return content
    return content.replace(b"wordprocessingml.styles+xml", b"wordprocessingml.stylez+xml")


@pytest.mark.parametrize("damage", [renamed_styles_root, wrong_styles_content_type])
def test_docx_with_broken_styles_is_read_without_its_headings(tmp_path, damage):
    """Found by the fuzzer: both raised AttributeError from python-docx's styles."""
    path = tmp_path / "broken-styles.docx"
    path.write_bytes(rezipped(generated_docx(), damage))

    document = load_document(path)

    assert any("Our technicians are named" in line for page in document.pages for line in page.lines)
    assert any("styles are unreadable" in warning for warning in document.warnings)


def test_the_seeds_themselves_parse(tmp_path):
    for name, data in (("seed.pdf", generated_pdf()), ("seed.docx", generated_docx())):
        path = tmp_path / name
        path.write_bytes(data)
        assert parse_file(path, "seed", lambda text: len(text.split()), 256).chunks


def test_the_watchdog_reports_a_parse_past_its_bound_and_recovers(tmp_path):
    path = tmp_path / "slow.pdf"
    path.write_bytes(generated_pdf())
    worker = LoaderWorker(time_bound_s=0.0001)
    try:
        outcome, detail, _seconds = worker.parse(path)
        assert outcome == "hang" and "no result after" in detail
        worker.time_bound_s = TIME_BOUND_S
        outcome, _detail, _seconds = worker.parse(path)
        assert outcome == "parsed"  # a fresh worker took over
    finally:
        worker.close()
