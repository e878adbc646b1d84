"""Files that attack the app, written by the tests (nothing here is corpus text).

``slow_pdf``: a small, valid PDF whose one page shows a run of text at each of ``ops``
positions; a reader walks every one (100k positions: ~5 s in pypdf on one core here).
"""

from __future__ import annotations

import zlib


def slow_pdf(ops: int) -> bytes:
    body = b"BT /F1 1 Tf " + b"".join(b"1 0 0 1 %d %d Tm (x) Tj " % (i % 500, (i // 500) % 700) for i in range(ops)) + b"ET"
    stream = zlib.compress(body)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body_bytes in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body_bytes + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
