"""Parse untrusted XML (feeds fetched from the network) with the standard library, refusing what makes
`xml.etree` unsafe: a document type declaration and entity declarations (billion laughs, external entities)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from videotron.core.errors import VideotronError

MAX_BYTES = 1_000_000
_FORBIDDEN = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class FeedRefused(VideotronError):
    """A feed message that is not used, with the reason (malformed, expired, a test message...)."""


def parse_xml(data: bytes, source: str) -> ET.Element:
    if len(data) > MAX_BYTES:
        raise FeedRefused(f"{source}: {len(data)} bytes; an alert message is at most {MAX_BYTES} bytes")
    if _FORBIDDEN.search(data):
        raise FeedRefused(f"{source}: refused: the XML declares a DOCTYPE or entities, which alert feeds never need")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise FeedRefused(f"{source}: malformed XML: {exc}") from None
