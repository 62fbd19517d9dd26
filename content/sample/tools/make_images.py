#!/usr/bin/env python3
"""Draws the small illustrations of the sample content pack (news covers, product photos).

Layer: content tooling (sample data only; not part of any build target).

Every picture in content/sample is MADE here, from flat shapes, so the pack carries no
downloaded photos and no licence questions. The script walks content/sample/{news,notices,
products}/*/item.toml, and for every [[media]] entry whose file is a .png it draws a 480x320
picture whose theme (tea hills, honey jar, rice bowl, flood warning, kiosk screen, border
gate...) comes from the THEMES table below, keyed by the item id, with a fallback by keyword.

Pure Python 3.11 standard library: tomllib to read item.toml, zlib + struct to write PNG.
Shapes are filled with an even-odd scanline rasteriser at 3x resolution and box-filtered
down, which gives smooth edges while keeping the files small (flat colours compress well).

Usage:  python3 content/sample/tools/make_images.py [--only ID] [--check]
  --only ID   draw only that item's pictures
  --check     do not write; fail if a picture is missing, too large, or differs in size
"""

import argparse
import hashlib
import math
import os
import random
import struct
import sys
import tomllib
import zlib

W, H = 480, 320          # logical size of every picture
SS = 3                   # supersampling factor for anti-aliased edges
MAX_BYTES = 40 * 1024    # per picture
MAX_TOTAL = 3 * 1024 * 1024

# ---------------------------------------------------------------------------------------------
# PNG output


def png_bytes(width, height, rgb):
    """Encodes packed RGB rows as a PNG; picks the row filter (None or Up) that compresses best."""
    stride = width * 3

    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw_none = bytearray()
    raw_up = bytearray()
    prev = bytes(stride)
    for y in range(height):
        row = rgb[y * stride:(y + 1) * stride]
        raw_none += b"\x00" + row
        raw_up += b"\x02" + bytes((a - b) & 0xFF for a, b in zip(row, prev))
        prev = row
    best = min((zlib.compress(bytes(raw_none), 9), zlib.compress(bytes(raw_up), 9)), key=len)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", best) + chunk(b"IEND", b"")


# ---------------------------------------------------------------------------------------------
# Canvas: logical coordinates (480x320), drawn at SS x resolution.


def hexcol(s):
    s = s.lstrip("#")
    return (int(s[0:2], 16), int(s[2:4], 16), int(s[4:6], 16))


def mix(a, b, t):
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))


class Canvas:
    def __init__(self, bg):
        self.w, self.h = W * SS, H * SS
        self.buf = bytearray(bytes(bg) * (self.w * self.h))

    def vgradient(self, y0, y1, c0, c1):
        """Horizontal bands from colour c0 at y0 to c1 at y1 (logical y)."""
        d0, d1 = int(y0 * SS), int(y1 * SS)
        for dy in range(max(0, d0), min(self.h, d1)):
            t = (dy - d0) / max(1, d1 - d0)
            c = bytes(mix(c0, c1, t))
            off = dy * self.w * 3
            self.buf[off:off + self.w * 3] = c * self.w

    def fill(self, contours, color):
        """Fills one or more closed polygons (logical coordinates) with the even-odd rule."""
        col = bytes(color)
        edges = []
        ymin, ymax = 1e9, -1e9
        for pts in contours:
            n = len(pts)
            for i in range(n):
                x0, y0 = pts[i][0] * SS, pts[i][1] * SS
                x1, y1 = pts[(i + 1) % n][0] * SS, pts[(i + 1) % n][1] * SS
                if y0 == y1:
                    continue
                if y0 > y1:
                    x0, y0, x1, y1 = x1, y1, x0, y0
                edges.append((y0, y1, x0, (x1 - x0) / (y1 - y0)))
                ymin, ymax = min(ymin, y0), max(ymax, y1)
        if not edges:
            return
        edges.sort()
        row0 = max(0, int(math.floor(ymin)))
        row1 = min(self.h - 1, int(math.ceil(ymax)))
        w = self.w
        for dy in range(row0, row1 + 1):
            yc = dy + 0.5
            xs = []
            for (ey0, ey1, ex0, slope) in edges:
                if ey0 > yc:
                    break
                if yc < ey1:
                    xs.append(ex0 + (yc - ey0) * slope)
            if len(xs) < 2:
                continue
            xs.sort()
            off = dy * w * 3
            for k in range(0, len(xs) - 1, 2):
                a = max(0, int(xs[k] + 0.5))
                b = min(w, int(xs[k + 1] + 0.5))
                if b > a:
                    self.buf[off + a * 3:off + b * 3] = col * (b - a)

    def downsample(self):
        """Box-filters the SS x SS samples into the final 480x320 RGB bytes."""
        out = bytearray(W * H * 3)
        w3 = self.w * 3
        n = SS * SS
        half = n // 2
        buf = self.buf
        for y in range(H):
            rows = [buf[(y * SS + k) * w3:(y * SS + k + 1) * w3] for k in range(SS)]
            # sum the SS rows column by column, then groups of SS pixels
            colsum = [sum(vals) for vals in zip(*rows)]
            o = y * W * 3
            for x in range(W):
                base = x * SS * 3
                for c in range(3):
                    s = 0
                    for k in range(SS):
                        s += colsum[base + k * 3 + c]
                    out[o + x * 3 + c] = (s + half) // n
        return bytes(out)


# ---------------------------------------------------------------------------------------------
# Shape helpers (all return contours: lists of (x, y) points)


def ellipse(cx, cy, rx, ry, n=72, a0=0.0, a1=2 * math.pi):
    full = abs(a1 - a0 - 2 * math.pi) < 1e-9
    steps = n if full else max(8, int(n * abs(a1 - a0) / (2 * math.pi)))
    pts = []
    for i in range(steps + (0 if full else 1)):
        a = a0 + (a1 - a0) * i / steps
        pts.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
    return pts


def circle(cx, cy, r, n=72):
    return ellipse(cx, cy, r, r, n)


def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def rrect(x0, y0, x1, y1, r, n=10):
    r = min(r, (x1 - x0) / 2, (y1 - y0) / 2)
    pts = []
    for (cx, cy, start) in ((x1 - r, y0 + r, -math.pi / 2), (x1 - r, y1 - r, 0),
                            (x0 + r, y1 - r, math.pi / 2), (x0 + r, y0 + r, math.pi)):
        for i in range(n + 1):
            a = start + (math.pi / 2) * i / n
            pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def line(x0, y0, x1, y1, width):
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length * width / 2, dx / length * width / 2
    return [(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)]


def polyline(points, width):
    return [line(points[i][0], points[i][1], points[i + 1][0], points[i + 1][1], width)
            for i in range(len(points) - 1)]


def star(cx, cy, r_out, r_in, n=5, rot=-math.pi / 2):
    pts = []
    for i in range(n * 2):
        r = r_out if i % 2 == 0 else r_in
        a = rot + math.pi * i / n
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def hexagon(cx, cy, r, rot=0.0):
    return [(cx + r * math.cos(rot + math.pi / 3 * i), cy + r * math.sin(rot + math.pi / 3 * i))
            for i in range(6)]


def wave(x0, x1, y, amp, period, phase=0.0, step=6):
    pts = []
    x = x0
    while x <= x1:
        pts.append((x, y + amp * math.sin((x / period) * 2 * math.pi + phase)))
        x += step
    return pts


def hill(y_base, amp, period, phase, y_bottom=H, x0=-10, x1=W + 10):
    pts = [(x0, y_bottom)]
    x = x0
    while x <= x1:
        y = y_base - amp * (0.6 * math.sin(x / period + phase) + 0.4 * math.sin(x / (period * 0.53) + phase * 1.7))
        pts.append((x, y))
        x += 8
    pts.append((x1, y_bottom))
    return pts


def leaf(cx, cy, length, width, angle):
    """A pointed leaf along `angle`, centred at (cx, cy)."""
    pts = []
    for i in range(25):
        t = i / 24
        x = (t - 0.5) * length
        y = -math.sin(math.pi * t) * width / 2 * (1 - 0.25 * t)
        pts.append((x, y))
    for i in range(24, -1, -1):
        t = i / 24
        x = (t - 0.5) * length
        y = math.sin(math.pi * t) * width / 2 * (1 - 0.25 * t)
        pts.append((x, y))
    ca, sa = math.cos(angle), math.sin(angle)
    return [(cx + x * ca - y * sa, cy + x * sa + y * ca) for (x, y) in pts]


def rotate(pts, cx, cy, angle):
    ca, sa = math.cos(angle), math.sin(angle)
    return [(cx + (x - cx) * ca - (y - cy) * sa, cy + (x - cx) * sa + (y - cy) * ca) for (x, y) in pts]


