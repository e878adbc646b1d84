"""A drafting session as saved under the data dir (``DATA_DIR/drafts/<id>.json``), so
``tca draft --continue ID`` and the app pick up where the last turn left off.

What is saved is what the user said (notes, drops, moves, the length, the turns and
the peers' sentences an answer quoted), not the draft: the draft is rebuilt from it.
Files are written whole (temporary file, then rename), one per session, under a fresh
id: a session is never replaced by another one.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assistant.draft.model import Turn
from assistant.draft.questions import DraftError

FOLDER = "drafts"
VERSION = 1
_ID = re.compile(r"^[a-z0-9_.-]{1,100}$")


@dataclass
class SessionState:
    id: str
    question_id: str
    own_institution: str | None = None
    notes: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    moves: dict[str, str] = field(default_factory=dict)  # statement id -> slot key
    target_words: int | None = None
    focus: str | None = None  # the slot key a turn last touched ("how did others do this?")
    turns: list[Turn] = field(default_factory=list)
    asked: list[dict] = field(default_factory=list)  # peers' sentences quoted by "ask" turns
    messages: list[tuple[str, str]] = field(default_factory=list)  # the conversation with a model
    model_text: str = ""
    created: str = ""

    @classmethod
    def new(cls, question_id: str, own_institution: str | None) -> SessionState:
        now = datetime.now(UTC)
        stamp = now.strftime("%Y%m%d-%H%M%S")
        return cls(f"{question_id.replace('.', '-')}-{stamp}-{secrets.token_hex(3)}", question_id, own_institution,
                   created=now.isoformat(timespec="seconds"))

    def to_json(self) -> dict:
        data = asdict(self)
        data["turns"] = [t.to_json() for t in self.turns]
        data["messages"] = [list(m) for m in self.messages]
        return {"version": VERSION} | data

    @classmethod
    def from_json(cls, data: dict) -> SessionState:
        data = dict(data)
        if data.pop("version", None) != VERSION:
            raise ValueError("written by another version")
        data["turns"] = [Turn(t["instruction"], t["kind"], t["reply"], tuple(t.get("cited", ())), t.get("text", "")) for t in data["turns"]]
        data["messages"] = [tuple(m) for m in data["messages"]]
        return cls(**data)


def session_path(data_dir: Path, session_id: str) -> Path:
    if not _ID.match(session_id):
        raise DraftError(f"'{session_id}' is not a draft session id (see `tca draft --json`: \"session\")")
    return Path(data_dir) / FOLDER / f"{session_id}.json"


def save_state(data_dir: Path, state: SessionState) -> Path:
    path = session_path(data_dir, state.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{state.id}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(state.to_json(), stream, ensure_ascii=False, indent=1)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def load_state(data_dir: Path, session_id: str) -> SessionState:
    path = session_path(data_dir, session_id)
    if not path.is_file():
        known = sorted(p.stem for p in path.parent.glob("*.json")) if path.parent.is_dir() else []
        hint = f" (sessions here: {', '.join(known[-5:])})" if known else ""
        raise DraftError(f"no draft session '{session_id}' in {path.parent}{hint}")
    try:
        return SessionState.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DraftError(f"{path}: cannot read this draft session ({exc})") from None
