"""What the loader fuzzer feeds the loaders: seed files (generated PDF, DOCX, Markdown and
real corpus files), byte-level mutations with format tokens, and DOCX mutations that
keep the package readable so python-docx's walk is reached."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"

PDF_TOKENS = [
    b"obj", b"endobj", b"stream", b"endstream", b"<<", b">>", b"[", b"]", b"/Length 999999999",
    b"/Length -1", b"xref", b"trailer", b"%%EOF", b"/Root", b" 0 R", b"/Kids [3 0 R 3 0 R]",
    b"/Type /Pages", b"/Count 99999", b"/Filter /FlateDecode", b"BT", b"ET", b"Tj", b"TJ",
    b"/F1 0 Tf", b"1e308", b"-2147483649", b"(\\", b"<FFFE", b"/Encrypt", b"\x00", b"startxref\n0\n",
]


XML_TOKENS = [
    b"<w:p>", b"</w:p>", b"<w:t>", b"</w:t>", b"<w:tbl>", b"<w:tc>", b'<w:br w:type="page"/>',
    b'<w:gridSpan w:val="-5"/>', b'<w:gridSpan w:val="99999999"/>', b"<w:vMerge/>", b"&amp;", b"&#0;",
    b"&#xD800;", b'<!DOCTYPE x [<!ENTITY a "aaaa">]>', b"&a;", b"<![CDATA[", b"]]>", b"<", b">", b'"',
    b"<w:sdt><w:sdtContent>", b"</w:sdtContent></w:sdt>", b"\x00", b"\xff\xfe",
]


XML_ELEMENTS = [  # well-formed pieces inserted at tag boundaries: they reach python-docx's walk
    b"<w:p><w:r><w:t>Question 1: Visibility</w:t></w:r></w:p>",
    b'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Action plan</w:t></w:r></w:p>',
    b'<w:p><w:pPr><w:pStyle w:val="NoSuchStyle"/></w:pPr></w:p>',
    b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="0"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>',
    b"<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>nested</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>",
    b"<w:tbl/>", b"<w:tr/>", b"<w:p/>", b"<w:r/>", b"<w:t/>", b'<w:br w:type="page"/>', b"<w:lastRenderedPageBreak/>",
    b"<w:sdt><w:sdtContent><w:p><w:r><w:t>in a content control</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    b"<w:sdt/>", b"<w:tab/>", b"<w:cr/>", b"<w:noBreakHyphen/>", b"<w:del><w:r><w:delText>gone</w:delText></w:r></w:del>",
    b'<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Fallback/></mc:AlternateContent>',
    b"<w:p>" * 40 + b"</w:p>" * 40,
    b"<w:t>" + "‮­ﬁ".encode() + b"</w:t>",
]


TEXT_TOKENS = [
    b"\x00", b"\r", b"\f", b"\xef\xbb\xbf", b"\xff\xfe", b"\xe2\x80", b"\x80\x81", b"#" * 300, b"# ",
    b"| a | b |\n|---|---|\n", b"\t", b"**", b"[x](", b"<http://", "\u00ad".encode(),
    b"%PDF-1.7\n", b"PK\x03\x04", b"\n" * 50, b"a" * 5000, b"Action plan\n", b"Signed:",
]


@dataclass(frozen=True)
class Seed:
    name: str
    suffix: str  # the extension it is saved under by default
    data: bytes

    @property
    def kind(self) -> str:
        return {".pdf": "pdf", ".docx": "docx"}.get(self.suffix, "text")


def generated_pdf() -> bytes:
    """Two pages, a heading, paragraphs and a small table, content streams uncompressed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=0)
    pdf.setTitle("Technician Commitment Self-Assessment - University of Fuzz")
    for page in (1, 2):
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(72, 780, f"Technician Commitment Initial Self-Assessment - page {page}")
        pdf.setFont("Helvetica", 10)
        y = 750
        for line in (
            "Institution: University of Fuzz",
            "1. Please describe your technical community.",
            "We employ 240 technicians across four faculties and run an apprenticeship scheme.",
            "Pillar  Number  Activity  Timescale  Owner",
        ):
            pdf.drawString(72, y, line)
            y -= 16
        for row in range(3):
            for col, cell in enumerate(("Visibility", f"1.{row}", "Newsletter", "Sep 2024 - Jul 2025", "HR")):
                pdf.drawString(72 + col * 90, y, cell)
            y -= 14
        pdf.drawString(280, 40, str(page))
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def generated_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Technician Commitment Renewal - University of Fuzz", level=0)
    document.add_heading("Question 1: Visibility", level=1)
    document.add_paragraph("Our technicians are named on every research output and grant application.")
    document.add_paragraph("A termly newsletter for technical staff", style="List Bullet")
    table = document.add_table(rows=3, cols=4)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = ("Pillar", "Action", "Timescale", "Owner")[c] if r == 0 else f"cell {r}.{c}"
    document.add_page_break()
    document.add_paragraph("Signed: Professor A. Example, 1 July 2025")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


