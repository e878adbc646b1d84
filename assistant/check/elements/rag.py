"""RAG review elements (template spec 9.2): a status for every action of the previous
plan, and a reason for every red item the file reports.

Statuses are read from table rows (a cell that is a status word: Red/Amber/Green, R/A/G,
completed, in progress, not started...), from status words standing alone on a line
(tables flattened one cell per line), from counts in prose ("ten are green, four
amber and two red"), or from codes listed under a colour ("Red (2): R4, S1"). Red items
are the red rows, the codes listed as red and the red count the prose states; an
explanation is the row's own commentary, a paragraph that opens with the item's label, or
a sentence that names the item and says why it stalled or what happens next
(``rag_items``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.check.elements import rag_items
from assistant.check.elements.context import QuestionContext, mentioned
from assistant.check.finding import Finding, attached, judged, missing, not_applicable, present
from assistant.check.segments import Region
from domain import ElementCheck, fold, load_template, normalise_rag, status_mark
from ingest.structure.tables import split_cells

MAX_STATUS_CELL_WORDS = 4
MIN_COMMENTARY_WORDS = 6
MIN_EXPLANATION_WORDS = 12
_CLOSING_LIST = 2  # lines closed by a status token that make a list of rated items
_NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
# a count and its colour within one cell of one line ("6 green", "two are red"): a table's
# next row or cell is another item ("... a target of eight" then "CD3 ...<tab>Red" is no
# count of eight reds; stop 29)
_SPACE = r"[^\S\t\r\n]+"
_COUNT = re.compile(
    r"\b(\d{1,3}|" + "|".join(_NUMBER_WORDS) + rf"){_SPACE}(?:(?!\d)[\w,'’-]+{_SPACE}){{0,6}}?(red|amber|green)\b",
    re.I,
)
_ITEM_LABEL = re.compile(
    r"^[\W_]*(?:action|item|activity|objective)?\s*(?:no\.?\s*)?([A-Z]{0,2}-?\d{1,2}(?:\.\d{1,2})?)(?![\d/])\b",
    re.I,
)
_SEE_BELOW = re.compile(r"\bsee\b.{0,30}\b(below|appendix|attached)\b", re.I)
_PIPE_RULE = re.compile(r"^[\s|:\-+]+$")
_STATUS_HEADERS = frozenset({"rag", "rag status", "rag rating", "status", "rating"})


@dataclass(frozen=True)
class RagRow:
    label: str
    activity: str
    colour: str | None
    commentary: str
    page: int | None


@dataclass
class RagReading:
    rows: list[RagRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # colour -> count stated in prose
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (item label, paragraph text)
    listed: dict[str, str] = field(default_factory=dict)  # code -> colour, from "Red (2): R4, S1"
    paragraphs: list[str] = field(default_factory=list)  # the lines that are not table rows

    @property
    def red_rows(self) -> list[RagRow]:
        return [row for row in self.rows if row.colour == "red"]

    @property
    def red_listed(self) -> list[str]:
        """Codes listed as red that no red row gives already."""
        rows = {rag_items.row_code(row.label) for row in self.red_rows}
        return [code for code, colour in self.listed.items() if colour == "red" and code not in rows]

    @property
    def red_reported(self) -> int:
        return max(len(self.red_rows) + len(self.red_listed), self.counts.get("red", 0))


def read_rag(ctx: QuestionContext) -> RagReading:
    return ctx.memo("rag", _read_rag)


def _read_rag(ctx: QuestionContext) -> RagReading:
    reading = RagReading()
    for region in ctx.answer.content:
        reading.rows += _table_rows(region) or _flattened_rows(region) or _marked_rows(region) or _keyed_rows(region)
        _count_colours(region.text, reading.counts)
        reading.blocks += _item_blocks(region)
        reading.paragraphs += [line for line in region.lines if not split_cells(line)]
    _read_listings(reading)
    return reading


def _read_listings(reading: RagReading) -> None:
    """Codes listed under a colour, and each colour's count: a list's own ("Red (2)") or
    the codes listed under the colour, whichever is more."""
    stated: dict[str, int] = {}
    for paragraph in reading.paragraphs:
        for sentence in rag_items.sentences(paragraph):
            listing = rag_items.listing(sentence)
            if listing:
                stated[listing.colour] = max(stated.get(listing.colour, 0), listing.count)
                reading.listed.update(dict.fromkeys(listing.codes, listing.colour))
    for colour, count in stated.items():
        codes = sum(1 for listed in reading.listed.values() if listed == colour)
        reading.counts[colour] = max(reading.counts.get(colour, 0), count, codes)


def _table_rows(region: Region) -> list[RagRow]:
    """Rows of delimited tables that have a status column (named RAG/Status) or status
    cells; a header row is not a row."""
    table: list[tuple[list[str], int]] = []
    for line, page in zip(region.lines, region.pages, strict=True):
        cells = split_cells(line)
        if cells and not _PIPE_RULE.match(line) and len(cells) >= 2:
            table.append((cells, page))
    if not table:
        return []
    header = table[0][0]
    column = next((i for i, cell in enumerate(header) if fold(cell.strip(" *")) in _STATUS_HEADERS), None)
    if column is None and not any(_status_index(cells) is not None for cells, _ in table):
        return []
    body = table[1:] if _status_index(header) is None else table
    return [_row(cells, page, column) for cells, page in body]


def _status_index(cells: list[str]) -> int | None:
    for index, cell in enumerate(cells):
        if _cell_status(cell):
            return index
    return None


def _cell_status(cell: str) -> str | None:
    """The colour a status cell gives: the whole cell, or the status before a colon that
    opens its comment ("in progress: application submitted March 2025"; stop 29)."""
    status = cell.replace("*", "").split(":", 1)[0].strip()
    return normalise_rag(status) if status and len(status.split()) <= MAX_STATUS_CELL_WORDS else None


def _row(cells: list[str], page: int, status_column: int | None) -> RagRow:
    """A row's label, activity, colour (None when the status cell is unreadable, e.g.
    shown only as cell colour) and commentary (the cells after the status)."""
    status = _status_index(cells)
    if status is None and status_column is not None and status_column < len(cells):
        status = status_column
    cells = [cell.replace("*", "").strip() for cell in cells]
    colour = _cell_status(cells[status]) if status is not None and cells[status] else None
    others = [cell for i, cell in enumerate(cells) if i != status]
    after = cells[status + 1 :] if status is not None else []
    commentary = " ".join(after) if after else (others[-1] if len(others) > 2 else "")
    return RagRow(others[0] if others else "", others[1] if len(others) > 1 else "", colour, commentary, page)


def _flattened_rows(region: Region) -> list[RagRow]:
    """Status words alone on a line: a table extracted one cell per line."""
    rows = []
    lines = list(region.lines)
    for index, line in enumerate(lines):
        text = line.strip(" *\t")
        if text and len(text.split()) <= 2 and normalise_rag(text) and not text.endswith("."):
            before = lines[index - 1].strip() if index else ""
            after = lines[index + 1].strip() if index + 1 < len(lines) else ""
            rows.append(RagRow(before, before, normalise_rag(text), after, region.pages[index]))
    return rows


def _marked_rows(region: Region) -> list[RagRow]:
    """Lines that carry their item's status as a mark: a symbol opening the line ("🟢 Open
    day led by technicians", a slide's status column; stop 30) or a token in brackets
    closing it ("Laboratory apprentices [G]"; stop 31), spec 9.2's "and equivalents". Two
    lines closed by a token or more: one alone is a remark, not the review's list."""
    marks = [(mark, page) for line, page in zip(region.lines, region.pages, strict=True) if (mark := status_mark(line))]
    closing = sum(mark.closing for mark, _ in marks)
    return [RagRow(mark.item, mark.item, mark.colour, "", page) for mark, page in marks
            if not mark.closing or closing >= _CLOSING_LIST]


