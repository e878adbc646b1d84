"""Files that attack the app, written by the tests (nothing here is corpus text).

``slow_pdf``: a small, valid PDF whose page(s) show a run of text at each of ``ops``
positions; a reader walks every one (100k positions: ~5 s in pypdf on one core here; pypdf
stops a page's walk at its own token budget, so more time takes more ``pages``, which share
the one content stream).
"""

from __future__ import annotations

import zlib
from pathlib import Path


def slow_pdf(ops: int, pages: int = 1) -> bytes:
    body = b"BT /F1 1 Tf " + b"".join(b"1 0 0 1 %d %d Tm (x) Tj " % (i % 500, (i // 500) % 700) for i in range(ops)) + b"ET"
    stream = zlib.compress(body)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (6 + n) for n in range(pages)), pages),
        b"null",  # object 3: unused (pages are 6 onwards)
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ] + [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
        for _ in range(pages)
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body_bytes in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body_bytes + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


# -- a submission whose every answer, table cell and header carries markup that would reach
# -- outside 127.0.0.1 or run a script if any view rendered it as HTML ------------------------

REMOTE = "http://203.0.113.7"  # TEST-NET-3: never a real host; any request to it is a leak
PAYLOADS = [
    f"![tracker]({REMOTE}/md-image.png)",
    f'<img src="{REMOTE}/raw-img.png" onerror="window.__tca_pwned=\'img\'">',
    f'<iframe src="{REMOTE}/frame.html"></iframe>',
    f"<script>window.__tca_pwned='script';fetch('{REMOTE}/script')</script>",
    f"<style>body{{background:url('{REMOTE}/style-bg.png')}}</style>",
    "[click here](javascript:window.__tca_pwned='md-js-link')",
    "<a href=\"javascript:window.__tca_pwned='a-js'\">open the plan</a>",
    f'<div style="background-image:url({REMOTE}/inline-style.png)">styled</div>',
    f"<svg onload=\"window.__tca_pwned='svg'\"><image href=\"{REMOTE}/svg.png\"/></svg>",
    f'<link rel="stylesheet" href="{REMOTE}/link.css">',
    f'<meta http-equiv="refresh" content="0;url={REMOTE}/refresh">',
    f'<object data="{REMOTE}/object.bin"></object><embed src="{REMOTE}/embed.bin">',
    f'<video poster="{REMOTE}/poster.png" src="{REMOTE}/v.mp4"></video><audio src="{REMOTE}/a.mp3" autoplay></audio>',
    f'<base href="{REMOTE}/">',
    f'<form action="{REMOTE}/form"><button>send</button></form>',
    f"<body background=\"{REMOTE}/body.png\" onload=\"window.__tca_pwned='body'\">",
    "[our partner network](https://example.org/technicians) and <a href=\"https://example.org/raw\">their page</a>",
]
HOSTILE_INSTITUTION = "University of Ravenmoor"


def hostile_submission(demo_corpus: Path) -> str:
    """The project's own demo submission (Northmoor) as another institution, with a payload
    appended to every answer paragraph, every action-plan cell and the header fields."""
    text = (demo_corpus / "northmoor-initial-2024.md").read_text(encoding="utf-8")
    text = text.replace("University of Northmoor", HOSTILE_INSTITUTION).replace("Northmoor", "Ravenmoor")
    lines, out, n = text.split("\n"), [], 0
    for line in lines:
        payload = PAYLOADS[n % len(PAYLOADS)]
        if line.startswith("|") and line.count("|") >= 8 and not line.startswith(("|---", "| Pillar")):  # the plan
            cells = line.split("|")
            cells[3] = f" {cells[3].strip()} {payload} "  # the activity
            cells[4] = f" {cells[4].strip()} {PAYLOADS[(n + 1) % len(PAYLOADS)]} "  # the description
            line, n = "|".join(cells), n + 2
        elif not line.startswith(("#", "|", "Organisation:")) and len(line.split()) > 8:
            line, n = f"{line} {payload}", n + 1
        elif line.startswith("Organisation:"):  # the institution's name is shown everywhere
            line = f"{line} {PAYLOADS[1]}{PAYLOADS[4]}"
        elif line.startswith(("Name of Institutional Lead:", "E-mail:")):
            line, n = f"{line} {payload}", n + 1
        out.append(line)
    return "\n".join(out)


def write_docx(text: str, path: Path) -> Path:
    """The same submission as a Word file: its Markdown headings as Word headings, every
    other line a paragraph of literal text (a DOCX keeps "![x](url)" as characters; the
    Markdown loader would have lightened it)."""
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        level = len(line) - len(line.lstrip("#"))
        if 0 < level <= 3 and line[level:level + 1] == " ":
            document.add_heading(line[level + 1 :], level=level)
        elif line.strip():
            document.add_paragraph(line)
    document.save(str(path))
    return path
