"""Errors raised by fuzhou_data, each naming what was wrong and what is allowed."""

from __future__ import annotations

from collections.abc import Iterable


class DataValidationError(ValueError):
    """A data file breaks its schema; the message names the file, line and column."""

    def __init__(self, file: str, line: int | None, column: str | None, problem: str) -> None:
        self.file, self.line, self.column, self.problem = file, line, column, problem
        where = file
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {problem}")


class UnknownIdError(ValueError):
    """An id (indicator, place, source, ...) that the data does not know."""

    def __init__(self, kind: str, value: object, valid: Iterable[str]) -> None:
        valid = sorted(str(v) for v in valid)
        self.kind, self.value, self.valid = kind, value, valid
        import difflib  # imported here: only an error needs it

        near = difflib.get_close_matches(str(value), valid, n=3, cutoff=0.5)
        hint = f" Did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        super().__init__(f"unknown {kind} {value!r}.{hint} Valid: {', '.join(valid)}")
