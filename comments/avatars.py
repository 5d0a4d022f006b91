"""Avatar files: generated identicons and re-encoded uploads, stored once as square crops.

Every avatar is stored under a fresh random token, at each size the pages use (48 and 96 CSS
pixels, and twice that for sharp screens), so a file name says nothing about whose it is and a
page never draws an avatar on the fly.
"""

import colorsys
import hashlib
import io
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

SIZES = (48, 96, 192)
BASE_SIZE = 96  # the size stored in Identity.avatar; the others sit beside it


def sized_name(name: str, size: int) -> str:
    """`avatars/<token>-96.png` -> `avatars/<token>-48.png`."""
    stem, _, ext = name.rpartition(f"-{BASE_SIZE}.")
    return f"{stem}-{size}.{ext}"


def _store(images: dict[int, Image.Image], fmt: str, ext: str) -> str:
    token = secrets.token_hex(12)
    names = {}
    for size, image in images.items():
        buffer = io.BytesIO()
        save_kwargs = {"optimize": True} if fmt == "PNG" else {"quality": 86, "method": 4}
        image.save(buffer, fmt, **save_kwargs)
        names[size] = default_storage.save(
            f"avatars/{token}-{size}.{ext}", ContentFile(buffer.getvalue())
        )
    return names[BASE_SIZE]


def identicon(seed: str) -> str:
    """Draw a 5x5 mirrored pattern in a colour derived from `seed`; store it; return its name."""
    digest = hashlib.sha256(seed.encode()).digest()
    hue = digest[0] / 255
    saturation = 0.45 + digest[1] / 255 * 0.25
    fg = tuple(round(c * 255) for c in colorsys.hls_to_rgb(hue, 0.42, saturation))
    bg = tuple(round(c * 255) for c in colorsys.hls_to_rgb(hue, 0.93, saturation * 0.6))
    cells = [[False] * 5 for _ in range(5)]
    bits = int.from_bytes(digest[2:6], "big")
    for row in range(5):
        for col in range(3):
            on = bool(bits & 1)
            bits >>= 1
            cells[row][col] = cells[row][4 - col] = on
    images = {}
    for size in SIZES:
        image = Image.new("RGB", (size, size), bg)
        draw = ImageDraw.Draw(image)
        margin = size // 8
        cell = (size - 2 * margin) / 5
        for row in range(5):
            for col in range(5):
                if cells[row][col]:
                    x0, y0 = margin + col * cell, margin + row * cell
                    draw.rectangle(
                        [round(x0), round(y0), round(x0 + cell) - 1, round(y0 + cell) - 1], fill=fg
                    )
        images[size] = image
    return _store(images, "PNG", "png")
