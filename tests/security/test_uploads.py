"""Hostile avatar uploads through the real upload page (identities:identity_avatar).

tests/identities/test_avatars.py checks identities/avatars.py itself; here every poisoned file goes
through the form as a browser or a script would send it: a clear form error (400), no file in
MEDIA_ROOT, no change in the database, never a 500, and memory bounded for the bombs. What is
stored from a good upload is a re-encoded copy that carries none of the upload's metadata.
"""

import io
import json
import os
import struct
import subprocess
import sys
import tracemalloc
import zlib
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, PngImagePlugin

from identities import avatars
from identities.models import Identity

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


def encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def png_chunk(kind, payload):
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def png_bomb(side=30000):
    """A complete, valid black-and-white PNG of `side`×`side` pixels (112 MB of pixels at one
    bit each, 1 GB as the RGB a decoder would make), written row by row in little memory."""
    packer = zlib.compressobj(9)
    row = b"\x00" * (1 + side // 8)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def gif_frames(side, frames, *, screen=None):
    """An animated GIF of `frames` full frames of `side`×`side` pixels (one frame encoded once,
    its bytes repeated), its logical screen claiming `screen` pixels a side if given."""
    image = Image.new("P", (side, side), 1)
    image.putpalette([0, 0, 0, 200, 30, 30] + [0] * 762)
    one = encode(image, "GIF")
    flags = one[10]
    start = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    at = start
    while one[at] == 0x21:  # extensions before the image: label, then sub-blocks
        at += 2
        while one[at]:
            at += one[at] + 1
        at += 1
    assert one[at] == 0x2C
    frame_start, at = at, at + 11  # image descriptor, then the LZW code size
    while one[at]:
        at += one[at] + 1
    frame = one[frame_start : at + 1]
    delay = b"\x21\xf9\x04\x00\x0a\x00\x00\x00"  # 100 ms per frame
    gif = one[:start] + (delay + frame) * frames + b";"
    if screen:
        gif = gif[:6] + struct.pack("<HH", screen, screen) + gif[10:]
    return gif


def polyglot_gif_html():
    return encode(Image.new("RGB", (16, 16), (200, 30, 30)), "GIF") + (
        b"<html><body><script>alert(document.cookie)</script></body></html>"
    )


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
    b'<rect width="64" height="64" fill="red"/><script>alert(1)</script></svg>'
)


def truncated(fmt):
    data = encode(Image.effect_noise((256, 256), 80).convert("RGB"), fmt)
    return data[: len(data) // 2]


# (file name, content type, bytes, words the error shows)
HOSTILE = {
    "text named png": ("me.png", "image/png", b"not a picture at all\n" * 20, "not a picture"),
    "html named jpg": ("me.jpg", "image/jpeg", b"<html><script>alert(1)</script>", "web page"),
    "exe named gif": ("me.gif", "image/gif", b"MZ\x90\x00" + b"\x00" * 500, "not a picture"),
    "gif + html polyglot": ("me.gif", "image/gif", polyglot_gif_html(), "web page code"),
    "gif + javascript polyglot": (
        "me.gif",
        "image/gif",
        b"GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00*/=alert(document.domain);//",
        "",
    ),
    "svg": ("me.svg", "image/svg+xml", SVG, ""),
    "svg named png": ("me.png", "image/png", SVG, ""),
    "bmp named png": (
        "me.png",
        "image/png",
        encode(Image.new("RGB", (32, 32)), "BMP"),
        "BMP files are not accepted",
    ),
    "tiff named jpg": (
        "me.jpg",
        "image/jpeg",
        encode(Image.new("RGB", (32, 32)), "TIFF"),
        "not accepted",
    ),
    "truncated png": ("me.png", "image/png", truncated("PNG"), "damaged or incomplete"),
    "truncated jpeg": ("me.jpg", "image/jpeg", truncated("JPEG"), "damaged or incomplete"),
    "empty": ("me.png", "image/png", b"", ""),
    "4097 pixels wide": (
        "me.png",
        "image/png",
        encode(Image.new("1", (4097, 8)), "PNG"),
        "4097×8",
    ),
}


@pytest.fixture
def mine(user):
    return Identity.objects.get(user=user, is_default=True)


def files_in(media_root):
    return sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())


def identity_rows():
    return sorted(map(repr, Identity.objects.values_list()))


def upload(client, identity, name, content_type, data):
    url = reverse("identities:identity_avatar", args=[identity.public_id])
    return client.post(url, {"avatar": SimpleUploadedFile(name, data, content_type=content_type)})


def assert_refused_cleanly(response, before_files, before_rows, media_root, words=""):
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="errorlist' in html or 'role="alert"' in html
    assert words in html
    assert files_in(media_root) == before_files
    assert identity_rows() == before_rows


