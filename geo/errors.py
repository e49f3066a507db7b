"""The project's own exceptions: one path for every bad input.

A :class:`DataError` carries a Swedish message that names the file, column or row
and says what to do. The CLI prints it on stderr (exit code 2) and the pages show
it with ``st.error``; nothing else about bad input reaches the user.
"""

from __future__ import annotations


class DataError(ValueError):
    """Bad input data or configuration, with a message meant for the user (Swedish)."""

    def __init__(self, message: str, *, file: str | None = None, hint: str | None = None) -> None:
        self.file = file
        self.hint = hint
        parts = [f"{file}: {message}" if file else message]
        if hint:
            parts.append(hint)
        super().__init__(" ".join(parts))

    @property
    def message(self) -> str:
        return str(self)


class DataWarning(UserWarning):
    """A recoverable data problem (collected and shown as a report, never printed)."""
