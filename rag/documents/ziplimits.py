"""Zip bombs: a DOCX is a zip, checked here before python-docx unpacks any of it.

The directory's declared sizes are checked first (a 3 GB document.xml is refused unread), then every
entry is inflated once, a megabyte at a time and thrown away, to prove it unpacks to exactly what it
declares: zipfile trusts the declared size only after inflating up to 2 GB in one call, so an entry
that lies about its size would otherwise fill the memory before anything notices.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from rag.errors import DocumentError

MB = 1 << 20
MAX_UNPACKED_BYTES = 256 * MB  # every entry together, pictures included
# XML becomes a tree of about 13 times its size in memory (a 60 MB document.xml peaked at 850 MB).
MAX_XML_BYTES = 64 * MB
MAX_RATIO = 200  # real Word files pack 3 to 35 times; deflate can reach 1032
_RATIO_FLOOR = 10 * MB  # small entries may pack as tightly as they like
_STEP = 64 * 1024  # packed bytes fed to the inflater at a time


def check_zip(name: str, data: bytes) -> None:
    """Raise DocumentError unless the zip unpacks to a size python-docx can hold in memory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, struct.error):
        return  # not a zip: python-docx says so in its own words
    total = sum(info.file_size for info in entries)
    xml = sum(info.file_size for info in entries if info.filename.endswith((".xml", ".rels")))
    if total > MAX_UNPACKED_BYTES:
        raise DocumentError(
            name, f"DOCX too large when unpacked ({_size(total)} > {_size(MAX_UNPACKED_BYTES)})"
        )
    if xml > MAX_XML_BYTES:
        raise DocumentError(
            name, f"DOCX too large when unpacked ({_size(xml)} of XML > {_size(MAX_XML_BYTES)})"
        )
    for info in entries:
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise DocumentError(
                name, f"corrupt DOCX ({info.filename} unpacks to {ratio} times its packed size: a zip bomb)"
            )
        problem = _inflates_as_declared(data, info)
        if problem:
            raise DocumentError(name, f"corrupt DOCX ({info.filename} {problem})")


def _inflates_as_declared(data: bytes, info: zipfile.ZipInfo) -> str:
    """What is wrong with an entry's packed data, or "" when it unpacks to its declared size."""
    if info.flag_bits & 0x1:
        return "is encrypted"
    offset = info.header_offset
    header = data[offset : offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return "has no local header"
    start = offset + 30 + int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
    packed = memoryview(data)[start : start + info.compress_size]
    if len(packed) < info.compress_size:
        return "is cut short"
    if info.compress_type == zipfile.ZIP_STORED:
        return "" if info.compress_size == info.file_size else "has a wrong size"
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return f"uses an unsupported compression (method {info.compress_type})"
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    try:
        for at in range(0, len(packed), _STEP):
            pending = bytes(packed[at : at + _STEP])
            while pending and not inflater.eof:
                size += len(inflater.decompress(pending, MB))
                if size > info.file_size:
                    return f"unpacks to more than its declared {info.file_size} bytes"
                pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        return "has damaged packed data"
    if size != info.file_size:
        return f"unpacks to {size} bytes, not its declared {info.file_size}"
    return ""


def _size(count: int) -> str:
    return f"{count / (1 << 30):.1f} GB" if count >= 1 << 30 else f"{count / MB:.0f} MB"
