#!/usr/bin/env python3
"""Draws the app's icon source (1024×1024 PNG): a balance scale, white on seal red, in a rounded
square. Pure Python (zlib), so it needs nothing installed; `tauri icon` makes the sizes from it.
Usage: python3 packaging/make_icon.py src-tauri/icons/source.png"""
import math, struct, sys, zlib

N = 1024
RED = (178, 34, 34)
WHITE = (255, 255, 255)


def inside_rounded(x, y, r=180, m=40):
    lo, hi = m, N - m
    if not (lo <= x < hi and lo <= y < hi):
        return False
    cx = min(max(x, lo + r), hi - r)
    cy = min(max(y, lo + r), hi - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def on_segment(x, y, ax, ay, bx, by, w):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return (x - px) ** 2 + (y - py) ** 2 <= w * w


def in_pan(x, y, cx, top):
    # A bowl: the lower half of an ellipse below the hanging point.
    rx, ry = 150, 70
    return y >= top and ((x - cx) / rx) ** 2 + ((y - top) / ry) ** 2 <= 1.0


def white(x, y):
    beam = on_segment(x, y, 230, 330, 794, 330, 22)
    post = on_segment(x, y, 512, 250, 512, 800, 24)
    base = on_segment(x, y, 380, 810, 644, 810, 28)
    knob = (x - 512) ** 2 + (y - 240) ** 2 <= 40 ** 2
    strings = any(
        on_segment(x, y, hx, 330, hx + dx, 560, 7)
        for hx in (230, 794)
        for dx in (-120, 120)
    )
    pans = in_pan(x, y, 230, 560) or in_pan(x, y, 794, 560)
    return beam or post or base or knob or strings or pans


def main(out):
    rows = []
    for y in range(N):
        row = bytearray([0])
        for x in range(N):
            if not inside_rounded(x, y):
                row += bytes((0, 0, 0, 0))
            elif white(x, y):
                row += bytes(WHITE + (255,))
            else:
                row += bytes(RED + (255,))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    with open(out, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "source.png")