# a key to the review's own status words: "Read DONE as green, IN PROGRESS as amber and NOT
# STARTED as red", "Done = green; Doing = amber; Stuck = red" (stop 33)
_KEYED = re.compile(
    r"(?:^|[,;]|\band\b)\s*[\"“‘']?([^,;:=\"“”‘’]{1,20}?)[\"”’']?\s*"
    r"(?:\bas\b|=|\bmeans\b|\bstands for\b)\s*(red|amber|green)\b", re.I)
_KEY_VERB = re.compile(r"^(?:(?:we|i|you|please)\s+)?(?:read|count|treat|take|mark|show)\s+")  # "We read Done as green"
_BRACKETED_TOKEN = re.compile(r"[\[(]\s*([^\[\]()]{1,20}?)\s*[\])]")


def _keyed_status_words(lines: list[str]) -> dict[str, str]:
    """The review's own status words and their colours, from a line that keys two colours or
    more to them; empty where none does (spec 9.2: Red/Amber/Green "and equivalents")."""
    for line in lines:
        pairs = {_KEY_VERB.sub("", fold(token).strip()): colour.lower() for token, colour in _KEYED.findall(line)}
        pairs = {token: colour for token, colour in pairs.items() if token}
        if len(set(pairs.values())) >= 2:
            return pairs
    return {}


