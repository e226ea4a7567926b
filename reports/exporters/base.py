"""The exporter contract and its registry: (source kind, format) → an exporter that streams a file.

An exporter declares its ``format`` (``csv``, ``xlsx``, …), file extension, content type and the
source kinds it renders (``live`` action list, ``rollup`` of a system or region, frozen ``report``),
and implements :meth:`Exporter.write` — render the source to a binary stream. :meth:`Exporter.chunks`
streams the same bytes for a web response. Exporters only render: the data comes from the source.
"""

import tempfile
from collections.abc import Iterator

CHUNK = 64 * 1024
SPOOL_IN_MEMORY = 2 * 1024 * 1024


class UnknownFormat(ValueError):
    """No exporter renders this source kind in this format."""


class Exporter:
    format: str = ""
    extension: str = ""
    content_type: str = ""
    text: bool = False  # a text format (UTF-8), written as text to standard output
    source_kinds: tuple[str, ...] = ("live", "report")

    def write(self, source, stream, *, bom: bool = False) -> None:
        """Render ``source`` to the binary ``stream``. ``bom``: a text format starts with a
        byte-order mark (for a file saved to disk, which Excel on Windows then reads as UTF-8)."""
        raise NotImplementedError

    def chunks(self, source) -> Iterator[bytes]:
        """The rendered bytes in chunks, spooled to a temporary file (not memory) when large."""
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
            self.write(source, spool)
            spool.seek(0)
            while chunk := spool.read(CHUNK):
                yield chunk

    def filename(self, source) -> str:
        return f"{source.filename_stem()}.{self.extension}"


_REGISTRY: dict[tuple[str, str], Exporter] = {}


def register(exporter_class: type[Exporter]) -> type[Exporter]:
    """Class decorator: make the exporter available for each source kind it renders."""
    exporter = exporter_class()
    for kind in exporter_class.source_kinds:
        _REGISTRY[(kind, exporter_class.format)] = exporter
    return exporter_class


def exporter_for(source, format: str) -> Exporter:
    try:
        return _REGISTRY[(source.kind, format)]
    except KeyError:
        raise UnknownFormat(
            f"no {format!r} export of a {source.kind} source; choose one of " + ", ".join(formats(source))
        ) from None


def formats(source) -> list[str]:
    return sorted(fmt for kind, fmt in _REGISTRY if kind == source.kind)
