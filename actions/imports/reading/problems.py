"""Errors and warnings that name where they are, as the spreadsheet shows it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in an imported file.

    ``row`` is the spreadsheet's own 1-based row number (title rows above the header
    count); 0 for the file as a whole. ``sheet`` is empty for a CSV file.
    """

    message: str
    row: int = 0
    column: str = ""
    sheet: str = ""

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f'sheet "{self.sheet}"')
        if self.row:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f'column "{self.column}"')
        return ", ".join(parts)

    def __str__(self):
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class ImportFileError(Exception):
    """The file cannot be imported at all; ``problems`` say why (nothing was changed)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))