def _keyed_rows(region: Region) -> list[RagRow]:
    """Items whose status is one of the review's own words that its key gives a colour: a
    board's tickets ("TC-03 [IN PROGRESS] Engineering stand ...", after "Read DONE as green,
    IN PROGRESS as amber ..."), the word in brackets (stop 33)."""
    key = _keyed_status_words(list(region.lines))
    rows = []
    for line, page in zip(region.lines, region.pages, strict=True):
        token = _BRACKETED_TOKEN.search(line)
        colour = key.get(fold(token.group(1)).strip()) if token else None
        if colour and not _KEYED.search(line):
            rest = (line[: token.start()] + " " + line[token.end():]).strip()
            label = _ITEM_LABEL.match(rest)
            rows.append(RagRow(label.group(1).upper() if label else "", rest, colour, "", page))
    return rows


def _count_colours(text: str, counts: dict[str, int]) -> None:
    for number, colour in _COUNT.findall(text):
        value = int(number) if number.isdigit() else _NUMBER_WORDS[number.lower()]
        counts[colour.lower()] = max(counts.get(colour.lower(), 0), value)


def _item_blocks(region: Region) -> list[tuple[str, str]]:
    """Paragraphs that start with an item label ("Action 1.6 ...", "C4 Digital ..."),
    each running to the next labelled line; table rows are not paragraphs."""
    blocks: list[tuple[str, list[str]]] = []
    for line in region.lines:
        if split_cells(line):
            continue
        match = _ITEM_LABEL.match(line)
        if match and len(line.split()) > 1:
            blocks.append((match.group(1).upper(), [line]))
        elif blocks:
            blocks[-1][1].append(line)
    return [(label, " ".join(lines)) for label, lines in blocks]


# --- detectors ----------------------------------------------------------------------


def status(ctx: QuestionContext, element: ElementCheck) -> Finding:
    rag = read_rag(ctx)
    if rag.rows:
        return _status_of_rows(rag.rows)
    stated = {colour: n for colour, n in rag.counts.items() if n}
    if len(rag.counts) >= 2:
        return present(f"counts per colour are given: {_counts_text(rag.counts)}", counts=stated)
    if ctx.answer.deferred:
        return attached("the full RAG review is deferred: " + ctx.answer.deferred.reason)
    return missing("no Red/Amber/Green status is given for the previous plan's actions")


