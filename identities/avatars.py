"""Avatar files: generated identicons and re-encoded uploads, stored once as square crops.

Every avatar is stored under a fresh random token, at each size the pages use (48 and 96 CSS
pixels, and twice that for sharp screens), so a file name says nothing about whose it is and a
page never draws an avatar on the fly. Generated avatars are PNG files; uploads are stored as
WebP copies that Pillow decoded and encoded again, never as the bytes that were sent.
"""

import colorsys
import contextlib
import hashlib
import io
import re
import secrets
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageCms, ImageDraw, ImageOps

from . import media

SIZES = (48, 96, 192)
BASE_SIZE = 96  # the size stored in Identity.avatar; the others sit beside it

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4096
# Pillow's own guard against decompression bombs: warn above this many pixels, refuse above
# twice as many. No avatar we accept comes near it; we treat the warning as a refusal too.
Image.MAX_IMAGE_PIXELS = MAX_SIDE * MAX_SIDE
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
UPLOAD_EXT = "webp"

# Markup in an image file means it was made to be read as something else too (a polyglot).
# We would store a clean re-encoded copy anyway, but such a file is refused outright.
_MARKUP = re.compile(
    rb"<\s*(?:script|html|body|iframe|object|embed|svg|!doctype)\b|javascript:", re.IGNORECASE
)

UNREADABLE = "This file is not a picture we can read. Upload a PNG, JPEG, WebP or GIF image."


def sized_name(name: str, size: int) -> str:
    """`avatars/<token>-96.png` -> `avatars/<token>-48.png`."""
    stem, _, ext = name.rpartition(f"-{BASE_SIZE}.")
    return f"{stem}-{size}.{ext}"


def is_upload(name: str) -> bool:
    """Whether the stored avatar `name` is an uploaded picture rather than a generated one."""
    return name.endswith(f".{UPLOAD_EXT}")


def delete(name: str) -> None:
    """Remove every size of the stored avatar `name`."""
    if not name:
        return
    for size in SIZES:
        default_storage.delete(sized_name(name, size))


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
        media.blur_mtime(names[size])  # its time on disk, public as Last-Modified, to the day
    return names[BASE_SIZE]


def generated() -> str:
    """Draw and store an identicon from a fresh random secret; return its name.

    The seed is never derived from anything about the identity (its e-mail address, its name,
    its account), so two identities never share a picture because they share an owner, and
    drawing a picture proves nothing about anybody. The seed is not kept: the stored picture is
    the avatar, and "reset" draws a new one.
    """
    return identicon(secrets.token_hex(16))


def identicon(seed: str) -> str:
    """Draw a 5x5 mirrored pattern in a colour derived from `seed`; store it; return its name.
    Identities get `generated()`, never a seed of their own."""
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


def _read(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"This file is {size / 1024 / 1024:.1f} MB; an avatar may be at most 5 MB.",
            code="avatar_too_big",
        )
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError("An avatar may be at most 5 MB.", code="avatar_too_big")
    if not data:
        raise ValidationError("This file is empty.", code="avatar_empty")
    return data


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert to RGB or RGBA (alpha kept only where the picture has some), colours in sRGB."""
    icc = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    if icc:
        # A broken colour profile: keep the colours as they are.
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            image = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode=image.mode,
            )
    return image


def _decode(data: bytes) -> Image.Image:
    """Open, check and fully decode the first frame; every failure is a ValidationError."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Image.open reads the header only: the format and size are known before any
            # pixel is decoded.
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                f"This picture is too large; an avatar may be at most {MAX_SIDE}×{MAX_SIDE} pixels.",
                code="avatar_too_large",
            ) from None
        except Exception:  # Pillow signals a file it cannot read in many ways
            raise ValidationError(UNREADABLE, code="avatar_unreadable") from None
        if image.format not in ACCEPTED_FORMATS:
            raise ValidationError(
                f"{image.format} files are not accepted. Upload a PNG, JPEG, WebP or GIF image.",
                code="avatar_format",
            )
        width, height = image.size
        if width > MAX_SIDE or height > MAX_SIDE:
            raise ValidationError(
                f"This picture is {width}×{height} pixels; an avatar may be at most "
                f"{MAX_SIDE}×{MAX_SIDE}.",
                code="avatar_too_large",
            )
        if width < 1 or height < 1:
            raise ValidationError(UNREADABLE, code="avatar_unreadable")
        try:
            image.seek(0)  # the first frame of an animation
            if image.format == "JPEG":
                # Decode big photos at a reduced scale straight away (still at least 192 px).
                image.draft("RGB", (SIZES[-1], SIZES[-1]))
            image.load()
            image = ImageOps.exif_transpose(image)
            return _to_srgb(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                f"This picture is too large; an avatar may be at most {MAX_SIDE}×{MAX_SIDE} pixels.",
                code="avatar_too_large",
            ) from None
        except Exception:  # truncated or corrupt data, in whichever way the decoder says it
            raise ValidationError(
                "This picture is damaged or incomplete. Upload another copy.",
                code="avatar_unreadable",
            ) from None


def prepare_upload(upload) -> dict[int, Image.Image]:
    """Read an uploaded file and return its square crops at every size, ready to store.

    Raises ValidationError (with a message for the person who uploaded it) for anything that
    is not a PNG, JPEG, WebP or GIF picture of at most 5 MB and 4096×4096 pixels: another
    format whatever the file is called, SVG, truncated files, decompression bombs, files that
    are also HTML or script. Nothing is stored here.
    """
    data = _read(upload)
    if _MARKUP.search(data):
        raise ValidationError(
            "This file holds web page code as well as a picture. Upload a plain image.",
            code="avatar_markup",
        )
    image = _decode(data)
    side = min(image.size)
    square = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
    crops = {}
    for size in SIZES:
        crop = square.resize((size, size), Image.Resampling.LANCZOS, reducing_gap=3.0)
        crop.info = {}  # no EXIF, XMP, ICC or comments travel to the stored copy
        crops[size] = crop
    return crops


def store_upload(crops: dict[int, Image.Image]) -> str:
    """Store the crops from `prepare_upload()` under a fresh token; return the base name."""
    return _store(crops, "WEBP", UPLOAD_EXT)
