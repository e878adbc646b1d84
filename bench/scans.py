"""Scanned copies of born-digital PDFs, for measuring OCR against the text layer.

``image_only_copy`` renders every page to a greyscale image (JPEG-compressed, as a
scanner writes it) and builds a PDF of those images alone: no fonts, no text layer,
page sizes kept. Tests and benches build them in a temporary folder; none is checked in.
"""

from __future__ import annotations

from pathlib import Path

SCAN_DPI = 200  # a typical office scan


def image_only_copy(source: Path, target: Path, dpi: int = SCAN_DPI, pages: range | None = None) -> Path:
    """Write an image-only copy of ``source`` (optionally only ``pages``, 0-based) to ``target``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(source))
    try:
        indices = pages if pages is not None else range(len(document))
        images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in indices]
    finally:
        document.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(target, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:], quality=85)
    return target


def image_only_corpus(sources: list[Path], folder: Path, dpi: int = SCAN_DPI) -> list[Path]:
    """Image-only copies of ``sources`` in ``folder``, same file names (built once: an
    existing copy newer than its source is kept)."""
    copies = []
    for source in sources:
        target = folder / source.name
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            image_only_copy(source, target, dpi)
        copies.append(target)
    return copies
