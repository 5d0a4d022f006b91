import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from identities import avatars

RED, GREEN, BLUE = (220, 20, 20), (20, 200, 20), (20, 20, 220)


def encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def upload(data, name="avatar.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refused(data, name="avatar.png"):
    with pytest.raises(ValidationError) as caught:
        avatars.prepare_upload(upload(data, name))
    return caught.value


def stored_files(media_root):
    folder = media_root / "avatars"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def open_stored(name, size):
    with default_storage.open(avatars.sized_name(name, size)) as handle:
        data = handle.read()
    image = Image.open(io.BytesIO(data))
    image.load()
    return image, data


def close(colour, expected, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], expected, strict=True))


def png_chunk(kind, payload):
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def png_claiming(width, height, idat=b""):
    """A PNG whose header claims `width`x`height`, with little or no pixel data behind it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat or zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("fmt", "options"),
    [("PNG", {}), ("JPEG", {"quality": 90}), ("WEBP", {}), ("GIF", {})],
)
def test_each_accepted_format_is_stored_at_every_size_as_a_reencoded_copy(fmt, options, media_root):
    data = encode(Image.new("RGB", (300, 300), GREEN), fmt, **options)
    name = avatars.store_upload(avatars.prepare_upload(upload(data)))
    assert name.startswith("avatars/") and name.endswith("-96.webp")
    for size in (48, 96, 192):
        image, stored = open_stored(name, size)
        assert image.format == "WEBP" and image.size == (size, size)
        assert close(image.convert("RGB").getpixel((size // 2, size // 2)), GREEN)
        assert stored != data
    assert len(stored_files(media_root)) == 3


def test_file_names_are_random_tokens_not_the_uploaded_name(media_root):
    data = encode(Image.new("RGB", (64, 64), RED), "PNG")
    first = avatars.store_upload(avatars.prepare_upload(upload(data, "my-face.png")))
    second = avatars.store_upload(avatars.prepare_upload(upload(data, "my-face.png")))
    assert "face" not in first and first != second
    assert len(first.split("/")[1].split("-")[0]) == 24


def test_a_wide_picture_is_cropped_to_its_centre():
    image = Image.new("RGB", (300, 100), RED)
    image.paste(GREEN, (100, 0, 200, 100))
    image.paste(BLUE, (200, 0, 300, 100))
    crops = avatars.prepare_upload(upload(encode(image, "PNG")))
    for size, crop in crops.items():
        assert crop.size == (size, size)
        assert close(crop.getpixel((1, 1)), GREEN) and close(crop.getpixel((size - 2, 1)), GREEN)


def test_exif_location_and_camera_are_not_stored(media_root):
    """Phone photos carry GPS coordinates in EXIF: the stored copy must carry none of it."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
    data = encode(Image.new("RGB", (200, 200), GREEN), "JPEG", exif=exif)
    assert b"SpyCam" in data  # the upload does carry it

    name = avatars.store_upload(avatars.prepare_upload(upload(data, "photo.jpg")))
    for size in (48, 96, 192):
        image, stored = open_stored(name, size)
        assert b"SpyCam" not in stored and b"Exif" not in stored
        assert not image.getexif() and "exif" not in image.info
        assert "icc_profile" not in image.info and "xmp" not in image.info


def test_exif_orientation_is_applied():
    """A photo stored sideways with "rotate 90° clockwise" in its EXIF shows upright."""
    sideways = Image.new("RGB", (200, 100), RED)
    sideways.paste(BLUE, (100, 0, 200, 100))  # as shown: red on top, blue below
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    crops = avatars.prepare_upload(upload(encode(sideways, "JPEG", exif=exif), "p.jpg"))
    crop = crops[192]
    assert close(crop.getpixel((5, 5)), RED) and close(crop.getpixel((5, 186)), BLUE)


def test_only_the_first_frame_of_an_animated_gif_is_used():
    frames = [Image.new("RGB", (64, 64), colour) for colour in (RED, BLUE, GREEN)]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert Image.open(io.BytesIO(data)).n_frames == 3
    crops = avatars.prepare_upload(upload(data, "a.gif"))
    assert close(crops[96].getpixel((48, 48)), RED)
    assert getattr(crops[96], "n_frames", 1) == 1


def test_transparency_is_kept_and_palettes_and_greyscale_become_colour():
    clear = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    assert avatars.prepare_upload(upload(encode(clear, "PNG")))[48].mode == "RGBA"
    palette = Image.new("P", (64, 64), 0)
    palette.putpalette([*RED, *BLUE])
    palette.paste(1, (32, 0, 64, 64))  # left half colour 0 (see-through), right half blue
    crop = avatars.prepare_upload(upload(encode(palette, "PNG", transparency=0)))[48]
    assert crop.getpixel((1, 1))[3] == 0 and close(crop.getpixel((46, 1)), BLUE)
    deep_grey = Image.new("I;16", (64, 64), 32768)  # 16-bit grey, half way
    crop = avatars.prepare_upload(upload(encode(deep_grey, "PNG")))[48]
    assert crop.mode == "RGB" and 100 < crop.getpixel((1, 1))[0] < 156


