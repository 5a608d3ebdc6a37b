"""Draws the Rote Feder sample images (cover, rent chart as PNG, harbour scene as JPEG) with Pillow.

usage: python3 scripts/make_sample_images.py issues/rote-feder/images fonts/NotoSans-Regular.ttf
"""
import random, sys
from PIL import Image, ImageDraw, ImageFilter, ImageFont

out = sys.argv[1]
RED, DARK, CREAM, BLACK = (196, 22, 38), (120, 10, 22), (246, 238, 222), (24, 20, 20)

def cover():
    s = 2  # supersample for smooth edges
    W, H = 1200 * s, 1600 * s
    im = Image.new("RGB", (W, H), RED)
    d = ImageDraw.Draw(im)
    # darker diagonal field
    d.polygon([(0, H * 0.62), (W, H * 0.38), (W, H), (0, H)], fill=DARK)
    # large cream sun/circle
    r = 360 * s
    cx, cy = int(W * 0.64), int(H * 0.36)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=CREAM)
    # black ring inside
    r2 = 250 * s
    d.ellipse([cx - r2, cy - r2, cx + r2, cy + r2], outline=BLACK, width=28 * s)
    # the quill: long tapered leaf shape crossing the circle
    quill = [(230 * s, 1430 * s), (330 * s, 1180 * s), (560 * s, 820 * s), (870 * s, 430 * s),
             (1010 * s, 300 * s), (960 * s, 470 * s), (720 * s, 860 * s), (430 * s, 1230 * s)]
    d.polygon(quill, fill=BLACK)
    # quill barbs: cream slits
    for i in range(9):
        t = 0.18 + i * 0.075
        x = 300 * s + t * 700 * s
        y = 1270 * s - t * 1000 * s
        d.polygon([(x, y), (x + 120 * s, y - 40 * s), (x + 128 * s, y - 24 * s), (x + 8 * s, y + 14 * s)], fill=RED)
    # bars at top left (masthead space marker)
    for i, w in enumerate((520, 380, 240)):
        y = (110 + i * 70) * s
        d.rectangle([90 * s, y, (90 + w) * s, y + 36 * s], fill=CREAM if i == 0 else BLACK)
    # 2200 px wide: the cover spans the A4 page and its 3 mm bleed (216 mm) at 259 ppi, above
    # the 250 ppi print shops accept, so the print PDF lets it bleed.
    im = im.resize((2200, 2933), Image.LANCZOS)
    im = im.quantize(colors=48, method=Image.Quantize.MEDIANCUT)
    im.save(f"{out}/cover.png", optimize=True)

def font(size):
    return ImageFont.truetype(sys.argv[2], size)

def chart():
    W, H = 1200, 700
    im = Image.new("RGB", (W, H), (255, 255, 255))
    d = ImageDraw.Draw(im)
    years = list(range(2017, 2026))
    rents = [5.40, 5.80, 6.30, 6.90, 7.40, 8.10, 9.20, 10.30, 11.20]
    left, right, top, bottom = 110, 1160, 50, 610
    vmax = 12.0
    f, fs = font(26), font(22)
    for v in range(0, 13, 2):
        y = bottom - (bottom - top) * v / vmax
        d.line([(left, y), (right, y)], fill=(225, 225, 225), width=2)
        d.text((left - 16, y), f"{v}", fill=(90, 90, 90), font=fs, anchor="rm")
    n = len(years)
    slot = (right - left) / n
    for i, (yr, v) in enumerate(zip(years, rents)):
        x0 = left + i * slot + slot * 0.18
        x1 = left + (i + 1) * slot - slot * 0.18
        y = bottom - (bottom - top) * v / vmax
        d.rectangle([x0, y, x1, bottom], fill=RED if i == n - 1 else (150, 40, 50))
        d.text(((x0 + x1) / 2, y - 8), f"{v:.2f}".replace(".", ","), fill=(40, 40, 40), font=fs, anchor="md")
        d.text(((x0 + x1) / 2, bottom + 14), str(yr), fill=(40, 40, 40), font=f, anchor="mt")
    d.line([(left, bottom), (right, bottom)], fill=(40, 40, 40), width=3)
    d.text((left - 16, top - 30), "€/m²", fill=(90, 90, 90), font=fs, anchor="rm")
    im = im.quantize(colors=64)
    im.save(f"{out}/mieten-lindenau.png", optimize=True)