@pytest.mark.django_db
@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_file_gets_a_clear_error_and_nothing_is_stored(
    case, user_client, mine, media_root
):
    name, content_type, data, words = HOSTILE[case]
    files, rows = files_in(media_root), identity_rows()
    response = upload(user_client, mine, name, content_type, data)
    assert_refused_cleanly(response, files, rows, media_root, words)


BOMBS = {
    "30000x30000 png": lambda: png_bomb(30000),
    "gif screen of 30000x30000, 300 frames": lambda: gif_frames(64, 300, screen=30000),
    "gif of 5000x5000 frames, 40 of them": lambda: gif_frames(5000, 40),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BOMBS)
def test_a_bomb_is_refused_with_little_memory(case, user_client, mine, media_root):
    """tracemalloc sees Python's allocations (the upload, the form, the page), not Pillow's
    pixel buffers: `test_bombs_never_reach_the_pixel_decoder` checks those in a fresh process."""
    data = BOMBS[case]()
    assert len(data) < avatars.MAX_UPLOAD_BYTES
    files, rows = files_in(media_root), identity_rows()
    tracemalloc.start()
    try:
        response = upload(user_client, mine, "me.png", "image/png", data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_refused_cleanly(response, files, rows, media_root, "too large")
    assert peak < 20 * MB + 3 * len(data), f"{peak / MB:.1f} MB"


@pytest.mark.django_db
def test_an_animation_of_many_large_frames_costs_one_frame(user_client, mine, media_root):
    """500 frames of 2000×2000 pixels: only the first is decoded; the stored copy is still."""
    data = gif_frames(2000, 500)
    assert len(data) < avatars.MAX_UPLOAD_BYTES and Image.open(io.BytesIO(data)).n_frames == 500
    response = upload(user_client, mine, "me.gif", "image/gif", data)
    assert response.status_code == 302
    mine.refresh_from_db()
    with default_storage.open(mine.avatar.name) as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        assert stored.format == "WEBP" and getattr(stored, "n_frames", 1) == 1


MEASURE = """
import json, resource, sys
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from identities import avatars
start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = {}
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    try:
        avatars.prepare_upload(SimpleUploadedFile("a.png", data))
        outcome = "accepted"
    except ValidationError as error:
        outcome = error.code
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start
    result[path] = [outcome, grown // 1024]
print(json.dumps(result))
"""


def test_bombs_never_reach_the_pixel_decoder(tmp_path):
    """In a fresh process, the peak resident memory grows by a few MB at most over all the
    bombs (decoding the PNG bomb alone would take 112 MB at one bit a pixel, 2.7 GB as RGB)."""
    paths = []
    for n, make in enumerate(BOMBS.values()):
        path = tmp_path / f"bomb{n}"
        path.write_bytes(make())
        paths.append(str(path))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"}
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    for path in paths:
        outcome, grown_mb = result[path]
        assert outcome == "avatar_too_large"
        assert grown_mb < 30, f"{path}: {grown_mb} MB"


# What is stored is a re-encoded copy


def stored_copies(identity):
    copies = []
    for size in avatars.SIZES:
        with default_storage.open(avatars.sized_name(identity.avatar.name, size)) as handle:
            copies.append(handle.read())
    return copies


def png_with_text():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret-marker-text")
    info.add_itxt("Author", "secret-marker-itxt")
    return encode(Image.new("RGB", (96, 96), (20, 120, 200)), "PNG", pnginfo=info)


def jpeg_with_exif_and_comment():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "secret-marker-camera"
    exif[ExifTags.Base.ImageDescription] = "secret-marker-description"
    data = encode(
        Image.new("RGB", (96, 96), (20, 120, 200)),
        "JPEG",
        exif=exif,
        comment=b"secret-marker-comment",
    )
    assert b"secret-marker-comment" in data and b"secret-marker-camera" in data
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content_type", "make"),
    [
        ("me.png", "image/png", png_with_text),
        ("me.jpg", "image/jpeg", jpeg_with_exif_and_comment),
        ("me.gif", "image/gif", png_with_text),  # a lying extension, but a real picture
    ],
)
def test_the_stored_avatar_is_a_reencoded_copy_without_metadata(
    name, content_type, make, user_client, mine, media_root
):
    data = make()
    assert b"secret-marker" in data
    response = upload(user_client, mine, name, content_type, data)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.has_uploaded_avatar and not mine.avatar.name.endswith((".png", ".jpg", ".gif"))
    for copy in stored_copies(mine):
        assert copy != data and data not in copy
        assert b"secret-marker" not in copy and b"Exif" not in copy and b"tEXt" not in copy
        image = Image.open(io.BytesIO(copy))
        assert image.format == "WEBP"
        assert not image.getexif() and not {"exif", "comment", "xmp"} & set(image.info)
    served = user_client.get(mine.avatar_url())
    assert served["X-Content-Type-Options"] == "nosniff"
