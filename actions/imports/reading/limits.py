"""The limits every uploaded file meets before and while it is read, and the checks that hold them.

An .xlsx file is a zip of XML parts: a 1 MB upload can unpack to gigabytes, and a tiny sheet can
claim a million rows. So, before any parser sees a workbook, :func:`check_workbook_zip` reads the
zip's directory and refuses a file whose parts would unpack past :data:`PART_LIMITS` (each sheet,
the shared strings, anything else) or :data:`MAX_UNPACKED_BYTES` in all, with too many parts, an
unusual compression or encryption; then it unpacks each XML part in chunks and refuses one with an
XML document type declaration (Excel never writes one; entity expansion needs one) or more
elements than :data:`TAG_LIMITS` (parsing time follows the number of elements). Python's zipfile
never unpacks more than a part's declared size, so the declared sizes are the caps.

While rows are read (``reader``): at most :data:`MAX_ROWS` data rows, :data:`MAX_ROWS_READ` rows
in all (empty ones too), :data:`MAX_COLUMNS` columns, :data:`MAX_CELL_CHARS` characters a cell
and no NUL character; a sheet ends after :data:`MAX_EMPTY_RUN` empty rows in a row.

Every refusal is an ``ImportFileError`` whose message says which limit was hit.
"""

import io
import zipfile

from actions.imports.reading.problems import ImportFileError, Problem

MB = 1024 * 1024
MAX_BYTES = 5 * MB  # the uploaded file itself
MAX_ROWS = 10_000  # data rows of a file
MAX_ROWS_READ = 20_000  # rows read in all, counting empty ones
MAX_EMPTY_RUN = 1_000  # empty rows in a row end a sheet
MAX_COLUMNS = 100  # columns read; any further right are ignored
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_ZIP_ENTRIES = 500
MAX_UNPACKED_BYTES = 100 * MB
PART_LIMITS = {"sheet": 50 * MB, "shared strings": 25 * MB, "part": 5 * MB}
# XML tags ("<") a part may hold: parsing time follows the number of elements, not bytes (a 10,000-row
# board workbook has about 50 a row). Counted while unpacking, before any parser sees the part.
TAG_LIMITS = {"sheet": 1_000_000, "shared strings": 1_000_000, "part": 200_000}
MAX_TAGS = 2_000_000
PROLOG_BYTES = 64 * 1024  # an XML part's root element must start within this
CHUNK = 1024 * 1024


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size / 1024:,.0f} KB"


def part_kind(name: str) -> str:
    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
        return "sheet"
    if name == "xl/sharedStrings.xml":
        return "shared strings"
    return "part"


def refuse(message: str, **where):
    raise ImportFileError([Problem(message, **where)])


def check_workbook_zip(data: bytes) -> None:
    """Refuse a workbook that would unpack too far, or could not be a plain .xlsx file."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except Exception as error:  # zipfile raises many kinds for a damaged directory
        refuse(f"unreadable file: not an .xlsx workbook ({type(error).__name__})")
    if len(entries) > MAX_ZIP_ENTRIES:
        refuse(f"the workbook has {len(entries):,} parts, over the limit of {MAX_ZIP_ENTRIES}: it is not a plain .xlsx")
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            refuse("the workbook is encrypted (password-protected): save it without a password and try again")
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            refuse(f"the workbook's part {entry.filename} uses an unusual compression: save it again from Excel")
        kind = part_kind(entry.filename)
        if entry.file_size > PART_LIMITS[kind]:
            refuse(
                f"the workbook's {kind} {entry.filename} unpacks to {_mb(entry.file_size)}, over the "
                f"{_mb(PART_LIMITS[kind])} limit: remove other sheets or split the file"
            )
        total += entry.file_size
    if total > MAX_UNPACKED_BYTES:
        refuse(f"the workbook unpacks to {_mb(total)}, over the {_mb(MAX_UNPACKED_BYTES)} limit: split the file")
    tags = 0
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels", ".vml")):
            tags += _check_xml_part(archive, entry)
    if tags > MAX_TAGS:
        refuse(f"the workbook holds {tags:,} XML elements, over the limit of {MAX_TAGS:,}: split the file")


def _check_xml_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> int:
    """Unpack one XML part in chunks (never whole): its prolog must be plain, its elements within
    :data:`TAG_LIMITS`. Returns the number of tags."""
    kind = part_kind(entry.filename)
    tags = 0
    try:
        with archive.open(entry) as stream:
            head = stream.read(PROLOG_BYTES)
            _check_prolog(entry, head)
            chunk = head
            while chunk:
                tags += chunk.count(b"<")
                if tags > TAG_LIMITS[kind]:
                    refuse(
                        f"the workbook's {kind} {entry.filename} holds more than {TAG_LIMITS[kind]:,} XML elements, "
                        "the limit: split the file"
                    )
                chunk = stream.read(CHUNK)
    except ImportFileError:
        raise
    except Exception as error:  # zipfile and zlib raise many kinds for a damaged part
        refuse(f"unreadable file: the workbook's part {entry.filename} is damaged ({type(error).__name__})")
    return tags


def _check_prolog(entry: zipfile.ZipInfo, head: bytes) -> None:
    """The part's XML declaration, comments and processing instructions, then its root element:
    no ``<!DOCTYPE`` (entity expansion), and the root within the first :data:`PROLOG_BYTES`."""
    position = 0
    while True:
        while position < len(head) and head[position : position + 1] in b" \t\r\n\xef\xbb\xbf":
            position += 1
        if head.startswith(b"<?", position):
            terminator = b"?>"
        elif head.startswith(b"<!--", position):
            terminator = b"-->"
        else:
            break
        end = head.find(terminator, position)
        if end < 0:
            position = len(head)
            break
        position = end + len(terminator)
    if head.startswith(b"<!", position):
        refuse(f"the workbook's part {entry.filename} declares a document type, which Excel never writes: refused")
    if entry.file_size and position >= len(head):
        refuse(f"the workbook's part {entry.filename} does not start like an Excel part: refused")
