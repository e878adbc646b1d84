"""Metadata filters shared by the dense and keyword indexes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchFilter:
    pillar: str | None = None
    stage: str | None = None
    institution: str | None = None
    doc_type: str | None = None
    year: int | None = None
    question_id: str | None = None
    doc_id: str | None = None
    institutions: tuple[str, ...] = ()  # any of these (a place's institutions: "anything from Scotland?")

    def is_empty(self) -> bool:
        return not any(vars(self).values())

    def to_chroma(self) -> dict | None:
        """Chroma ``where`` clause (``$and`` of equalities; pillars is a list field)."""
        clauses: list[dict] = []
        if self.pillar:
            clauses.append({"pillars": {"$contains": self.pillar}})
        for field in ("stage", "institution", "doc_type", "year", "question_id", "doc_id"):
            value = getattr(self, field)
            if value not in (None, ""):
                clauses.append({field: value})
        if self.institutions:
            clauses.append({"institution": {"$in": list(self.institutions)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def to_sql(self, alias: str = "c") -> tuple[str, list]:
        """A SQL condition over the chunks table and its parameters."""
        parts: list[str] = []
        params: list = []
        if self.pillar:
            parts.append(f"(' ' || {alias}.pillars || ' ') LIKE ?")
            params.append(f"% {self.pillar} %")
        for field in ("stage", "institution", "doc_type", "year", "question_id", "doc_id"):
            value = getattr(self, field)
            if value not in (None, ""):
                parts.append(f"{alias}.{field} = ?")
                params.append(value)
        if self.institutions:
            parts.append(f"{alias}.institution IN ({', '.join('?' * len(self.institutions))})")
            params.extend(self.institutions)
        return (" AND ".join(parts) or "1=1"), params