def _status_of_rows(rows: list[RagRow]) -> Finding:
    without = [row.label for row in rows if row.colour is None]
    counts: dict[str, int] = {}
    for row in rows:
        if row.colour:
            counts[row.colour] = counts.get(row.colour, 0) + 1
    if len(without) == len(rows):
        return attached(load_template().lexicon.rag_colour_only_reason + " (unverifiable)")
    return judged(
        not without,
        f"{len(rows)} actions rated: {_counts_text(counts)}",
        f"{len(without)} of {len(rows)} actions have no readable status",
        rows[0].page,
        counts=counts,
        rows_without_status=without,
    )


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[c]} {c}" for c in ("green", "amber", "red") if c in counts)


def red_explanations(ctx: QuestionContext, element: ElementCheck) -> Finding:
    rag = read_rag(ctx)
    reported = rag.red_reported
    if reported == 0:
        if ctx.answer.deferred and not rag.rows:
            return attached("the RAG review is deferred and the form reports no red item")
        return not_applicable("the file reports no red items")
    if _reasons_deferred(ctx):
        return attached("the answer says the reasons for red items are in the attachment")
    unexplained = _unexplained(rag)
    explained = reported - len(unexplained)
    return judged(
        not unexplained,
        f"all {reported} red item(s) are explained",
        f"{len(unexplained)} of {reported} red item(s) reported have no explanation",
        ctx.answer.region.page,
        red_reported=reported,
        red_explained=explained,
        unexplained=unexplained,
    )


def _unexplained(rag: RagReading) -> list[str]:
    """Labels of red items without a reason; for reds only counted in prose, as many
    placeholders as there are fewer explanation paragraphs than reds."""
    labels = {label for label, text in rag.blocks if len(text.split()) >= MIN_EXPLANATION_WORDS}
    texts = [text for _, text in rag.blocks]
    by_sentence = _explained_by_sentences(rag)
    unexplained = [
        row.label or row.activity
        for row in rag.red_rows
        if not _row_explained(row, labels, texts) and (row.label or row.activity) not in by_sentence
    ]
    listed = rag.red_listed
    unexplained += [code for code in listed if code.upper() not in labels and code not in by_sentence]
    uncounted = rag.counts.get("red", 0) - len(rag.red_rows) - len(listed)
    if uncounted > 0:
        spare = len(labels - {row.label.upper() for row in rag.red_rows} - {code.upper() for code in listed})
        unexplained += [f"red item {n + 1}" for n in range(max(0, uncounted - spare))]
    return unexplained


def _explained_by_sentences(rag: RagReading) -> set[str]:
    """Red items (by the label the findings show) that a sentence naming them explains."""
    items = [_red_item(row) for row in rag.red_rows] + [rag_items.Item(code, code) for code in rag.red_listed]
    items = rag_items.with_own_words(items, [row.activity for row in rag.rows if row.colour != "red"])
    red = {item.code for item in items}
    others = {rag_items.row_code(row.label) for row in rag.rows} | set(rag.listed)
    return rag_items.explained(rag.paragraphs, items, sorted(code for code in others - red if code))


def _row_explained(row: RagRow, labels: set[str], texts: list[str]) -> bool:
    if len(row.commentary.split()) >= MIN_COMMENTARY_WORDS and not _SEE_BELOW.search(row.commentary):
        return True
    if row.label.upper() in labels:
        return True
    activity = fold(row.activity)
    return bool(activity) and any(
        activity in fold(text) and len(text.split()) >= MIN_EXPLANATION_WORDS for text in texts
    )


def _red_item(row: RagRow) -> rag_items.Item:
    """A red row as an item: its code, and its title (the action; the first cell when the
    row has no code)."""
    code = rag_items.row_code(row.label)
    return rag_items.Item(row.label or row.activity, code, row.activity if code else row.label)


def _reasons_deferred(ctx: QuestionContext) -> bool:
    """ "Explanations for red items are in Appendix C" with Appendix C outside the file."""
    words = load_template().lexicon.reason_deferral_words
    return any(
        deferral.kind == "attached" and mentioned(deferral.sentence, words)
        for deferral in ctx.answer.deferrals
    )
