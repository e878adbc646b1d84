"""Optical character recognition, fully offline: text lines with their boxes from a page image.

One protocol (:class:`OcrEngine`), engines chosen by name (``OCR_ENGINES``). The default,
``rapidocr``, runs PaddleOCR's PP-OCRv6 detection and recognition models on onnxruntime;
the ``rapidocr`` wheel ships those models and they are loaded by path, so nothing is ever
downloaded. It was chosen by measurement on this corpus's pages (docs/ingest.md): at
150 dpi it read about 0.05% character error at 2-4 s a page on 2 cores, where Tesseract
5.3 (Debian) read 0.4% at 11+ s a page.

The text-angle classifier is left off: on clean upright pages it turned some long lines
upside down and recognised them as noise (one line in six on a page of prose).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from ingest.models import IngestError

OCR_DPI = 150  # body text 10-12 pt is 20-25 px high: enough for the recogniser (48 px lines)
DETECTION_SIDE = 1280  # px: the longer side of the image text detection runs on


@dataclass(frozen=True)
class OcrLine:
    """One recognised line of text; the box in image pixels, origin top-left."""

    left: float
    top: float
    right: float
    bottom: float
    text: str
    score: float = 1.0

    @property
    def height(self) -> float:
        return self.bottom - self.top


class OcrEngine(Protocol):
    name: str

    def read(self, image: np.ndarray) -> list[OcrLine]:
        """Lines of text found in an RGB image (H x W x 3, uint8)."""
        ...

    def load(self) -> None:
        """Load the models now (otherwise on first use)."""
        ...


@dataclass(frozen=True)
class OcrOptions:
    """How pages without a usable text layer are read. ``on_page(done, total)`` is told
    when OCR starts (done 0) and after each page it reads (on the thread that parses)."""

    enabled: bool = True
    engine: str = "rapidocr"
    dpi: int = OCR_DPI
    on_page: Callable[[int, int], None] | None = None


class RapidOcrEngine:
    """RapidOCR with the models its wheel ships, built on first use (importing it and
    opening the models takes about a second; most ingests never need it)."""

    name = "rapidocr"

    def __init__(self) -> None:
        self._ocr = None
        self._lock = threading.Lock()

    def _engine(self):
        with self._lock:
            if self._ocr is None:
                self._ocr = _build_rapidocr()
            return self._ocr

    def load(self) -> None:
        self._engine()

    def read(self, image: np.ndarray) -> list[OcrLine]:
        engine = self._engine()
        with self._lock:  # one page at a time: the models already use every core
            result = engine(image)
        if result.boxes is None:
            return []
        lines = []
        for box, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
            xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
            if text.strip():
                lines.append(OcrLine(min(xs), min(ys), max(xs), max(ys), text.strip(), float(score)))
        return lines


def _build_rapidocr():
    try:
        import rapidocr
        from rapidocr import RapidOCR
    except ImportError as exc:  # a broken install: say what is missing, not a traceback
        raise OcrUnavailable(f"the OCR engine is not installed ({exc}); reinstall the project") from exc
    models = Path(rapidocr.__file__).parent / "models"
    paths = {
        "Det.model_path": models / "PP-OCRv6_det_small.onnx",
        "Rec.model_path": models / "PP-OCRv6_rec_small.onnx",
        "Cls.model_path": models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    }
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        raise OcrUnavailable(f"the OCR models are missing from the rapidocr package: {', '.join(missing)}")
    params = {key: str(path) for key, path in paths.items()}
    # detection on the page scaled to fit 1280 px (recognition still reads the full-size
    # crops): a quarter of the detection time, the same error rate (docs/ingest.md)
    params |= {"Global.log_level": "error", "Global.use_cls": False, "Det.limit_type": "max", "Det.limit_side_len": DETECTION_SIDE}
    return RapidOCR(params=params)


class OcrUnavailable(Exception):
    """The OCR engine cannot run here (not installed, models missing)."""


OCR_ENGINES: dict[str, Callable[[], OcrEngine]] = {"rapidocr": RapidOcrEngine}
_ENGINES: dict[str, OcrEngine] = {}
_ENGINES_LOCK = threading.Lock()


def ocr_engine(name: str) -> OcrEngine:
    """The named engine, one per process (its models load once)."""
    with _ENGINES_LOCK:
        if name not in _ENGINES:
            if name not in OCR_ENGINES:
                raise ValueError(f"unknown OCR engine '{name}' (known: {', '.join(OCR_ENGINES)})")
            _ENGINES[name] = OCR_ENGINES[name]()
        return _ENGINES[name]


def ocr_error(path: Path, exc: OcrUnavailable) -> IngestError:
    return IngestError(path, f"the page has no text layer and OCR cannot run: {exc}")
