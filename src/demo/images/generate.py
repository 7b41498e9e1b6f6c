"""Generate the Sillage demo hero and figure PNGs (stdlib only: zlib + struct) next to this script."""

import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# Palette: deep blue / teal with a pink accent.
NAVY = (9, 27, 51)
DEEP = (16, 52, 89)
BLUE = (22, 74, 117)
TEAL = (14, 118, 124)
TEAL_L = (78, 178, 176)
MIST = (196, 228, 228)
SNOW = (236, 245, 245)
ROAD = (20, 36, 58)
PINK = (230, 0, 126)


def hexmix(a, b, t):
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


class Canvas:
    def __init__(self, w, h, color=NAVY):
        self.w, self.h = w, h
        self.px = bytearray(bytes(color) * (w * h))

    def vgradient(self, stops, y0=0, y1=None):
        """Vertical gradient; stops = [(t, color), ...] with t in [0, 1]."""
        y1 = self.h if y1 is None else y1
        for y in range(y0, y1):
            t = (y - y0) / max(1, y1 - y0 - 1)
            for (ta, ca), (tb, cb) in zip(stops, stops[1:]):
                if ta <= t <= tb:
                    c = hexmix(ca, cb, (t - ta) / max(1e-9, tb - ta))
                    break
            row = bytes(c) * self.w
            self.px[y * self.w * 3:(y + 1) * self.w * 3] = row

    def shape(self, sdf, bbox, color, opacity=1.0):
        """Fill the region where sdf(x, y) < 0, anti-aliased over one pixel."""
        x0, y0, x1, y1 = bbox
        x0 = max(0, int(math.floor(x0)) - 1)
        y0 = max(0, int(math.floor(y0)) - 1)
        x1 = min(self.w, int(math.ceil(x1)) + 2)
        y1 = min(self.h, int(math.ceil(y1)) + 2)
        r, g, b = color
        px = self.px
        for y in range(y0, y1):
            cy = y + 0.5
            base = y * self.w * 3
            for x in range(x0, x1):
                d = sdf(x + 0.5, cy)
                if d >= 0.5:
                    continue
                a = opacity if d <= -0.5 else opacity * (0.5 - d)
                i = base + x * 3
                if a >= 1.0:
                    px[i] = r
                    px[i + 1] = g
                    px[i + 2] = b
                else:
                    px[i] = round(px[i] + (r - px[i]) * a)
                    px[i + 1] = round(px[i + 1] + (g - px[i + 1]) * a)
                    px[i + 2] = round(px[i + 2] + (b - px[i + 2]) * a)

    # --- primitives -------------------------------------------------------
    def circle(self, cx, cy, rad, color, opacity=1.0):
        self.shape(lambda x, y: math.hypot(x - cx, y - cy) - rad,
                   (cx - rad, cy - rad, cx + rad, cy + rad), color, opacity)

    def ring(self, cx, cy, rad, width, color, opacity=1.0):
        self.shape(lambda x, y: abs(math.hypot(x - cx, y - cy) - rad) - width / 2,
                   (cx - rad - width, cy - rad - width, cx + rad + width, cy + rad + width),
                   color, opacity)

    def rect(self, x0, y0, x1, y1, color, radius=0.0, opacity=1.0):
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        hx, hy = (x1 - x0) / 2 - radius, (y1 - y0) / 2 - radius

        def sdf(x, y):
            qx, qy = abs(x - cx) - hx, abs(y - cy) - hy
            outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
            return outside + min(max(qx, qy), 0.0) - radius

        self.shape(sdf, (x0, y0, x1, y1), color, opacity)

    def line(self, ax, ay, bx, by, width, color, opacity=1.0):
        dx, dy = bx - ax, by - ay
        ll = dx * dx + dy * dy or 1.0
        half = width / 2

        def sdf(x, y):
            t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / ll))
            return math.hypot(x - ax - t * dx, y - ay - t * dy) - half

        self.shape(sdf, (min(ax, bx) - half, min(ay, by) - half,
                         max(ax, bx) + half, max(ay, by) + half), color, opacity)

    def polygon(self, pts, color, opacity=1.0):
        """Convex polygon, points in clockwise order (screen coordinates)."""
        edges = []
        n = len(pts)
        area = sum(pts[i][0] * pts[(i + 1) % n][1] - pts[(i + 1) % n][0] * pts[i][1]
                   for i in range(n))
        sign = 1.0 if area > 0 else -1.0
        for i in range(n):
            (x0, y0), (x1, y1) = pts[i], pts[(i + 1) % n]
            nx, ny = (y1 - y0) * sign, -(x1 - x0) * sign
            ln = math.hypot(nx, ny)
            edges.append((nx / ln, ny / ln, x0, y0))

        def sdf(x, y):
            return max(ex * (x - px) + ey * (y - py) for ex, ey, px, py in edges)

        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        self.shape(sdf, (min(xs), min(ys), max(xs), max(ys)), color, opacity)

    # --- output -------------------------------------------------------------
    def save(self, name):
        w, h, px = self.w, self.h, self.px
        stride = w * 3
        raw = bytearray()
        prev = bytes(stride)
        for y in range(h):
            row = px[y * stride:(y + 1) * stride]
            sub = bytes([row[i] for i in range(3)]) + bytes(
                (row[i] - row[i - 3]) & 0xFF for i in range(3, stride))
            up = bytes((row[i] - prev[i]) & 0xFF for i in range(stride))
            best = min(((0, bytes(row)), (1, sub), (2, up)),
                       key=lambda fr: sum(v if v < 128 else 256 - v for v in fr[1]))
            raw.append(best[0])
            raw += best[1]
            prev = row

        def chunk(tag, data):
            return (struct.pack(">I", len(data)) + tag + data
                    + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

        png = (b"\x89PNG\r\n\x1a\n"
               + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
               + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
               + chunk(b"IEND", b""))
        path = os.path.join(HERE, name)
        with open(path, "wb") as f:
            f.write(png)
        print(f"{name}: {w}x{h}, {len(png)} bytes")


# --- illustrations ------------------------------------------------------------

def hero_small_ev():
    """A compact electric car on a calm road at dusk."""
    c = Canvas(1200, 675)
    c.vgradient([(0.0, NAVY), (0.55, DEEP), (1.0, TEAL)], 0, 470)
    c.circle(880, 300, 92, PINK, 0.9)
    c.circle(880, 300, 140, PINK, 0.12)
    # hills
    c.circle(180, 760, 420, BLUE)
    c.circle(760, 900, 520, hexmix(BLUE, TEAL, 0.45))
    c.circle(1180, 820, 400, hexmix(DEEP, TEAL, 0.3))
    # road
    c.rect(0, 500, 1200, 675, ROAD)
    c.rect(0, 496, 1200, 504, TEAL_L, opacity=0.6)
    for x in range(-40, 1200, 150):
        c.rect(x, 585, x + 80, 593, MIST, radius=4, opacity=0.7)
    # car (side view)
    body = SNOW
    c.rect(360, 420, 760, 530, body, radius=38)                    # lower body
    c.polygon([(440, 425), (505, 350), (650, 350), (715, 425)], body)  # cabin
    c.polygon([(462, 420), (515, 362), (572, 362), (572, 420)], DEEP)  # rear window
    c.polygon([(586, 362), (642, 362), (694, 420), (586, 420)], DEEP)  # front window
    c.rect(360, 468, 760, 476, PINK)                                # accent line
    c.rect(733, 440, 756, 452, hexmix(PINK, SNOW, 0.4), radius=5)  # headlight
    for wx in (455, 665):
        c.circle(wx, 530, 46, NAVY)
        c.circle(wx, 530, 24, MIST)
        c.circle(wx, 530, 9, NAVY)
    c.save("hero-petite-electrique.png")


def hero_distribution():
    """A maker hub linked to its network of agents."""
    c = Canvas(1200, 675)
    c.vgradient([(0.0, NAVY), (1.0, hexmix(DEEP, TEAL, 0.35))])
    hub = (600, 330)
    nodes = [(190, 170), (250, 500), (420, 600), (1010, 160), (960, 520),
             (780, 610), (600, 95), (130, 340), (1080, 350)]
    for nx, ny in nodes:
        c.line(hub[0], hub[1], nx, ny, 5, TEAL_L, 0.55)
    for i, (nx, ny) in enumerate(nodes):
        c.circle(nx, ny, 52, hexmix(DEEP, TEAL, 0.6))
        # small storefront inside each node
        c.rect(nx - 24, ny - 8, nx + 24, ny + 22, SNOW, radius=3)
        c.polygon([(nx - 30, ny - 6), (nx, ny - 28), (nx + 30, ny - 6)], SNOW)
        c.rect(nx - 8, ny + 4, nx + 8, ny + 22, TEAL if i % 3 else PINK)
    c.circle(hub[0], hub[1], 120, PINK, 0.15)
    c.circle(hub[0], hub[1], 92, PINK)
    c.ring(hub[0], hub[1], 70, 6, SNOW, 0.9)
    # stylised car glyph in the hub
    c.rect(548, 330, 652, 362, SNOW, radius=12)
    c.polygon([(568, 332), (588, 304), (622, 304), (640, 332)], SNOW)
    c.circle(574, 364, 11, PINK)
    c.circle(626, 364, 11, PINK)
    c.save("hero-distribution-agence.png")


def hero_batteries():
    """Two battery packs: large prismatic LFP cells vs a dense grid of NMC cells."""
    c = Canvas(1200, 675)
    c.vgradient([(0.0, DEEP), (1.0, NAVY)])
    c.circle(600, 337, 300, TEAL, 0.10)
    # left pack: long blade-like prismatic cells
    c.rect(110, 170, 540, 520, SNOW, radius=26)
    c.rect(126, 186, 524, 504, NAVY, radius=16)
    c.rect(540, 290, 566, 400, SNOW, radius=6)
    for i in range(9):
        x = 146 + i * 42
        c.rect(x, 206, x + 32, 484, TEAL if i < 6 else hexmix(TEAL, NAVY, 0.55), radius=5)
    # right pack: dense grid of cylindrical cells
    c.rect(660, 170, 1090, 520, SNOW, radius=26)
    c.rect(676, 186, 1074, 504, NAVY, radius=16)
    c.rect(1090, 290, 1116, 400, SNOW, radius=6)
    for row in range(7):
        for col in range(10):
            cx = 713 + col * 36 + (18 if row % 2 else 0)
            if cx > 1050:
                continue
            cy = 222 + row * 42
            filled = col < 7
            c.circle(cx, cy, 15, TEAL_L if filled else hexmix(TEAL_L, NAVY, 0.6))
    # pink lightning between the packs
    c.polygon([(612, 220), (572, 350), (604, 350)], PINK)
    c.polygon([(596, 330), (630, 330), (590, 460)], PINK)
    c.rect(110, 560, 1090, 572, hexmix(TEAL, NAVY, 0.4), radius=6)
    c.rect(110, 560, 700, 572, PINK, radius=6)
    c.save("hero-batteries-lfp-nmc.png")


def figure_distribution_costs():
    """Grouped bar chart: distribution cost items, dealer model vs agency model (% of list price)."""
    c = Canvas(1000, 560, SNOW)
    c.vgradient([(0.0, (246, 250, 250)), (1.0, (230, 241, 242))])
    left, right, top, bottom = 90, 950, 60, 480
    scale = (bottom - top) / 12.0          # 12 % of list price at the top of the axis
    for v in range(0, 13, 2):
        y = bottom - v * scale
        c.rect(left, y - 1, right, y + 1, MIST if v else DEEP)
    c.rect(left - 2, top, left + 2, bottom, DEEP)
    # values from the article: remuneration, rebates, stock, marketing & demos
    dealer = [11.0, 7.0, 2.0, 2.0]
    agency = [6.0, 1.5, 2.5, 2.5]
    group_w = (right - left) / 4
    for i, (d, a) in enumerate(zip(dealer, agency)):
        gx = left + i * group_w + group_w / 2
        c.rect(gx - 78, bottom - d * scale, gx - 6, bottom, BLUE, radius=4)
        c.rect(gx + 6, bottom - a * scale, gx + 78, bottom, PINK, radius=4)
        c.rect(gx - 78, bottom - 2, gx + 78, bottom + 2, DEEP)
    # legend swatches
    c.rect(760, 22, 784, 40, BLUE, radius=3)
    c.rect(860, 22, 884, 40, PINK, radius=3)
    c.save("figure-couts-distribution.png")


if __name__ == "__main__":
    hero_small_ev()
    hero_distribution()
    hero_batteries()
    figure_distribution_costs()
