"""Pictures for tests, made with Pillow on the spot."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def picture(fmt="PNG", colour=(20, 120, 200), size=(120, 90), name=None):
    """An uploaded file holding a plain `colour` picture in `fmt`."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    ext = {"JPEG": "jpg"}.get(fmt, fmt.lower())
    return SimpleUploadedFile(name or f"me.{ext}", buffer.getvalue(), content_type=f"image/{ext}")


def not_a_picture(name="me.png"):
    return SimpleUploadedFile(name, b"<html><script>alert(1)</script></html>", "image/png")


def media_files(media_root):
    """Every stored file's name under MEDIA_ROOT/avatars."""
    folder = media_root / "avatars"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()
