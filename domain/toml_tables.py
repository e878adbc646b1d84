"""One TOML file of domain/data read as typed tables: each getter checks the value's type
and a wrong or missing value is a ``TemplateDataError`` naming the file, the table path
and the key; ids are registered once across all files."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MISSING: Any = object()  # as a getter's default: the key is required


class TemplateDataError(ValueError):
    """A data file is missing, not valid TOML, or breaks the template contract."""

    def __init__(self, file: str, key: str, problem: str):
        self.file, self.key, self.problem = file, key, problem
        super().__init__(f"{file}: {key}: {problem}" if key else f"{file}: {problem}")


class Table:
    """Typed access to one TOML table; ``done()`` rejects keys nobody asked for."""

    def __init__(self, data: dict[str, Any], file: str, path: str = ""):
        self._data, self.file, self.path = data, file, path
        self._used: set[str] = set()

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, problem: str) -> TemplateDataError:
        return TemplateDataError(self.file, self.where(key) if key else self.path, problem)

    def _value(self, key: str, ok, expected: str, default: Any) -> Any:
        self._used.add(key)
        if key not in self._data:
            if default is MISSING:
                raise self.error(key, "missing required key")
            return default
        value = self._data[key]
        if not ok(value):
            raise self.error(key, f"expected {expected}, got {value!r}")
        return value

    def text(self, key: str, default: Any = MISSING) -> str:
        return self._value(key, _is_text, "a non-empty string", default)

    def optional_text(self, key: str) -> str | None:
        return self.text(key, default=None)

    def integer(self, key: str, default: Any = MISSING) -> int:
        return self._value(key, _is_int, "an integer", default)

    def flag(self, key: str, default: Any = False) -> bool:
        return self._value(key, _is_bool, "true or false", default)

    def texts(self, key: str, default: Any = ()) -> tuple[str, ...]:
        return tuple(self._value(key, _is_str_list, "a list of strings", default))

    def integers(self, key: str, default: Any = MISSING) -> tuple[int, ...]:
        return tuple(self._value(key, _is_int_list, "a list of integers", default))

    def text_groups(self, key: str) -> tuple[tuple[str, ...], ...]:
        groups = self._value(key, _is_groups, "a list of non-empty lists of strings", ())
        return tuple(tuple(group) for group in groups)

    def choice(self, key: str, allowed: Iterable[str], default: Any = MISSING) -> str | None:
        allowed = tuple(allowed)
        return self._value(key, lambda v: v in allowed, f"one of {', '.join(allowed)}", default)

    def table(self, key: str) -> Table:
        data = self._value(key, lambda v: isinstance(v, dict), "a table", MISSING)
        return Table(data, self.file, self.where(key))

    def tables(self, key: str, default: Any = MISSING) -> list[Table]:
        items = self._value(key, _is_table_list, f"an array of tables ([[{key}]])", default)
        return [Table(item, self.file, f"{self.where(key)}[{i}]") for i, item in enumerate(items)]

    def keys(self) -> tuple[str, ...]:
        return tuple(self._data)

    def done(self) -> None:
        unknown = [key for key in self._data if key not in self._used]
        if unknown:
            raise self.error(unknown[0], "unknown key (misspelt, or not part of the schema)")


class IdRegistry:
    """Remembers where each id was defined, so a duplicate names both places."""

    def __init__(self) -> None:
        self._first: dict[str, str] = {}

    def claim(self, item_id: str, table: Table, key: str = "id") -> None:
        here = f"{table.file}: {table.where(key)}"
        if item_id in self._first:
            raise table.error(
                key, f"duplicate id {item_id!r} (first defined at {self._first[item_id]})"
            )
        self._first[item_id] = here


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def _is_int_list(value: Any) -> bool:
    return isinstance(value, list) and all(_is_int(x) for x in value)


def _is_groups(value: Any) -> bool:
    return isinstance(value, list) and all(_is_str_list(g) and g for g in value)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, dict) for x in value)


def open_table(data_dir: Path, relative: str) -> Table:
    path = data_dir / relative
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateDataError(relative, "", f"file not found in {data_dir}") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateDataError(relative, "", f"invalid TOML: {exc}") from None
    return Table(data, relative)


def require_sequence(table: Table, key: str, got: list, expected: list, what: str) -> None:
    if got != expected:
        raise table.error(key, f"{what} must be {expected}, got {got}")
