"""A PDF that PDFium cannot open, most often one cut short by an interrupted download, rebuilt from
the objects that survive: a page tree listing every page object found, a catalog and a trailer.

Most writers put the catalog, the page tree and the cross-reference table last, so a cut file
loses them even when most pages and their contents are intact. PDFium rebuilds its cross-reference
by scanning for objects when the file has none that works; it only needs a trailer naming a root.
"""

from __future__ import annotations

import re

_OBJECT = re.compile(rb"(?<![0-9])([0-9]{1,10})\s+([0-9]{1,5})\s+obj\b")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_HEAD = 4096  # bytes of an object searched for its /Type


def rebuilt(data: bytes) -> bytes | None:
    """The file up to its last complete object, with a new page tree of the pages found; None when
    no page object survives."""
    last = data.rfind(b"endobj")
    if last < 0:
        return None
    data = data[: last + len(b"endobj")]  # a half-written object at the cut would swallow what follows
    starts = [(m.start(), int(m.group(1)), int(m.group(2))) for m in _OBJECT.finditer(data)]
    if not starts:
        return None
    pages: dict[bytes, None] = {}  # an object rewritten by an incremental update is listed once
    for k, (at, number, generation) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(data)
        head = data[at : min(end, at + _HEAD)].split(b"stream", 1)[0]
        if _PAGE.search(head):
            pages[b"%d %d R" % (number, generation)] = None
    if not pages:
        return None
    root = max(number for _, number, _ in starts) + 1
    return data + (
        b"\n%d 0 obj\n<< /Type /Catalog /Pages %d 0 R >>\nendobj\n" % (root, root + 1)
        + b"%d 0 obj\n<< /Type /Pages /Kids [%s] /Count %d >>\nendobj\n"
        % (root + 1, b" ".join(pages), len(pages))
        + b"trailer\n<< /Root %d 0 R /Size %d >>\n%%%%EOF\n" % (root, root + 2)
    )
