"""A CSV file's bytes as text: UTF-8 (with or without a byte-order mark) or Windows-1252, never a mix.

Excel on Windows saves "CSV" in Windows-1252, everything else (our own export included) in UTF-8.
A file that is UTF-8 but for a stray Windows-1252 byte (text pasted from an old file) is refused,
naming the row of the first such byte: reading it all as Windows-1252 would turn every "é" into
"Ã©", and reading it as UTF-8 would lose the byte.
"""

import csv
import io
import re

from actions.imports.reading.limits import refuse

BINARY_SNIFF = 4096
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (surrogateescape)
_DECODED_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")


def csv_text(data: bytes) -> str:
    if b"\x00" in data[:BINARY_SNIFF]:
        refuse("unreadable file: this is not a CSV text file or an .xlsx workbook")
    text = data.decode("utf-8", errors="surrogateescape")
    bad = _UNDECODED.search(text)
    if bad is None:
        return text.removeprefix("\ufeff")
    first_bad = bad.start()
    if _DECODED_NON_ASCII.search(text):  # a byte-order mark or real UTF-8 characters elsewhere
        row, column = _where(text[:first_bad])
        byte = ord(text[first_bad]) - 0xDC00
        refuse(
            f"the file is UTF-8 text but holds a byte (0x{byte:02X}) that is not: it mixes two encodings. "
            "Save it again as CSV UTF-8 and check this cell",
            row=row,
            column=column,
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        refuse("unreadable file: the text is neither UTF-8 nor Windows-1252")


def _where(prefix: str) -> tuple[int, str]:
    """The spreadsheet row (and the header's name for the column) where ``prefix`` ends."""
    prefix = prefix.removeprefix("\ufeff")
    try:
        records = list(csv.reader(io.StringIO(prefix, newline="")))
    except csv.Error:
        return prefix.count("\n") + 1, ""
    if not records or prefix.endswith(("\n", "\r")):
        return len(records) + 1, ""
    header = records[0]
    index = len(records[-1]) - 1
    column = header[index].strip() if len(records) > 1 and index < len(header) else ""
    return len(records), column
