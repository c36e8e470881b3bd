"""Small real pictures for tests, made here so no test depends on an image library."""

from __future__ import annotations

import struct
import zlib


def png(width: int = 4, height: int = 3, filler: int = 0) -> bytes:
    """A valid RGB PNG of one colour; `filler` changes the bytes, not the size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    row = b"\x00" + bytes([200, 30, filler % 256]) * width
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
       b'<rect width="20" height="10" fill="#036"/></svg>\n')
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
