"""Hostile upload files, generated: zip and CPU bombs, broken zips, random bytes, deep XML, huge rows,
odd encodings, NUL bytes — and the product's own exports, damaged.

``corpus(seed, exports)`` yields ``(name, file name, bytes)``; every file is made here, in memory, in
well under a second. Workbooks are written by a small zip writer (:func:`zip_bytes`) so a part can be
pre-compressed (a bomb is a few repeated deflate blocks: no gigabyte is ever built) or can lie about
its size.
"""

import random
import struct
import zlib

MB = 1024 * 1024
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
).encode()
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="{DOC_RELS}">'
    '<sheets><sheet name="Recruitment" sheetId="1" r:id="rId1"/></sheets></workbook>'
).encode()
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
).encode()
SHARED_RELS = WORKBOOK_RELS.replace(
    b"</Relationships>",
    f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'.encode(),
)
HEADER = ["Theme", "Ref", "Action", "Who", "Timeline", "Status"]


class Part:
    """A zip member: ``raw`` deflated bytes (or stored), with its CRC and sizes — possibly lies."""

    def __init__(self, name, data=b"", *, raw=None, crc=None, size=None, method=8, flags=0):
        self.name = name.encode()
        self.method, self.flags = method, flags
        if raw is None:
            raw = zlib.compress(data, 6)[2:-4] if method == 8 else data
            crc = zlib.crc32(data) if crc is None else crc
            size = len(data) if size is None else size
        self.raw, self.crc, self.size = raw, crc or 0, size or 0


def zip_bytes(parts: list[Part]) -> bytes:
    out, central = bytearray(), bytearray()
    for part in parts:
        offset = len(out)
        fixed = (20, part.flags, part.method, 0, 0x21, part.crc, len(part.raw), part.size, len(part.name), 0)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fixed) + part.name + part.raw
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fixed, 0, 0, 0, 0, offset) + part.name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(central), len(out), 0)
    return bytes(out + central + end)