def test_a_cmyk_jpeg_is_converted():
    data = encode(Image.new("CMYK", (64, 64), (0, 255, 255, 0)), "JPEG")
    crop = avatars.prepare_upload(upload(data, "print.jpg"))[48]
    assert crop.mode == "RGB" and crop.getpixel((10, 10))[0] > 200


# Hostile and broken files: each gets a clear message, and nothing is stored.


def test_a_text_file_named_png_is_refused(media_root):
    error = refused(b"hello, I am not a picture\n" * 10)
    assert "not a picture we can read" in error.message
    assert stored_files(media_root) == []


def test_an_svg_is_refused(media_root):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
    assert refused(svg, "avatar.svg").code in {"avatar_markup", "avatar_unreadable"}
    plain_svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'
    assert refused(plain_svg, "avatar.svg").code in {"avatar_markup", "avatar_unreadable"}
    assert stored_files(media_root) == []


def test_another_format_under_a_png_name_is_refused_by_what_it_is(media_root):
    bmp = encode(Image.new("RGB", (32, 32), RED), "BMP")
    error = refused(bmp, "avatar.png")
    assert error.code == "avatar_format" and "BMP files are not accepted" in error.message
    tiff = encode(Image.new("RGB", (32, 32), RED), "TIFF")
    assert refused(tiff, "avatar.jpg").code == "avatar_format"
    assert stored_files(media_root) == []


def test_a_real_jpeg_under_a_png_name_is_read_as_a_jpeg():
    data = encode(Image.new("RGB", (32, 32), RED), "JPEG")
    assert set(avatars.prepare_upload(upload(data, "avatar.png"))) == {48, 96, 192}


def test_a_truncated_png_is_refused(media_root):
    noise = Image.effect_noise((256, 256), 80).convert("RGB")
    data = encode(noise, "PNG")
    error = refused(data[: len(data) // 2])
    assert error.code == "avatar_unreadable" and "damaged or incomplete" in error.message
    assert stored_files(media_root) == []


def test_a_truncated_jpeg_is_refused():
    noise = Image.effect_noise((256, 256), 80).convert("RGB")
    data = encode(noise, "JPEG")
    assert refused(data[: len(data) // 3], "a.jpg").code == "avatar_unreadable"


def test_a_decompression_bomb_is_refused_before_decoding(media_root):
    """30000x30000 pixels of white compress to about 100 KB; decoded they would take 900 MB."""
    bomb = encode(Image.new("1", (30000, 30000)), "PNG")
    assert len(bomb) < 200_000
    error = refused(bomb)
    assert error.code == "avatar_too_large"
    assert stored_files(media_root) == []


def test_a_header_claiming_huge_dimensions_is_refused():
    """A crafted header: Pillow's bomb check refuses it, whatever follows."""
    assert refused(png_claiming(30000, 30000)).code == "avatar_too_large"


def test_pictures_larger_than_4096_pixels_a_side_are_refused():
    error = refused(png_claiming(4097, 16))
    assert error.code == "avatar_too_large" and "4097×16" in error.message
    assert refused(png_claiming(16, 5000)).code == "avatar_too_large"


def test_a_file_over_5_mb_is_refused_unread(media_root):
    big = png_claiming(64, 64) + b"\x00" * (5 * 1024 * 1024)
    error = refused(big)
    assert error.code == "avatar_too_big" and "5 MB" in error.message
    assert stored_files(media_root) == []


def test_an_empty_file_is_refused():
    assert refused(b"").code in {"avatar_empty", "avatar_unreadable"}


def test_script_behind_a_gif_header_is_refused(media_root):
    """The classic GIF/JavaScript polyglot: `GIF89a/*...*/=alert(1)` runs as a script too."""
    polyglot = b"GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00*/=alert(document.domain);//<script>x</script>"
    error = refused(polyglot, "avatar.gif")
    assert error.code in {"avatar_markup", "avatar_too_large", "avatar_unreadable"}
    assert stored_files(media_root) == []


def test_a_real_gif_with_html_appended_is_refused(media_root):
    gif = encode(Image.new("RGB", (16, 16), RED), "GIF")
    error = refused(gif + b"<html><body><script>alert(1)</script></body></html>", "a.gif")
    assert error.code == "avatar_markup" and "web page code" in error.message
    assert stored_files(media_root) == []


def test_generated_avatars_and_uploads_are_told_apart():
    generated = avatars.identicon("seed")
    assert generated.endswith("-96.png") and not avatars.is_upload(generated)
    data = encode(Image.new("RGB", (32, 32), RED), "PNG")
    assert avatars.is_upload(avatars.store_upload(avatars.prepare_upload(upload(data))))


def test_delete_removes_every_size(media_root):
    name = avatars.identicon("seed")
    assert len(stored_files(media_root)) == 3
    avatars.delete(name)
    assert stored_files(media_root) == []
