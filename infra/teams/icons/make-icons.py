#!/usr/bin/env python3
"""Draws the Teams app icons without an imaging library: color.png (192x192, accent background, white bars)
and outline.png (32x32, white bars on transparent), as the manifest schema requires. Run from infra/teams."""
import struct
import zlib


def png(path, size, pixel):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(size)) for y in range(size))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def bars(size, x, y):
    """Three rising bars on a baseline, in a size-independent layout."""
    unit = size / 32.0
    left, width, gap, base = 7 * unit, 5 * unit, 2 * unit, 25 * unit
    heights = (8 * unit, 13 * unit, 18 * unit)
    for index, height in enumerate(heights):
        x0 = left + index * (width + gap)
        if x0 <= x < x0 + width and base - height <= y < base:
            return True
    return 6 * unit <= x < 26 * unit and base <= y < base + 1.2 * unit


ACCENT = (0x46, 0x47, 0x75, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)
png("color.png", 192, lambda x, y: WHITE if bars(192, x, y) else ACCENT)
png("outline.png", 32, lambda x, y: WHITE if bars(32, x, y) else CLEAR)