# ---------------------------------------------------------------------------------------------
# A 5x7 pixel font for the big initials on the band (ASCII only, on purpose: the real text is
# drawn by the kiosk with proper fonts; these are just picture labels).

FONT = {
    "A": [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "B": ["####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."],
    "C": [".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."],
    "D": ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."],
    "E": ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
    "F": ["#####", "#....", "#....", "####.", "#....", "#....", "#...."],
    "G": [".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"],
    "H": ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "I": [".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."],
    "J": ["..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."],
    "K": ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"],
    "L": ["#....", "#....", "#....", "#....", "#....", "#....", "#####"],
    "M": ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"],
    "N": ["#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"],
    "O": [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "P": ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."],
    "Q": [".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"],
    "R": ["####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"],
    "S": [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
    "T": ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
    "U": ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "V": ["#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."],
    "W": ["#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."],
    "X": ["#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"],
    "Y": ["#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."],
    "Z": ["#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"],
    "0": [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
    "1": ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
    "2": [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
    "3": ["####.", "....#", "....#", ".###.", "....#", "....#", "####."],
    "4": ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
    "5": ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."],
    "6": ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."],
    "7": ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
    "8": [".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."],
    "9": [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."],
    " ": [".....", ".....", ".....", ".....", ".....", ".....", "....."],
    "-": [".....", ".....", ".....", "#####", ".....", ".....", "....."],
    ".": [".....", ".....", ".....", ".....", ".....", ".....", "..#.."],
    "!": ["..#..", "..#..", "..#..", "..#..", "..#..", ".....", "..#.."],
    "+": [".....", "..#..", "..#..", "#####", "..#..", "..#..", "....."],
    "%": ["##..#", "##..#", "...#.", "..#..", ".#...", "#..##", "#..##"],
    "/": ["....#", "....#", "...#.", "..#..", ".#...", "#....", "#...."],
}


def text_width(text, scale):
    return len(text) * 6 * scale - scale


def draw_text(cv, x, y, text, scale, color, shadow=None):
    """Draws `text` with its top-left at (x, y); runs of font pixels become one rectangle each."""
    passes = ((shadow, scale * 0.5), (color, 0)) if shadow else ((color, 0),)
    for pass_color, off in passes:
        contours = []
        for i, ch in enumerate(text.upper()):
            glyph = FONT.get(ch, FONT[" "])
            for row, bits in enumerate(glyph):
                col = 0
                while col < len(bits):
                    if bits[col] != "#":
                        col += 1
                        continue
                    end = col
                    while end < len(bits) and bits[end] == "#":
                        end += 1
                    px = x + off + (i * 6 + col) * scale
                    py = y + off + row * scale
                    contours.append(rect(px, py, px + (end - col) * scale, py + scale))
                    col = end
        # runs never overlap, so even-odd over all of them fills each once
        cv.fill(contours, pass_color)


# ---------------------------------------------------------------------------------------------
# Palettes per theme: sky top, sky bottom, far hill, near hill, disc behind the motif, band.

PALETTES = {
    "tea":      ("#bfe3f2", "#eaf6e4", "#7fb069", "#3f7d3a", "#f4f9ee", "#2e5e2c"),
    "honey":    ("#fff1c9", "#ffe08a", "#e9b949", "#c98a1b", "#fffaf0", "#7a4b0c"),
    "rice":     ("#cfe8f7", "#fdf3d6", "#d9b64c", "#a9852a", "#fffdf5", "#6b5316"),
    "harvest":  ("#ffd9a8", "#fff3d9", "#e0a93b", "#b7791f", "#fff8ea", "#7c4a12"),
    "forest":   ("#d6ecd2", "#f1f7e9", "#5b8c51", "#2f5d34", "#fbfdf8", "#234a28"),
    "fruit":    ("#dff1d8", "#f8f6df", "#9ccc65", "#689f38", "#fffff4", "#33691e"),
    "water":    ("#cde7f7", "#eef7fc", "#7fb3d5", "#2f6f9f", "#f7fbfe", "#1c4966"),
    "flood":    ("#9fb4c4", "#d8e2ea", "#6d8a6b", "#4a6848", "#fff4e0", "#8a1c1c"),
    "digital":  ("#d9ecff", "#f4f8ff", "#9fc3e8", "#5b8fc7", "#ffffff", "#173f6b"),
    "border":   ("#cfe3f6", "#f7efe2", "#8aa7b8", "#5f7f73", "#fffaf2", "#7b2b1e"),
    "craft":    ("#f6dfe8", "#fbf1ea", "#c86b85", "#7d3a58", "#fffafc", "#4a1f3a"),
    "tourism":  ("#cfe9f5", "#f6f1e3", "#86b07a", "#4f7d4b", "#fffdf7", "#3d5a36"),
    "herb":     ("#e6defa", "#f5f3fd", "#9fa8da", "#5c6bc0", "#fefcff", "#3b2f74"),
    "health":   ("#d8f1ee", "#f3fbfa", "#86c5bd", "#3f8f86", "#ffffff", "#1e5e57"),
    "school":   ("#d7ecfb", "#fff8e6", "#a5d6a7", "#66a06a", "#fffefa", "#1f4e79"),
    "market":   ("#fde3d3", "#fff6ec", "#f2a65a", "#c8663b", "#fffaf5", "#7a2e14"),
    "road":     ("#d5dde5", "#eef1f4", "#98ad8f", "#617b5b", "#fffdf6", "#4b4f54"),
    "gov":      ("#dcebf7", "#fbf7ee", "#a8c3a0", "#6f9468", "#fffdf8", "#8b1a1a"),
    "women":    ("#fbe0ea", "#fff5f8", "#b5d6a7", "#7aa870", "#ffffff", "#8c2f5b"),
}


# ---------------------------------------------------------------------------------------------
# Motifs. Each draws inside a disc centred at (cx, cy) with radius about 100.

def m_tea(cv, cx, cy, rnd):
    dark, mid, light = hexcol("#2e6b30"), hexcol("#4c9a3f"), hexcol("#8fcf6b")
    cv.fill([line(cx - 10, cy + 70, cx + 5, cy - 40, 7)], hexcol("#6d4c2f"))
    cv.fill([leaf(cx - 30, cy - 5, 120, 58, -0.9)], mid)
    cv.fill([leaf(cx + 35, cy + 10, 105, 50, -2.3)], dark)
    cv.fill([leaf(cx + 5, cy - 60, 70, 34, -1.5)], light)
    cv.fill([line(cx - 30 - 40 * math.cos(-0.9), cy - 5 - 40 * math.sin(-0.9),
                  cx - 30 + 45 * math.cos(-0.9), cy - 5 + 45 * math.sin(-0.9), 3)], light)
    cv.fill([line(cx + 35 - 35 * math.cos(-2.3), cy + 10 - 35 * math.sin(-2.3),
                  cx + 35 + 40 * math.cos(-2.3), cy + 10 + 40 * math.sin(-2.3), 3)], mid)


def m_cup(cv, cx, cy, rnd, liquid="#8a5a1c"):
    cv.fill([ellipse(cx, cy + 62, 88, 14)], hexcol("#d9cbb3"))
    cv.fill([ellipse(cx, cy + 20, 62, 52, 60, 0, math.pi), rect(cx - 62, cy - 5, cx + 62, cy + 21)],
            hexcol("#fdfaf3"))
    cv.fill([ellipse(cx, cy - 5, 62, 13)], hexcol("#e9e1d2"))
    cv.fill([ellipse(cx, cy - 3, 55, 9)], hexcol(liquid))
    ring = [ellipse(cx + 70, cy + 15, 22, 22), ellipse(cx + 70, cy + 15, 12, 12)]
    cv.fill(ring, hexcol("#fdfaf3"))
    for i, dx in enumerate((-22, 0, 22)):
        pts = [(cx + dx + 6 * math.sin(t / 3.0 + i), cy - 20 - t) for t in range(0, 50, 5)]
        for seg in polyline(pts, 4):
            cv.fill([seg], hexcol("#ffffff"))
    m_small_leaf(cv, cx - 75, cy - 55)


def m_small_leaf(cv, x, y):
    cv.fill([leaf(x, y, 46, 22, -0.6)], hexcol("#4c9a3f"))
    cv.fill([leaf(x + 24, y + 6, 38, 18, 0.5)], hexcol("#2e6b30"))


def m_honey(cv, cx, cy, rnd):
    # each producer's jar gets its own shade of honey, from light acacia to dark forest honey
    amber = mix(hexcol("#f2b92b"), hexcol("#b8660a"), rnd.uniform(0.0, 0.8))
    dark = mix(amber, (60, 30, 0), 0.45)
    cv.fill([rrect(cx - 55, cy - 40, cx + 55, cy + 75, 22)], amber)
    cv.fill([rrect(cx - 45, cy - 30, cx - 30, cy + 60, 7)], hexcol("#f6c95a"))
    cv.fill([rrect(cx - 48, cy - 62, cx + 48, cy - 38, 8)], hexcol("#8a5a1c"))
    cv.fill([rect(cx - 58, cy - 52, cx + 58, cy - 44)], hexcol("#d8c3a0"))
    cv.fill([rrect(cx - 36, cy - 5, cx + 36, cy + 45, 8)], hexcol("#fff6dc"))
    cv.fill([hexagon(cx, cy + 20, 16, math.pi / 6), hexagon(cx, cy + 20, 10, math.pi / 6)], dark)
    cv.fill([ellipse(cx + 20, cy - 46, 8, 16, 40, 0, math.pi), rect(cx + 12, cy - 50, cx + 28, cy - 45)], amber)
    # a bee
    bx, by = cx + 78, cy - 62
    cv.fill([ellipse(bx - 6, by - 14, 12, 8), ellipse(bx + 8, by - 14, 12, 8)], hexcol("#e4f1fb"))
    cv.fill([ellipse(bx, by, 18, 12)], hexcol("#f4c20d"))
    cv.fill([rect(bx - 6, by - 12, bx - 1, by + 12), rect(bx + 5, by - 12, bx + 10, by + 12)], hexcol("#3a2a10"))


def bg_hexes(cv, color, rnd):
    r = 26
    for j in range(-1, 9):
        for i in range(-1, 12):
            x = i * r * 1.75 + (j % 2) * r * 0.875
            y = j * r * 1.5
            if rnd.random() < 0.55:
                cv.fill([hexagon(x, y, r - 2, math.pi / 6), hexagon(x, y, r - 6, math.pi / 6)], color)


def m_bowl(cv, cx, cy, rnd, heap="#fffdf4", bowl="#c0392b", noodles=False):
    cv.fill([ellipse(cx, cy + 70, 95, 12)], hexcol("#d7ccb8"))
    if noodles:
        cv.fill([ellipse(cx, cy + 2, 78, 16)], hexcol("#e9dcc0"))
        for k in range(7):
            pts = wave(cx - 66 + k * 4, cx + 66 - k * 4, cy - 2 + k * 2.2 - 6, 4, 26, k, 4)
            for seg in polyline(pts, 3):
                cv.fill([seg], hexcol("#b9a27a") if k % 2 else hexcol("#d8c49b"))
    else:
        cv.fill([ellipse(cx, cy + 5, 72, 46, 60, math.pi, 2 * math.pi), rect(cx - 72, cy + 4, cx + 72, cy + 8)],
                hexcol(heap))
        for _ in range(26):
            gx = cx + rnd.uniform(-55, 55)
            gy = cy + rnd.uniform(-30, 2)
            if ((gx - cx) / 72) ** 2 + ((gy - cy - 5) / 46) ** 2 < 0.8:
                cv.fill([ellipse(gx, gy, 5, 2.6, 16)], hexcol("#efe6cf"))
    cv.fill([ellipse(cx, cy + 5, 84, 68, 60, 0, math.pi), rect(cx - 84, cy + 4, cx + 84, cy + 8)], hexcol(bowl))
    cv.fill([rect(cx - 84, cy + 14, cx + 84, cy + 22)], hexcol("#f5d76e"))
    cv.fill([rrect(cx - 30, cy + 68, cx + 30, cy + 78, 4)], mix(hexcol(bowl), (0, 0, 0), 0.25))
    cv.fill([line(cx + 20, cy - 70, cx + 95, cy - 15, 6), line(cx + 35, cy - 78, cx + 104, cy - 26, 6)],
            hexcol("#7b4f2a"))


def m_pear(cv, cx, cy, rnd):
    body = hexcol("#d4c23a")
    cv.fill([circle(cx, cy + 28, 52), circle(cx, cy - 18, 34)], body)
    cv.fill([rect(cx - 36, cy - 20, cx + 36, cy + 25)], body)
    cv.fill([ellipse(cx - 22, cy + 18, 10, 24)], hexcol("#eee27a"))
    cv.fill([line(cx, cy - 50, cx + 8, cy - 78, 6)], hexcol("#6d4c2f"))
    cv.fill([leaf(cx + 32, cy - 70, 56, 26, -0.4)], hexcol("#5a9b3c"))
    for _ in range(14):
        cv.fill([circle(cx + rnd.uniform(-40, 40), cy + rnd.uniform(-20, 60), 1.8, 10)], hexcol("#a8962a"))


def m_cardamom(cv, cx, cy, rnd):
    cv.fill([line(cx - 80, cy + 70, cx + 10, cy + 10, 6)], hexcol("#6d4c2f"))
    cv.fill([leaf(cx - 55, cy - 35, 110, 34, -0.6)], hexcol("#3d7a35"))
    cv.fill([leaf(cx + 60, cy + 40, 100, 30, 0.4)], hexcol("#2f6a2b"))
    for k in range(11):
        a = k * 2.4
        r = 12 + 5 * k ** 0.8
        px, py = cx + 10 + r * math.cos(a) * 0.9, cy + 10 + r * math.sin(a) * 0.7
        pod = ellipse(px, py, 11, 16, 30)
        cv.fill([rotate(pod, px, py, a)], hexcol("#b3261e") if k % 3 else hexcol("#d9452f"))
        cv.fill([circle(px - 3, py - 5, 3, 12)], hexcol("#ef8a7a"))


def m_fish(cv, cx, cy, rnd):
    for k in range(3):
        pts = wave(cx - 95, cx + 95, cy + 55 + k * 12, 4, 40, k)
        for seg in polyline(pts, 3):
            cv.fill([seg], hexcol("#6fb1d9"))
    cv.fill([[(cx + 55, cy), (cx + 95, cy - 30), (cx + 88, cy), (cx + 95, cy + 30)]], hexcol("#e07a5f"))
    cv.fill([ellipse(cx - 5, cy, 70, 32)], hexcol("#f28c6a"))
    cv.fill([ellipse(cx - 5, cy + 10, 62, 18, 60, 0, math.pi)], hexcol("#fbd1bf"))
    cv.fill([[(cx - 10, cy - 30), (cx + 20, cy - 48), (cx + 30, cy - 28)]], hexcol("#e07a5f"))
    cv.fill([circle(cx - 48, cy - 8, 7)], hexcol("#ffffff"))
    cv.fill([circle(cx - 47, cy - 8, 3.5)], hexcol("#1d2b36"))
    for i in range(5):
        cv.fill([circle(cx - 15 + i * 14, cy - 10 + (i % 2) * 6, 2.5, 12)], hexcol("#b8553c"))


def m_artichoke(cv, cx, cy, rnd):
    cv.fill([line(cx, cy + 40, cx, cy + 85, 10)], hexcol("#4d7c3a"))
    cv.fill([leaf(cx - 45, cy + 70, 80, 26, 0.5), leaf(cx + 45, cy + 70, 80, 26, -0.5)], hexcol("#6a994e"))
    for row, (ry, rw, col) in enumerate(((cy + 30, 58, "#7aa35c"), (cy + 8, 52, "#8fb570"),
                                         (cy - 14, 44, "#7aa35c"), (cy - 34, 34, "#8fb570"))):
        for i in range(-2, 3):
            px = cx + i * rw * 0.42
            cv.fill([[(px - 18, ry + 16), (px, ry - 22), (px + 18, ry + 16)]], hexcol(col))
    for i in range(9):
        a = -math.pi / 2 + (i - 4) * 0.22
        cv.fill([line(cx, cy - 40, cx + 55 * math.cos(a), cy - 40 + 55 * math.sin(a), 5)], hexcol("#8e5fbf"))
    cv.fill([ellipse(cx, cy - 42, 22, 8)], hexcol("#6a3d9a"))


def m_nut(cv, cx, cy, rnd):
    for (dx, dy, r) in ((-40, 20, 34), (35, 25, 32), (0, -30, 36)):
        cv.fill([circle(cx + dx, cy + dy, r)], hexcol("#8b5a2b"))
        cv.fill([circle(cx + dx - r * 0.3, cy + dy - r * 0.3, r * 0.3)], hexcol("#a9743f"))
    cv.fill([circle(cx + 35, cy + 25, 20)], hexcol("#f3e3c3"))
    cv.fill([line(cx - 20, cy - 50, cx + 15, cy - 10, 3)], hexcol("#5e3b18"))
    cv.fill([leaf(cx + 70, cy - 55, 70, 24, 0.7), leaf(cx - 80, cy - 40, 60, 22, -0.8)], hexcol("#3f7d3a"))


def m_ginseng(cv, cx, cy, rnd):
    root = hexcol("#e9c99a")
    cv.fill([ellipse(cx, cy + 20, 18, 48)], root)
    cv.fill([rotate(ellipse(cx - 20, cy + 60, 7, 30), cx - 20, cy + 60, 0.5)], root)
    cv.fill([rotate(ellipse(cx + 22, cy + 58, 7, 30), cx + 22, cy + 58, -0.5)], root)
    for y in range(0, 60, 12):
        cv.fill([line(cx - 14, cy + y, cx + 14, cy + y + 3, 2)], hexcol("#c9a06a"))
    cv.fill([line(cx, cy - 28, cx, cy - 60, 5)], hexcol("#5a8a3a"))
    for i in range(5):
        a = -math.pi / 2 + (i - 2) * 0.55
        cv.fill([leaf(cx + 34 * math.cos(a), cy - 62 + 34 * math.sin(a), 58, 22, a)], hexcol("#3f8a3a"))
    for (dx, dy) in ((-5, -66), (5, -68), (0, -74), (-8, -74), (8, -75)):
        cv.fill([circle(cx + dx, cy + dy, 5, 16)], hexcol("#d32f2f"))


def m_cordyceps(cv, cx, cy, rnd):
    cv.fill([rrect(cx - 70, cy + 30, cx + 70, cy + 70, 10)], hexcol("#f1e4c8"))
    for i in range(11):
        x = cx - 55 + i * 11
        top = cy - 40 - rnd.uniform(0, 35)
        cv.fill([line(x, cy + 35, x + rnd.uniform(-8, 8), top, 6)], hexcol("#f08a24"))
        cv.fill([circle(x, top, 5, 16)], hexcol("#e06c0a"))


def m_bottle(cv, cx, cy, rnd):
    cv.fill([rrect(cx - 38, cy - 30, cx + 38, cy + 80, 14)], hexcol("#4fb3bf"))
    cv.fill([rrect(cx - 16, cy - 58, cx + 16, cy - 26, 4)], hexcol("#4fb3bf"))
    cv.fill([rrect(cx - 20, cy - 80, cx + 20, cy - 56, 5)], hexcol("#1e6f7a"))
    cv.fill([rrect(cx - 28, cy, cx + 28, cy + 50, 6)], hexcol("#ffffff"))
    cv.fill([leaf(cx, cy + 25, 36, 16, -0.8)], hexcol("#4c9a3f"))
    for (dx, dy, r) in ((60, -40, 10), (75, -10, 7), (55, 20, 5), (-65, -30, 8)):
        drop = ellipse(cx + dx, cy + dy, r, r, 30, -0.2, math.pi + 0.2) + [(cx + dx, cy + dy - r * 2)]
        cv.fill([drop], hexcol("#8fd3dc"))


def m_spice(cv, cx, cy, rnd):
    cv.fill([ellipse(cx, cy + 62, 86, 12)], hexcol("#d7ccb8"))
    cv.fill([ellipse(cx, cy + 10, 70, 58, 60, 0, math.pi), rect(cx - 70, cy + 6, cx + 70, cy + 12)],
            hexcol("#8d6e63"))
    cv.fill([ellipse(cx, cy + 8, 62, 12)], hexcol("#c0392b"))
    for i in range(8):
        cv.fill([circle(cx - 45 + i * 13, cy + 6 + (i % 2) * 3, 3, 10)], hexcol("#7cb342"))
    for (x, a) in ((cx - 60, -0.6), (cx + 55, 0.5)):
        chili = leaf(x, cy - 45, 80, 20, a)
        cv.fill([chili], hexcol("#d62d20"))
        cv.fill([line(x + 38 * math.cos(a), cy - 45 + 38 * math.sin(a),
                      x + 48 * math.cos(a), cy - 50 + 48 * math.sin(a), 5)], hexcol("#3d7a35"))
    cv.fill([line(cx + 10, cy - 10, cx + 70, cy - 80, 12)], hexcol("#a1887f"))


def m_costume(cv, cx, cy, rnd):
    body = hexcol("#1f2a44")
    cv.fill([[(cx - 40, cy - 70), (cx + 40, cy - 70), (cx + 95, cy - 40), (cx + 80, cy - 15),
              (cx + 50, cy - 30), (cx + 50, cy + 80), (cx - 50, cy + 80), (cx - 50, cy - 30),
              (cx - 80, cy - 15), (cx - 95, cy - 40)]], body)
    cv.fill([[(cx - 14, cy - 70), (cx, cy - 45), (cx + 14, cy - 70)]], hexcol("#f4efe6"))
    bands = (("#d62839", 0), ("#f6ae2d", 1), ("#2a9d8f", 0), ("#f4efe6", 1))
    for i, (col, kind) in enumerate(bands):
        y = cy - 5 + i * 18
        cv.fill([rect(cx - 50, y, cx + 50, y + 12)], hexcol(col))
        for k in range(6):
            x = cx - 44 + k * 15
            if kind:
                cv.fill([[(x, y + 6), (x + 6, y + 1), (x + 12, y + 6), (x + 6, y + 11)]], body)
            else:
                cv.fill([[(x, y + 11), (x + 6, y + 2), (x + 12, y + 11)]], hexcol("#f4efe6"))
    for side in (-1, 1):
        x = cx + side * 85
        cv.fill([rect(x - 10, cy - 38, x + 10, cy - 26)], hexcol("#d62839"))
    for i in range(5):
        cv.fill([circle(cx - 30 + i * 15, cy - 58, 4, 14)], hexcol("#cfd8dc"))


def m_house(cv, cx, cy, rnd):
    cv.fill([rect(cx - 75, cy - 5, cx + 75, cy + 50)], hexcol("#b5835a"))
    cv.fill([[(cx - 95, cy), (cx, cy - 70), (cx + 95, cy)]], hexcol("#6d4c41"))
    cv.fill([[(cx - 80, cy - 4), (cx, cy - 60), (cx + 80, cy - 4)]], hexcol("#8d6e63"))
    for i in range(-2, 3):
        cv.fill([line(cx + i * 30, cy + 50, cx + i * 30, cy + 82, 6)], hexcol("#5d4037"))
    cv.fill([rect(cx - 80, cy + 48, cx + 80, cy + 56)], hexcol("#6d4c41"))
    cv.fill([rrect(cx - 15, cy + 10, cx + 15, cy + 48, 4)], hexcol("#4e342e"))
    for dx in (-50, 40):
        cv.fill([rrect(cx + dx, cy + 10, cx + dx + 22, cy + 30, 3)], hexcol("#ffe08a"))
    cv.fill([[(cx + 80, cy + 82), (cx + 92, cy + 60), (cx + 104, cy + 82)]], hexcol("#2f6a2b"))


def m_kiosk(cv, cx, cy, rnd):
    cv.fill([rrect(cx - 60, cy - 85, cx + 60, cy + 70, 14)], hexcol("#37474f"))
    cv.fill([rrect(cx - 50, cy - 75, cx + 50, cy + 20, 6)], hexcol("#e3f2fd"))
    cv.fill([rect(cx - 50, cy - 75, cx + 50, cy - 58)], hexcol("#1565c0"))
    for i in range(3):
        for j in range(2):
            x, y = cx - 42 + i * 30, cy - 50 + j * 34
            cv.fill([rrect(x, y, x + 24, y + 26, 5)], hexcol(("#43a047", "#fb8c00", "#8e24aa")[i]))
    cv.fill([rect(cx - 25, cy + 70, cx + 25, cy + 82), rrect(cx - 45, cy + 80, cx + 45, cy + 90, 4)], hexcol("#263238"))
    cv.fill([circle(cx, cy + 45, 10)], hexcol("#90a4ae"))
    # a hand pointing at the screen
    cv.fill([rotate(rrect(cx + 30, cy - 10, cx + 95, cy + 14, 11), cx + 30, cy, -0.5)], hexcol("#f1c27d"))
    cv.fill([rotate(rrect(cx + 8, cy - 14, cx + 40, cy - 4, 5), cx + 30, cy, -0.5)], hexcol("#f1c27d"))


def m_phone_id(cv, cx, cy, rnd):
    cv.fill([rrect(cx - 45, cy - 85, cx + 45, cy + 85, 14)], hexcol("#263238"))
    cv.fill([rrect(cx - 38, cy - 72, cx + 38, cy + 68, 6)], hexcol("#ffffff"))
    cv.fill([rect(cx - 38, cy - 72, cx + 38, cy - 50)], hexcol("#c62828"))
    cv.fill([star(cx, cy - 61, 8, 3.5)], hexcol("#ffd600"))
    cv.fill([circle(cx, cy - 18, 18)], hexcol("#90caf9"))
    cv.fill([ellipse(cx, cy + 14, 26, 14, 40, math.pi, 2 * math.pi)], hexcol("#90caf9"))
    for i in range(3):
        cv.fill([rrect(cx - 28, cy + 24 + i * 12, cx + 28 - i * 12, cy + 30 + i * 12, 3)], hexcol("#cfd8dc"))
    # a tick badge: the account is verified
    cv.fill([circle(cx + 48, cy + 55, 22)], hexcol("#2e7d32"))
    cv.fill(polyline([(cx + 37, cy + 55), (cx + 45, cy + 63), (cx + 60, cy + 46)], 6), hexcol("#ffffff"))


def m_gate(cv, cx, cy, rnd):
    cv.fill([rect(cx - 95, cy + 40, cx + 95, cy + 80)], hexcol("#9e9e9e"))
    cv.fill([rect(cx - 80, cy - 30, cx - 40, cy + 45), rect(cx + 40, cy - 30, cx + 80, cy + 45)], hexcol("#eeeeee"))
    cv.fill([rrect(cx - 90, cy - 52, cx + 90, cy - 26, 4)], hexcol("#c62828"))
    cv.fill([[(cx - 70, cy - 52), (cx, cy - 82), (cx + 70, cy - 52)]], hexcol("#b71c1c"))
    cv.fill([rect(cx - 40, cy - 26, cx + 40, cy - 16)], hexcol("#bdbdbd"))
    for i in range(3):
        cv.fill([rrect(cx - 72 + i * 0, cy - 20 + i * 20, cx - 48, cy - 8 + i * 20, 2)], hexcol("#90caf9"))
        cv.fill([rrect(cx + 48, cy - 20 + i * 20, cx + 72, cy - 8 + i * 20, 2)], hexcol("#90caf9"))
    # road through the gate
    cv.fill([[(cx - 30, cy + 80), (cx - 12, cy + 40), (cx + 12, cy + 40), (cx + 30, cy + 80)]], hexcol("#616161"))
    cv.fill([rect(cx - 2, cy + 48, cx + 2, cy + 58), rect(cx - 2, cy + 64, cx + 2, cy + 76)], hexcol("#fff59d"))
    cv.fill([line(cx, cy - 82, cx, cy - 112, 3)], hexcol("#455a64"))
    cv.fill([rect(cx, cy - 112, cx + 30, cy - 94)], hexcol("#da251d"))
    cv.fill([star(cx + 15, cy - 103, 6, 2.5)], hexcol("#ffff00"))


def m_warning(cv, cx, cy, rnd):
    for k in range(4):
        pts = wave(cx - 100, cx + 100, cy + 40 + k * 13, 5, 45, k * 1.3)
        for seg in polyline(pts, 5):
            cv.fill([seg], hexcol("#5d8aa8") if k % 2 else hexcol("#8d6e4f"))
    tri = [(cx, cy - 88), (cx + 78, cy + 42), (cx - 78, cy + 42)]
    cv.fill([tri], hexcol("#b71c1c"))
    inner = [(cx, cy - 62), (cx + 56, cy + 30), (cx - 56, cy + 30)]
    cv.fill([inner], hexcol("#ffca28"))
    cv.fill([rrect(cx - 7, cy - 38, cx + 7, cy + 2, 5)], hexcol("#212121"))
    cv.fill([circle(cx, cy + 15, 7)], hexcol("#212121"))


def m_speaker(cv, cx, cy, rnd):
    cv.fill([line(cx, cy - 60, cx, cy + 85, 8)], hexcol("#607d8b"))
    for side in (-1, 1):
        x = cx + side * 8
        horn = [(x, cy - 58), (x + side * 70, cy - 88), (x + side * 70, cy - 20), (x, cy - 42)]
        cv.fill([horn], hexcol("#eceff1"))
        cv.fill([ellipse(x + side * 70, cy - 54, 8, 34)], hexcol("#b0bec5"))
        for r in (20, 34):
            arc = ellipse(x + side * 82, cy - 54, r, r * 1.3, 30, -0.7 if side > 0 else math.pi - 0.7,
                          0.7 if side > 0 else math.pi + 0.7)
            cv.fill(polyline(arc, 4), hexcol("#1e88e5"))
    cv.fill([rect(cx - 14, cy - 64, cx + 14, cy - 36)], hexcol("#455a64"))


def m_school(cv, cx, cy, rnd):
    cv.fill([rect(cx - 85, cy - 20, cx + 85, cy + 60)], hexcol("#fff3e0"))
    cv.fill([[(cx - 95, cy - 18), (cx, cy - 62), (cx + 95, cy - 18)]], hexcol("#e65100"))
    for i in range(4):
        x = cx - 72 + i * 40
        if i == 2:
            continue
        cv.fill([rrect(x, cy - 5, x + 24, cy + 20, 3)], hexcol("#81d4fa"))
    cv.fill([rrect(cx + 8, cy + 10, cx + 36, cy + 60, 3)], hexcol("#8d6e63"))
    cv.fill([line(cx - 100, cy - 40, cx - 100, cy + 60, 3)], hexcol("#455a64"))
    cv.fill([rect(cx - 100, cy - 40, cx - 70, cy - 22)], hexcol("#da251d"))
    cv.fill([star(cx - 85, cy - 31, 6, 2.5)], hexcol("#ffff00"))
    for i, col in enumerate(("#1e88e5", "#43a047", "#fdd835")):
        cv.fill([rrect(cx - 60 + i * 4, cy + 62 + i * 8 - 24, cx - 10 + i * 4, cy + 69 + i * 8 - 24, 2)], hexcol(col))


def m_health(cv, cx, cy, rnd):
    cv.fill([rrect(cx - 85, cy - 50, cx + 85, cy + 55, 12)], hexcol("#1e88e5"))
    cv.fill([rect(cx - 85, cy - 25, cx + 85, cy - 12)], hexcol("#1565c0"))
    cv.fill([circle(cx - 50, cy + 18, 22)], hexcol("#ffffff"))
    cv.fill([rect(cx - 56, cy + 4, cx - 44, cy + 32), rect(cx - 64, cy + 12, cx - 36, cy + 24)], hexcol("#e53935"))
    for i in range(3):
        cv.fill([rrect(cx - 15, cy + 2 + i * 14, cx + 70 - i * 15, cy + 9 + i * 14, 3)], hexcol("#bbdefb"))
    cv.fill([circle(cx + 62, cy - 64, 22)], hexcol("#43a047"))
    cv.fill(polyline([(cx + 51, cy - 64), (cx + 59, cy - 56), (cx + 74, cy - 73)], 6), hexcol("#ffffff"))


def m_syringe(cv, cx, cy, rnd):
    body = rotate(rrect(cx - 60, cy - 16, cx + 40, cy + 16, 5), cx, cy, -0.6)
    cv.fill([body], hexcol("#e3f2fd"))
    cv.fill([rotate(rect(cx - 20, cy - 12, cx + 36, cy + 12), cx, cy, -0.6)], hexcol("#4fc3f7"))
    cv.fill([rotate(rect(cx + 40, cy - 3, cx + 90, cy + 3), cx, cy, -0.6)], hexcol("#90a4ae"))
    cv.fill([rotate(rect(cx - 90, cy - 4, cx - 60, cy + 4), cx, cy, -0.6)], hexcol("#607d8b"))
    cv.fill([rotate(rect(cx - 96, cy - 20, cx - 88, cy + 20), cx, cy, -0.6)], hexcol("#607d8b"))
    cv.fill([circle(cx - 60, cy + 60, 20)], hexcol("#ef5350"))
    cv.fill([rect(cx - 64, cy + 48, cx - 56, cy + 72), rect(cx - 72, cy + 56, cx - 48, cy + 64)], hexcol("#ffffff"))


def m_market(cv, cx, cy, rnd):
    cv.fill([rect(cx - 90, cy - 40, cx + 90, cy + 70)], hexcol("#fff8e1"))
    for i in range(6):
        col = "#e53935" if i % 2 == 0 else "#ffe0b2"
        x = cx - 90 + i * 30
        cv.fill([rect(x, cy - 70, x + 30, cy - 40)], hexcol(col))
        cv.fill([ellipse(x + 15, cy - 40, 15, 10, 20, 0, math.pi)], hexcol(col))
    cv.fill([rect(cx - 95, cy + 30, cx + 95, cy + 42)], hexcol("#8d6e63"))
    for i in range(5):
        cv.fill([circle(cx - 75 + i * 14, cy + 20, 9)], hexcol(("#ff7043", "#ffca28", "#66bb6a")[i % 3]))
    # a QR sign
    qx, qy, cell = cx + 10, cy - 28, 6
    cv.fill([rect(qx - 6, qy - 6, qx + 15 * cell + 6, qy + 15 * cell + 6)], hexcol("#ffffff"))
    bits = []
    for j in range(15):
        for i in range(15):
            finder = (i < 5 and j < 5) or (i > 9 and j < 5) or (i < 5 and j > 9)
            on = rnd.random() < 0.5 if not finder else (i in (0, 4, 10, 14) or j in (0, 4, 10, 14)
                                                        or (1 < i % 10 < 3 and 1 < j % 10 < 3))
            if on:
                bits.append(rect(qx + i * cell, qy + j * cell, qx + (i + 1) * cell, qy + (j + 1) * cell))
    cv.fill(bits, hexcol("#212121"))


def m_parcel(cv, cx, cy, rnd):
    cv.fill([[(cx - 80, cy - 10), (cx - 20, cy - 35), (cx + 40, cy - 10), (cx - 20, cy + 15)]], hexcol("#d7a86e"))
    cv.fill([[(cx - 80, cy - 10), (cx - 20, cy + 15), (cx - 20, cy + 80), (cx - 80, cy + 55)]], hexcol("#c48a4a"))
    cv.fill([[(cx - 20, cy + 15), (cx + 40, cy - 10), (cx + 40, cy + 55), (cx - 20, cy + 80)]], hexcol("#a86f35"))
    cv.fill([[(cx - 56, cy - 20), (cx + 4, cy + 5), (cx + 16, cy), (cx - 44, cy - 25)]], hexcol("#f3e5c8"))
    cv.fill([rrect(cx + 45, cy - 75, cx + 100, cy + 20, 8)], hexcol("#263238"))
    cv.fill([rrect(cx + 50, cy - 66, cx + 95, cy + 10, 3)], hexcol("#fff3e0"))
    cv.fill([rect(cx + 56, cy - 20, cx + 89, cy - 6)], hexcol("#f57c00"))
    cv.fill([star(cx + 72, cy - 42, 12, 5)], hexcol("#fbc02d"))


def m_live(cv, cx, cy, rnd):
    cv.fill([rrect(cx - 50, cy - 85, cx + 50, cy + 85, 14)], hexcol("#263238"))
    cv.fill([rrect(cx - 43, cy - 72, cx + 43, cy + 70, 6)], hexcol("#ffe0b2"))
    cv.fill([rrect(cx - 38, cy - 66, cx + 2, cy - 50, 4)], hexcol("#e53935"))
    cv.fill([circle(cx - 30, cy - 58, 4)], hexcol("#ffffff"))
    cv.fill([circle(cx, cy - 5, 22)], hexcol("#8d6e63"))
    cv.fill([ellipse(cx, cy + 50, 36, 30, 40, math.pi, 2 * math.pi)], hexcol("#2e7d32"))
    for i in range(4):
        cv.fill([circle(cx + 60 + (i % 2) * 12, cy + 30 - i * 22, 8)], hexcol("#ef5350"))
        cv.fill([circle(cx + 60 + (i % 2) * 12 - 5, cy + 30 - i * 22 - 3, 3.5)], hexcol("#ffcdd2"))


def m_shield(cv, cx, cy, rnd):
    cv.fill([rrect(cx - 45, cy - 80, cx + 45, cy + 80, 12)], hexcol("#263238"))
    cv.fill([rrect(cx - 38, cy - 68, cx + 38, cy + 66, 5)], hexcol("#eceff1"))
    sh = [(cx, cy - 45), (cx + 30, cy - 32), (cx + 26, cy + 10), (cx, cy + 32), (cx - 26, cy + 10), (cx - 30, cy - 32)]
    cv.fill([sh], hexcol("#c62828"))
    cv.fill([rrect(cx - 6, cy - 28, cx + 6, cy + 2, 4), circle(cx, cy + 14, 6)], hexcol("#ffffff"))
    cv.fill([circle(cx + 60, cy - 50, 24)], hexcol("#ffb300"))
    cv.fill([rect(cx + 57, cy - 64, cx + 63, cy - 46), circle(cx + 60, cy - 38, 3.5)], hexcol("#ffffff"))


def m_people(cv, cx, cy, rnd):
    cv.fill([rrect(cx - 70, cy + 10, cx + 70, cy + 60, 6)], hexcol("#8d6e63"))
    cv.fill([rrect(cx - 40, cy - 20, cx + 40, cy + 20, 4)], hexcol("#37474f"))
    cv.fill([rect(cx - 34, cy - 14, cx + 34, cy + 14)], hexcol("#b3e5fc"))
    cv.fill([[(cx - 50, cy + 20), (cx + 50, cy + 20), (cx + 58, cy + 30), (cx - 58, cy + 30)]], hexcol("#546e7a"))
    for (dx, col, scarf) in ((-75, "#ad1457", "#f06292"), (75, "#6a1b9a", "#4db6ac")):
        cv.fill([circle(cx + dx, cy - 30, 18)], hexcol("#f1c27d"))
        cv.fill([ellipse(cx + dx, cy - 40, 22, 12, 30, math.pi, 2 * math.pi)], hexcol(scarf))
        cv.fill([[(cx + dx - 26, cy + 55), (cx + dx - 18, cy - 8), (cx + dx + 18, cy - 8), (cx + dx + 26, cy + 55)]],
                hexcol(col))
    for i in range(3):
        cv.fill([rrect(cx - 26, cy - 8 + i * 8, cx + 10 - i * 8, cy - 4 + i * 8, 2)], hexcol("#0277bd"))


def m_road(cv, cx, cy, rnd):
    cv.fill([[(cx - 100, cy + 80), (cx - 18, cy - 60), (cx + 18, cy - 60), (cx + 100, cy + 80)]], hexcol("#616161"))
    for k in range(4):
        y0 = cy - 45 + k * 32
        cv.fill([rect(cx - 2 - k, y0, cx + 2 + k, y0 + 14 + k * 3)], hexcol("#fff59d"))
    cv.fill([[(cx - 100, cy + 80), (cx - 40, cy + 15), (cx - 20, cy + 80)]], hexcol("#8d6e4f"))
    for (x, y) in ((cx + 50, cy + 40), (cx + 80, cy + 60)):
        cv.fill([[(x - 14, y + 18), (x, y - 22), (x + 14, y + 18)]], hexcol("#fb8c00"))
        cv.fill([rect(x - 8, y - 4, x + 8, y + 2)], hexcol("#ffffff"))
        cv.fill([rect(x - 18, y + 16, x + 18, y + 22)], hexcol("#e65100"))
    cv.fill([line(cx - 70, cy - 80, cx - 70, cy - 10, 5)], hexcol("#455a64"))
    cv.fill([[(cx - 70, cy - 100), (cx - 45, cy - 70), (cx - 95, cy - 70)]], hexcol("#fdd835"))
    cv.fill([rect(cx - 72, cy - 92, cx - 68, cy - 80), rect(cx - 72, cy - 77, cx - 68, cy - 73)], hexcol("#212121"))


def m_gov(cv, cx, cy, rnd):
    cv.fill([rect(cx - 90, cy + 50, cx + 90, cy + 62)], hexcol("#bdbdbd"))
    cv.fill([rect(cx - 80, cy - 20, cx + 80, cy + 50)], hexcol("#fff8e1"))
    cv.fill([[(cx - 92, cy - 18), (cx, cy - 60), (cx + 92, cy - 18)]], hexcol("#c62828"))
    for i in range(6):
        x = cx - 66 + i * 26
        cv.fill([rect(x, cy - 14, x + 10, cy + 48)], hexcol("#ffe082"))
    cv.fill([circle(cx, cy - 34, 10)], hexcol("#ffd600"))
    cv.fill([star(cx, cy - 34, 7, 3)], hexcol("#c62828"))
    cv.fill([line(cx + 70, cy - 20, cx + 70, cy - 80, 3)], hexcol("#455a64"))
    cv.fill([rect(cx + 70, cy - 80, cx + 100, cy - 62)], hexcol("#da251d"))
    cv.fill([star(cx + 85, cy - 71, 6, 2.5)], hexcol("#ffff00"))


def m_sheaf(cv, cx, cy, rnd):
    for i in range(13):
        a = -math.pi / 2 + (i - 6) * 0.11
        x1, y1 = cx + 95 * math.cos(a), cy + 20 + 95 * math.sin(a)
        cv.fill([line(cx, cy + 85, x1, y1, 4)], hexcol("#c9a227"))
        for k in range(5):
            t = 0.62 + k * 0.08
            gx, gy = cx + (x1 - cx) * t, cy + 85 + (y1 - cy - 85) * t
            cv.fill([rotate(ellipse(gx + 5, gy, 5, 2.6, 12), gx + 5, gy, a + 0.6)], hexcol("#e8b923"))
            cv.fill([rotate(ellipse(gx - 5, gy, 5, 2.6, 12), gx - 5, gy, a - 0.6)], hexcol("#e8b923"))
    cv.fill([rrect(cx - 22, cy + 40, cx + 22, cy + 52, 4)], hexcol("#7b4f2a"))


def m_loop(cv, cx, cy, rnd):
    """Two linked rings (two levels of local government working as one)."""
    cv.fill([circle(cx - 35, cy, 55), circle(cx - 35, cy, 40)], hexcol("#c62828"))
    cv.fill([circle(cx + 35, cy, 55), circle(cx + 35, cy, 40)], hexcol("#f9a825"))
    cv.fill([rect(cx - 3, cy - 55, cx + 12, cy - 38)], hexcol("#c62828"))


def m_tree(cv, cx, cy, rnd):
    """An old tea tree (chè cổ thụ): thick crooked trunk, a wide round crown of leaves."""
    bark = hexcol("#6d4c2f")
    cv.fill([[(cx - 14, cy + 85), (cx - 8, cy + 20), (cx - 30, cy - 20), (cx - 20, cy - 26), (cx, cy + 5),
              (cx + 18, cy - 30), (cx + 28, cy - 22), (cx + 10, cy + 20), (cx + 16, cy + 85)]], bark)
    cv.fill([ellipse(cx, cy + 86, 40, 7)], hexcol("#8d6e4f"))
    for (dx, dy, r, col) in ((-45, -35, 38, "#2e6b30"), (40, -38, 40, "#2e6b30"), (0, -62, 44, "#3f8a3a"),
                             (-20, -30, 34, "#4c9a3f"), (24, -28, 32, "#4c9a3f")):
        cv.fill([circle(cx + dx, cy + dy, r)], hexcol(col))
    for _ in range(18):
        a = rnd.uniform(0, 6.28)
        x, y = cx + rnd.uniform(-70, 70), cy - 40 + rnd.uniform(-40, 25)
        cv.fill([leaf(x, y, 16, 8, a)], hexcol("#8fcf6b"))


def m_form(cv, cx, cy, rnd):
    """A form on a laptop screen with ticks: filing an application online."""
    cv.fill([rrect(cx - 80, cy - 70, cx + 80, cy + 35, 8)], hexcol("#37474f"))
    cv.fill([rect(cx - 72, cy - 62, cx + 72, cy + 27)], hexcol("#ffffff"))
    cv.fill([rect(cx - 72, cy - 62, cx + 72, cy - 48)], hexcol("#1565c0"))
    for i in range(3):
        y = cy - 38 + i * 22
        cv.fill([rrect(cx - 60, y, cx - 46, y + 14, 3)], hexcol("#43a047"))
        cv.fill(polyline([(cx - 57, y + 7), (cx - 54, y + 10), (cx - 49, y + 4)], 2.4), hexcol("#ffffff"))
        cv.fill([rrect(cx - 38, y + 3, cx + 55 - i * 18, y + 11, 3)], hexcol("#cfd8dc"))
    cv.fill([[(cx - 100, cy + 35), (cx + 100, cy + 35), (cx + 88, cy + 50), (cx - 88, cy + 50)]], hexcol("#90a4ae"))
    cv.fill([circle(cx + 62, cy + 66, 24)], hexcol("#fb8c00"))
    draw_text(cv, cx + 48, cy + 58, "3%", 3, hexcol("#ffffff"))


def m_qrlabel(cv, cx, cy, rnd):
    """A product pack with a traceability QR label and a phone scanning it."""
    cv.fill([rrect(cx - 85, cy - 55, cx + 5, cy + 80, 10)], hexcol("#8bc34a"))
    cv.fill([rrect(cx - 75, cy - 75, cx - 5, cy - 50, 6)], hexcol("#558b2f"))
    cv.fill([rect(cx - 72, cy - 10, cx - 8, cy + 54)], hexcol("#ffffff"))
    cell = 4
    bits = []
    for j in range(14):
        for i in range(14):
            finder = (i < 4 and j < 4) or (i > 9 and j < 4) or (i < 4 and j > 9)
            on = (i in (0, 3, 10, 13) or j in (0, 3, 10, 13)) if finder else rnd.random() < 0.5
            if on:
                bits.append(rect(cx - 68 + i * cell, cy - 6 + j * cell, cx - 68 + (i + 1) * cell, cy - 6 + (j + 1) * cell))
    cv.fill(bits, hexcol("#212121"))
    cv.fill([rotate(rrect(cx + 20, cy - 70, cx + 80, cy + 40, 10), cx + 50, cy - 15, 0.25)], hexcol("#263238"))
    cv.fill([rotate(rect(cx + 27, cy - 58, cx + 73, cy + 26), cx + 50, cy - 15, 0.25)], hexcol("#e8f5e9"))
    cv.fill([rotate(rect(cx + 33, cy - 20, cx + 67, cy - 16), cx + 50, cy - 15, 0.25)], hexcol("#e53935"))
    cv.fill([rotate(leaf(cx + 50, cy - 38, 26, 12, 0), cx + 50, cy - 15, 0.25)], hexcol("#4c9a3f"))


MOTIFS = {
    "tea": m_tea, "cup": m_cup, "honey": m_honey, "rice": m_bowl, "pear": m_pear,
    "cardamom": m_cardamom, "fish": m_fish, "artichoke": m_artichoke, "nut": m_nut,
    "ginseng": m_ginseng, "cordyceps": m_cordyceps, "bottle": m_bottle, "spice": m_spice,
    "costume": m_costume, "house": m_house, "kiosk": m_kiosk, "phone_id": m_phone_id,
    "gate": m_gate, "warning": m_warning, "speaker": m_speaker, "school": m_school,
    "health": m_health, "syringe": m_syringe, "market": m_market, "parcel": m_parcel,
    "live": m_live, "shield": m_shield, "people": m_people, "road": m_road, "gov": m_gov,
    "sheaf": m_sheaf, "loop": m_loop,
    "noodles": lambda cv, cx, cy, rnd: m_bowl(cv, cx, cy, rnd, bowl="#1565c0", noodles=True),
    "matcha": lambda cv, cx, cy, rnd: m_cup(cv, cx, cy, rnd, liquid="#7cb342"),
    "greentea": lambda cv, cx, cy, rnd: m_cup(cv, cx, cy, rnd, liquid="#c0ca33"),
    "redrice": lambda cv, cx, cy, rnd: m_bowl(cv, cx, cy, rnd, bowl="#6d4c41"),
    "noodles2": lambda cv, cx, cy, rnd: m_bowl(cv, cx, cy, rnd, bowl="#2e7d32", noodles=True),
    "artitea": lambda cv, cx, cy, rnd: m_cup(cv, cx, cy, rnd, liquid="#6b7d2a"),
    "tree": m_tree, "form": m_form, "qrlabel": m_qrlabel,
}

# id -> (palette, motif, label). The label is short ASCII drawn on the band; stars come from
# item.toml for products.
THEMES = {
    # news
    "tin-to-cong-nghe-so-vneid": ("digital", "phone_id", "VNEID"),
    "tin-diem-ho-tro-cntt-dong-bao": ("digital", "kiosk", "89 DIEM"),
    "tin-cum-thong-tin-cua-khau-ma-lu-thang": ("border", "gate", "MA LU THANG"),
    "tin-hoi-cho-ocop-thuong-mai-dien-tu": ("market", "parcel", "OCOP"),
    "tin-chinh-quyen-hai-cap-thu-tuc-tai-xa": ("gov", "gov", "UBND XA"),
    "tin-the-bhyt-tren-vneid": ("health", "health", "BHYT"),
    "tin-khai-giang-nam-hoc-2026-2027": ("school", "school", "2026-2027"),
    "tin-thu-hoach-lua-ruong-bac-thang": ("harvest", "sheaf", "MUA VANG"),
    "tin-thu-hoach-thao-qua": ("forest", "cardamom", "THAO QUA"),
    "tin-che-vu-thu-tam-duong": ("tea", "tea", "CHE"),
    "tin-thanh-toan-khong-tien-mat-cho-phien": ("market", "market", "QR"),
    "tin-lop-ky-nang-so-cho-phu-nu": ("women", "people", "KY NANG SO"),
    "tin-sua-duong-sau-mua-lu": ("road", "road", "DUONG"),
    "tin-loa-truyen-thanh-xa": ("digital", "speaker", "LOA"),
    "tin-dich-vu-cong-truc-tuyen": ("digital", "form", "3.19%"),
    "tin-tem-qr-truy-xuat-nguon-goc": ("fruit", "qrlabel", "TRUY XUAT"),
    "tin-livestream-ban-nong-san": ("market", "live", "LIVE"),
    "tin-canh-giac-lua-dao-qua-dien-thoai": ("digital", "shield", "CANH GIAC"),
    # notices
    "tb-canh-bao-lu-quet-sat-lo": ("flood", "warning", "CANH BAO"),
    "tb-ngay-tiem-chung-tram-y-te": ("health", "syringe", "TIEM CHUNG"),
    # products
    "mat-ong-pa-u": ("honey", "honey", "PA U"),
    "mat-ong-truong-tuyen-ka-lang": ("honey", "honey", "KA LANG"),
    "mat-ong-hai-hoan-vang-san": ("honey", "honey", "VANG SAN"),
    "bo-trang-phuc-ha-nhi": ("craft", "costume", "HA NHI"),
    "q-clean-htx-phu-thanh": ("health", "bottle", "Q CLEAN"),
    "du-lich-cong-dong-si-thau-chai": ("tourism", "house", "SI THAU CHAI"),
    "du-lich-cong-dong-lao-chai-1": ("tourism", "house", "LAO CHAI 1"),
    "mien-dong-binh-lu": ("rice", "noodles", "BINH LU"),
    "gao-seng-cu-then-sin": ("rice", "rice", "THEN SIN"),
    "le-giang-ma": ("fruit", "pear", "GIANG MA"),
    "tra-dong-phuong-my-nhan": ("tea", "cup", "MY NHAN"),
    "tra-shencha-tam-duong": ("tea", "greentea", "SHENCHA"),
    "tra-oolong-tam-duong": ("tea", "cup", "OOLONG"),
    "tra-matcha-tam-duong": ("tea", "matcha", "MATCHA"),
    "tra-kim-tuyen-tam-duong": ("tea", "tea", "KIM TUYEN"),
    "tra-xanh-huong-nhai-huu-co": ("tea", "greentea", "HUU CO"),
    "tra-co-thu-sa-de-phin": ("tea", "tree", "SA DE PHIN"),
    "cham-cheo-luc-le": ("market", "spice", "CHAM CHEO"),
    "mac-ca-lai-chau": ("forest", "nut", "MAC CA"),
    "sam-lai-chau": ("forest", "ginseng", "SAM"),
    "dong-trung-ha-thao-lai-chau": ("herb", "cordyceps", "DTHT"),
    "cao-mem-actiso-sa-pa": ("herb", "artichoke", "ACTISO"),
    "tra-phun-suong-actiso-sa-pa": ("herb", "artitea", "TRA ACTISO"),
    "che-shan-tuyet-suoi-giang": ("tea", "tree", "SUOI GIANG"),
    "gao-seng-cu-muong-lo": ("rice", "rice", "MUONG LO"),
    "che-bat-tien-tran-yen": ("tea", "greentea", "TRAN YEN"),
    "mien-dao-gioi-phien": ("rice", "noodles2", "GIOI PHIEN"),
    "ca-hoi-sa-pa": ("water", "fish", "SA PA"),
}

KEYWORD_FALLBACK = (
    ("mat-ong", "honey", "honey"), ("tra-", "tea", "cup"), ("che-", "tea", "tea"),
    ("gao-", "rice", "rice"), ("mien-", "rice", "noodles"), ("lu-", "flood", "warning"),
    ("tiem", "health", "syringe"), ("bhyt", "health", "health"), ("du-lich", "tourism", "house"),
)


def theme_for(item_id, kind):
    if item_id in THEMES:
        return THEMES[item_id]
    for key, pal, motif in KEYWORD_FALLBACK:
        if key in item_id:
            return (pal, motif, "".join(w[0] for w in item_id.split("-")[:4]).upper())
    return ("digital" if kind != "product" else "fruit", "kiosk", "TRAM TIN")


# ---------------------------------------------------------------------------------------------
# Scene


def draw_picture(item_id, kind, stars):
    palette_name, motif_name, label = theme_for(item_id, kind)
    sky0, sky1, hill1, hill2, disc, band = (hexcol(c) for c in PALETTES[palette_name])
    seed = int(hashlib.sha256(item_id.encode()).hexdigest()[:8], 16)
    rnd = random.Random(seed)

    cv = Canvas(sky1)
    cv.vgradient(0, 262, sky0, sky1)
    if palette_name == "honey":
        bg_hexes(cv, mix(sky1, hill1, 0.45), rnd)
    # sun (or a pale moon for the warning scene)
    sx, sy = rnd.uniform(40, 120), rnd.uniform(40, 70)
    sun = (hexcol("#fff3b0") if palette_name != "flood" else hexcol("#e8eef2"))
    cv.fill([circle(sx, sy, 34)], mix(sun, sky0, 0.45))
    cv.fill([circle(sx, sy, 24)], sun)
    # two layers of hills; terraces on the near one for rural themes
    ph = rnd.uniform(0, 6.28)
    cv.fill([hill(175, 30, 70, ph)], hill1)
    near = hill(215, 22, 55, ph + 2.0)
    cv.fill([near], hill2)
    if palette_name in ("tea", "rice", "harvest", "tourism", "fruit", "forest"):
        stripe = mix(hill2, (255, 255, 255), 0.22)
        for k in range(5):
            y = 222 + k * 9
            pts = [(x, y - 20 * (0.6 * math.sin(x / 55 + ph + 2.0) + 0.4 * math.sin(x / 29 + (ph + 2.0) * 1.7)))
                   for x in range(-10, W + 11, 8)]
            cv.fill(polyline(pts, 2.4), stripe)
    if palette_name == "flood":
        for k in range(3):
            for seg in polyline(wave(-10, W + 10, 238 + k * 9, 3, 60, k), 3):
                cv.fill([seg], hexcol("#7d97a8"))
        for i in range(40):
            x, y = rnd.uniform(0, W), rnd.uniform(0, 200)
            cv.fill([line(x, y, x - 6, y + 18, 1.6)], hexcol("#8aa0b2"))

    # the motif on a soft disc
    cx, cy = 328, 140
    cv.fill([circle(cx + 4, cy + 6, 112)], mix(hill2, (0, 0, 0), 0.15))
    cv.fill([circle(cx, cy, 112)], disc)
    MOTIFS[motif_name](cv, cx, cy, rnd)

    # the band: label (and stars for products)
    cv.fill([rect(0, 262, W, H)], band)
    cv.fill([rect(0, 262, W, 266)], mix(band, (255, 255, 255), 0.25))
    scale = 5
    while text_width(label, scale) > (250 if stars else 440) and scale > 2:
        scale -= 1
    ty = 262 + (58 - 7 * scale) / 2
    draw_text(cv, 20, ty, label, scale, hexcol("#ffffff"), shadow=mix(band, (0, 0, 0), 0.4))
    if stars:
        for i in range(stars):
            x = W - 28 - i * 40
            cv.fill([star(x, 291, 17, 7.5)], hexcol("#ffd54f"))
            cv.fill([star(x, 291, 11, 4.8)], hexcol("#ffb300"))
    return png_bytes(W, H, cv.downsample())


# ---------------------------------------------------------------------------------------------
# Driver: find items, draw what they reference.


def find_items(root):
    for group in ("news", "notices", "products"):
        base = os.path.join(root, group)
        if not os.path.isdir(base):
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            if "item.toml" in filenames:
                yield dirpath


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="draw only this item id")
    ap.add_argument("--check", action="store_true", help="check sizes; do not write")
    args = ap.parse_args()

    total, count, problems = 0, 0, []
    for folder in find_items(root):
        item_id = os.path.basename(folder)
        if args.only and item_id != args.only:
            continue
        with open(os.path.join(folder, "item.toml"), "rb") as f:
            item = tomllib.load(f)
        stars = item.get("product", {}).get("stars", 0) if item.get("kind") == "product" else 0
        for media in item.get("media", []):
            name = media.get("file", "")
            if not name.endswith(".png"):
                continue
            path = os.path.join(folder, name)
            if args.check:
                if not os.path.exists(path):
                    problems.append(f"{path}: missing")
                    continue
                data = open(path, "rb").read()
            else:
                data = draw_picture(item_id, item.get("kind", ""), stars)
                with open(path, "wb") as f:
                    f.write(data)
            if len(data) > MAX_BYTES:
                problems.append(f"{path}: {len(data)} bytes, over {MAX_BYTES}")
            total += len(data)
            count += 1
            print(f"{len(data):7d}  {os.path.relpath(path, root)}")
    print(f"{count} pictures, {total} bytes in total")
    if total > MAX_TOTAL:
        problems.append(f"total {total} bytes, over {MAX_TOTAL}")
    for p in problems:
        print("error:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