def repeated(prefix: bytes, unit: bytes, times: int, suffix: bytes) -> Part:
    """Deflate ``prefix + unit * times + suffix`` without building it: after a full flush the
    compressor starts afresh, so ``unit`` always compresses to the same bytes."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = comp.compress(prefix) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(unit) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.compress(suffix) + comp.flush()
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(suffix, crc)
    size = len(prefix) + len(unit) * times + len(suffix)
    return Part("", raw=head + block * times + tail, crc=crc, size=size)


def _named(part: Part, name: str) -> Part:
    part.name = name.encode()
    return part


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: list[list[str]], *, dimension="", start=1) -> bytes:
    body = "".join(
        f'<row r="{n}">' + "".join(_cell(f"{chr(65 + i)}{n}", v) for i, v in enumerate(row)) + "</row>"
        for n, row in enumerate(rows, start=start)
    )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>{dim}<sheetData>{body}</sheetData></worksheet>'.encode()
    )


def workbook(sheet: Part | bytes, *, shared: Part | bytes | None = None, extra=()) -> bytes:
    sheet = sheet if isinstance(sheet, Part) else Part("", sheet)
    parts = [
        Part("[Content_Types].xml", CONTENT_TYPES),
        Part("_rels/.rels", ROOT_RELS),
        Part("xl/workbook.xml", WORKBOOK),
        Part("xl/_rels/workbook.xml.rels", SHARED_RELS),
        _named(sheet, "xl/worksheets/sheet1.xml"),
    ]
    shared = f'<?xml version="1.0"?><sst {NS} count="0" uniqueCount="0"/>'.encode() if shared is None else shared
    shared = shared if isinstance(shared, Part) else Part("", shared)
    parts.append(_named(shared, "xl/sharedStrings.xml"))
    return zip_bytes(parts + list(extra))


# --- The corpus ------------------------------------------------------------------------------------


def bombs():
    sheet_head = f'<?xml version="1.0"?><worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    sheet_tail = "</t></is></c></row></sheetData></worksheet>"
    spaces = b" " * MB
    yield "1 GB of spaces in one cell", workbook(repeated(sheet_head.encode(), spaces, 1024, sheet_tail.encode()))
    shared_head = f'<?xml version="1.0"?><sst {NS} count="1" uniqueCount="1"><si><t>'.encode()
    yield (
        "shared strings of 300 MB",
        workbook(sheet_xml([HEADER]), shared=repeated(shared_head, spaces, 300, b"</t></si></sst>")),
    )
    head = sheet_xml([HEADER])[: -len(b"</sheetData></worksheet>")]
    end = b"</sheetData></worksheet>"
    yield "10 million empty rows", workbook(repeated(head, b"<row/>" * 100_000, 100, end))
    yield "7 million empty rows, under the size limits", workbook(repeated(head, b"<row/>" * 100_000, 70, end))
    yield (
        "a dimension of a million rows by XFD",
        workbook(
            sheet_xml([HEADER, ["Recruitment", "1", "x", "y", "", ""]], dimension="A1:XFD1048576").replace(
                b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
            )
        ),
    )
    many_rows = [["Recruitment", str(n), "x", "Employers", "", "Complete"] for n in range(1, 30_001)]
    yield "30,000 data rows", workbook(sheet_xml([HEADER] + many_rows))
    spread = [["Recruitment", "1", "x"] + [""] * 2000 + ["far"]]
    yield "a cell 2,000 columns out", workbook(sheet_xml([HEADER] + spread))
    yield (
        "custom properties of 20 MB",
        workbook(
            sheet_xml([HEADER]),
            extra=[
                _named(
                    repeated(b'<?xml version="1.0"?><Properties>', b"x" * MB, 20, b"</Properties>"),
                    "docProps/custom.xml",
                )
            ],
        ),
    )
    yield "1,000 zip members", workbook(sheet_xml([HEADER]), extra=[Part(f"x/{n}.xml", b"<a/>") for n in range(1000)])


def xml_attacks():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">' for i in range(9))
        + f']><worksheet {NS}><sheetData><row r="1">{_cell("A1", "&lol8;")}</row></sheetData></worksheet>'
    ).encode()
    yield "billion laughs in a sheet", workbook(laughs)
    yield (
        "an external entity",
        workbook(
            f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet {NS}>'
            f'<sheetData><row r="1">{_cell("A1", "&e;")}</row></sheetData></worksheet>'.encode()
        ),
    )
    yield (
        "a DOCTYPE after 60 KB of comments",
        workbook(b'<?xml version="1.0"?>' + b"<!-- padding -->" * 4000 + b"<!DOCTYPE x []>" + sheet_xml([HEADER])[21:]),
    )
    depth = 100_000
    yield (
        "XML nested 100,000 deep in a sheet",
        workbook(
            f'<?xml version="1.0"?><worksheet {NS}><sheetData>'.encode()
            + b"<a>" * depth
            + b"</a>" * depth
            + b"</sheetData></worksheet>"
        ),
    )
    deep_workbook = b'<?xml version="1.0"?><workbook>' + b"<x>" * 50_000 + b"</x>" * 50_000 + b"</workbook>"
    parts = [
        Part("[Content_Types].xml", CONTENT_TYPES),
        Part("_rels/.rels", ROOT_RELS),
        Part("xl/workbook.xml", deep_workbook),
        Part("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        Part("xl/worksheets/sheet1.xml", sheet_xml([HEADER])),
    ]
    yield "XML nested 50,000 deep in the workbook part", zip_bytes(parts)
    yield (
        "a cell of 40,000 characters",
        workbook(sheet_xml([HEADER, ["Recruitment", "1", "x" * 40_000, "y", "", ""]])),
    )
    yield (
        "a NUL escaped in a cell",
        workbook(sheet_xml([HEADER, ["Recruitment", "1", "a_x0000_b", "y", "", "On_x0000_track"]])),
    )


def broken_zips(rng: random.Random, real: bytes):
    yield "a zip that ends early", real[: len(real) // 2]
    yield "a zip header and nothing else", b"PK\x03\x04" + b"\x00" * 26
    yield "an empty zip", zip_bytes([])
    lying = Part("", sheet_xml([HEADER] + [["Recruitment", str(n), "x", "y", "", ""] for n in range(1, 500)]))
    lying.size = 100
    yield "a part that lies about its size", workbook(lying)
    yield "an encrypted part", workbook(Part("", sheet_xml([HEADER]), flags=1))
    yield "bzip2 compression", workbook(Part("", raw=b"BZh91AY&SY", crc=0, size=10, method=12))
    yield "a stored part with a bad CRC", workbook(Part("", sheet_xml([HEADER]), method=0, crc=1))
    for n in range(40):
        data = bytearray(real)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        yield f"the board workbook with bytes flipped ({n})", bytes(data)
    for _ in range(16):
        cut = rng.randrange(100, len(real))
        yield f"the board workbook cut at byte {cut}", real[:cut]


def csv_attacks(rng: random.Random, real_csv: bytes):
    header = b"Plan,Theme,Ref,Action,Who,Timeline,Status,Latest update\r\n"
    row = b"NHS People Plan 2020/21,Recruitment,1,x,Employers,,Complete,"
    yield "2.5 million empty lines", header + b"\r\n" * 2_400_000
    yield "2.5 million empty rows of commas", header + b",,,,,,,\r\n" * 600_000
    yield "one 4 MB cell", header + row + b'"' + b"x" * (4 * MB) + b'"\r\n'
    yield "100,000 columns", header + b",".join([b"x"] * 100_000) + b"\r\n"
    yield "a quote never closed", header + row + b'"never closed' + b" and on" * 1000
    yield "30,000 rows", header + (row + b"note\r\n") * 30_000
    yield "UTF-16 text", real_csv.decode("utf-8-sig").encode("utf-16")
    yield "UTF-32 text", real_csv.decode("utf-8-sig").encode("utf-32")
    yield "UTF-8 with a stray Windows-1252 byte", real_csv[:-10] + b"\xe9" + real_csv[-10:]
    yield "a byte-order mark then Windows-1252", b"\xef\xbb\xbf" + header + row + b"caf\xe9\r\n"
    yield "bytes Windows-1252 does not define", header + row + b"\x81\x8d\x8f\x90\x9d\r\n"
    yield "Shift-JIS text", header + row + "進捗".encode("shift_jis") + b"\r\n"
    yield "a NUL past the first 4 KB", real_csv[:6000] + b"\x00" + real_csv[6000:]
    yield "NUL bytes everywhere", real_csv.replace(b",", b",\x00")
    yield "a lone carriage-return file", real_csv.replace(b"\r\n", b"\r")
    yield "only a header", header
    yield "empty", b""
    yield "six megabytes", header + b"x" * (6 * MB)
    for _ in range(20):
        size = rng.choice([1, 10, 100, 4096, 65536, 1_000_000])
        yield f"random bytes ({size})", rng.randbytes(size)
    for n in range(30):
        data = bytearray(real_csv)
        for _ in range(5):
            data.insert(rng.randrange(len(data)), rng.choice([0, 0xFF, 0xE9, 0x81, 0xC3]))
        yield f"the CSV with hostile bytes inserted ({n})", bytes(data)


def corpus(seed: int, *, workbook_export: bytes, csv_export: bytes):
    """Every hostile file: (description, file name, bytes)."""
    rng = random.Random(seed)
    for description, data in bombs():
        yield description, "bomb.xlsx", data
    for description, data in xml_attacks():
        yield description, "xml.xlsx", data
    for description, data in broken_zips(rng, workbook_export):
        yield description, "broken.xlsx", data
    for description, data in csv_attacks(rng, csv_export):
        yield description, "hostile.csv", data
    for n in range(60):  # random bytes under either name; a zip signature in front of some
        data = rng.randbytes(rng.choice([16, 512, 8192, 200_000]))
        if n % 3 == 0:
            data = b"PK\x03\x04" + data
        yield f"random bytes {n}", rng.choice(["random.xlsx", "random.csv", "random.txt"]), data