def harbour():
    # A 2 : 1 panorama with the pixels to run across an A4 page and its bleed at 250 ppi
    # (2 400 px over 216 mm: 282 ppi); the sample marks it `{.bleed}`.
    W, H = 2400, 1200
    sx, sy = 2.0, 1.5  # drawn from a 1200 × 800 design
    horizon = 840
    im = Image.new("RGB", (W, H))
    px = im.load()
    top, mid, low = (28, 36, 72), (190, 92, 70), (250, 180, 100)
    for y in range(H):
        if y < horizon:
            t = y / horizon
            a, b, u = (top, mid, t / 0.7) if t < 0.7 else (mid, low, (t - 0.7) / 0.3)
        else:
            t = (y - horizon) / (H - horizon)
            a, b, u = (low, (20, 26, 46), min(1.0, t * 1.6))
        c = tuple(int(a[k] + (b[k] - a[k]) * u) for k in range(3))
        for x in range(W):
            px[x, y] = c
    d = ImageDraw.Draw(im)
    sil = (18, 16, 24)
    # container stacks along the quay
    rnd = random.Random(7)
    x = 0
    while x < W:
        w = int(rnd.randint(40, 90) * sx)
        h = int(rnd.choice((24, 48, 72, 96)) * sy)
        d.rectangle([x, horizon - h, x + w - 3, horizon], fill=sil)
        x += w
    # ship-to-shore cranes
    for cx, hgt in ((180, 330), (470, 360), (760, 340), (1030, 350)):
        cx, hgt, base = int(cx * sx), int(hgt * sy), horizon
        wx = lambda v: int(v * sy)  # crane parts keep their proportions
        d.rectangle([cx - wx(40), base - hgt, cx - wx(30), base], fill=sil)
        d.rectangle([cx + wx(30), base - hgt, cx + wx(40), base], fill=sil)
        d.rectangle([cx - wx(160), base - hgt - wx(10), cx + wx(120), base - hgt + wx(8)], fill=sil)
        apex = base - hgt - wx(90)
        d.polygon([(cx - wx(40), base - hgt), (cx, apex), (cx + wx(40), base - hgt)], outline=sil, width=wx(6))
        d.line([(cx, apex), (cx - wx(150), base - hgt)], fill=sil, width=wx(3))
        d.line([(cx, apex), (cx + wx(110), base - hgt)], fill=sil, width=wx(3))
        d.line([(cx - wx(40), base - hgt * 0.55), (cx + wx(40), base - hgt * 0.55)], fill=sil, width=wx(8))
    d.rectangle([0, horizon, W, horizon + int(6 * sy)], fill=sil)
    # reflections on the water
    for y in range(horizon + 15, H, 9):
        for _ in range(12):
            x0 = rnd.randint(0, W)
            d.line([(x0, y), (x0 + int(rnd.randint(20, 120) * sx), y)], fill=(235, 160, 95), width=3)
    im = im.filter(ImageFilter.GaussianBlur(1.8))
    # grain
    px = im.load()
    for y in range(H):
        for x in range(0, W):
            n = rnd.randint(-6, 6)
            r, g, b = px[x, y]
            px[x, y] = (max(0, min(255, r + n)), max(0, min(255, g + n)), max(0, min(255, b + n)))
    im.save(f"{out}/hafen.jpg", quality=80, optimize=True)

cover(); chart(); harbour()
