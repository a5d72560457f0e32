"""An EMVCo TLV reader written for the tests, independent of the code under test (and of qriskit): tag (2 digits),
length (2 digits), value; templates (26-51, 62, 64, 80-99) hold TLV themselves. CRC-16/CCITT-FALSE (polynomial
0x1021, initial 0xFFFF, no reflection, no final XOR) is computed bit by bit here, over the UTF-8 bytes of
everything up to and including "6304"."""

from __future__ import annotations


def crc16_ccitt_false(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def is_template(tag: str) -> bool:
    return "26" <= tag <= "51" or tag in ("62", "64") or "80" <= tag <= "99"


def read_tlv(text: str) -> list[tuple[str, str]]:
    """[(tag, value)] in order; raises AssertionError on a malformed payload."""
    out, pos = [], 0
    while pos < len(text):
        tag, length = text[pos : pos + 2], text[pos + 2 : pos + 4]
        assert tag.isdigit() and length.isdigit(), f"bad TLV at {pos}: {text[pos : pos + 8]!r}"
        value = text[pos + 4 : pos + 4 + int(length)]
        assert len(value) == int(length), f"tag {tag} is cut short"
        out.append((tag, value))
        pos += 4 + int(length)
    return out


def decode(payload: str) -> dict[str, object]:
    """tag -> value, templates as dicts of their sub-tags; the CRC is checked and the tag order too (00 first,
    63 last)."""
    pairs = read_tlv(payload)
    assert pairs[0] == ("00", "01"), "payload format indicator first"
    assert pairs[-1][0] == "63" and len(pairs[-1][1]) == 4, "CRC last"
    body = payload[:-4]
    assert body.endswith("6304")
    assert f"{crc16_ccitt_false(body.encode('utf-8')):04X}" == pairs[-1][1], "CRC does not match"
    tags = [t for t, _ in pairs]
    assert len(tags) == len(set(tags)), "a tag appears twice"
    return {tag: (dict(read_tlv(value)) if is_template(tag) else value) for tag, value in pairs}