GENERATED_MARKDOWN = (
    "# Technician Commitment Stage Two - University of Fuzz\n\n## Question 2: Recognition\n\n"
    "We hold an annual **technician awards** ceremony, see [our site](https://example.ac.uk).\n\n"
    "| Pillar | Number | Activity | Timescale |\n|---|---|---|---|\n| Recognition | 2.1 | Awards | 2024-2026 |\n"
)


def make_seeds() -> list[Seed]:
    """Generated seeds always; real ones from the demo corpus and ../shared when present."""
    seeds = [
        Seed("generated.pdf", ".pdf", generated_pdf()),
        Seed("generated.docx", ".docx", generated_docx()),
        Seed("generated.md", ".md", GENERATED_MARKDOWN.encode()),
    ]
    real = [REPO / "demo_corpus" / "kestrel-bay-update-paper-2025.txt"]
    if SHARED.is_dir():
        real += [
            SHARED / "pdf" / "uol-update-paper-2024.pdf",
            SHARED / "docx" / "ljmu-initial-2024.docx",
            SHARED / "edge" / "windows-1252-pound-curly-quotes.txt",
            SHARED / "edge" / "plain-text-with-pdf-extension.pdf",
            SHARED / "edge" / "encrypted-password-secret.pdf",
        ]
    seeds += [Seed(p.name, p.suffix.lower(), p.read_bytes()) for p in real if p.is_file()]
    return seeds


def _tokens_for(kind: str) -> list[bytes]:
    return {"pdf": PDF_TOKENS, "docx": XML_TOKENS}.get(kind, TEXT_TOKENS)


@st.composite
def mutated_bytes(draw, data: bytes, tokens: list[bytes]) -> bytes:
    """1-6 edits at drawn positions; positions are biased towards the start and end of the
    file, where headers, cross-reference tables and trailers live."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        size = max(len(out), 1)
        position = draw(st.one_of(st.integers(0, min(size, 512)), st.integers(max(size - 512, 0), size), st.integers(0, size)))
        operation = draw(st.sampled_from(["flip", "overwrite", "insert", "delete", "duplicate", "truncate"]))
        if operation == "flip" and out:
            index = min(position, len(out) - 1)
            out[index] ^= 1 << draw(st.integers(0, 7))
        elif operation == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            out[position : position + len(chunk)] = chunk
        elif operation == "insert":
            out[position:position] = draw(st.one_of(st.sampled_from(tokens), st.binary(min_size=1, max_size=32)))
        elif operation == "delete":
            del out[position : position + draw(st.integers(1, 256))]
        elif operation == "duplicate":
            piece = out[position : position + draw(st.integers(1, 512))]
            out[position:position] = piece * draw(st.integers(1, 4))
        elif operation == "truncate" and draw(st.booleans()):
            del out[position:]
    return bytes(out)


@st.composite
def with_elements_inserted(draw, xml: bytes) -> bytes:
    """Well-formed elements inserted right after a tag ends: the part stays parseable
    XML often enough to exercise the document walk, not only the XML parser."""
    boundaries = [i + 1 for i, byte in enumerate(xml) if byte == ord(">")]
    if not boundaries:
        return xml
    out = xml
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.sampled_from(boundaries))
        out = out[:position] + draw(st.sampled_from(XML_ELEMENTS)) + out[position:]
        boundaries = [b for b in boundaries if b <= position]  # earlier boundaries still stand
    return out


@st.composite
def mutated_docx(draw, data: bytes) -> bytes:
    """Mutate one XML part inside the package, then zip it again (valid CRCs)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {info.filename: package.read(info.filename) for info in package.infolist()}
    xml_parts = sorted(name for name in parts if name.endswith(".xml"))
    preferred = [name for name in ("word/document.xml", "word/styles.xml", "[Content_Types].xml") if name in parts]
    target = draw(st.one_of(st.sampled_from(preferred), st.sampled_from(xml_parts)))
    if draw(st.booleans()):
        parts[target] = draw(with_elements_inserted(parts[target]))
    else:
        parts[target] = draw(mutated_bytes(parts[target], XML_TOKENS))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return out.getvalue()


@dataclass(frozen=True)
class FuzzInput:
    seed: str
    suffix: str
    data: bytes


@st.composite
def fuzz_inputs(draw, seeds: list[Seed]) -> FuzzInput:
    """A seed, mutated; saved under its own extension, now and then under another one."""
    seed = draw(st.sampled_from(seeds))
    if seed.kind == "docx" and draw(st.integers(0, 3)) > 0:
        data = draw(mutated_docx(seed.data))
    else:
        data = draw(mutated_bytes(seed.data, _tokens_for(seed.kind)))
    suffix = draw(st.one_of(st.just(seed.suffix), st.sampled_from([".pdf", ".docx", ".txt", ".md"])))
    return FuzzInput(seed.name, suffix, data)
