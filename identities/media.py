"""Times on stored files: public to the day only.

A file's modification time reaches readers as `Last-Modified` (and in a proxy's ETag), to the
second: avatars uploaded or drawn in one sitting for two identities would line up and tie the
identities together. So every stored avatar file gets its modification time set back to the
start of its day (UTC) as it is written, and the media route below sends `Last-Modified` to the
day as well, for files stored before this was done.
"""

import os

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.http import http_date, parse_http_date_safe
from django.views.static import serve as static_serve

DAY = 24 * 60 * 60


def to_the_day(timestamp: float) -> int:
    return int(timestamp) // DAY * DAY


def blur_mtime(name: str, storage=default_storage) -> None:
    """Set the stored file's access and modification times to the start of its day (storages
    without local paths keep their own times)."""
    try:
        path = storage.path(name)
    except NotImplementedError:
        return
    day = to_the_day(os.stat(path).st_mtime)
    os.utime(path, (day, day))


def serve(request, path):
    """`django.views.static.serve` from MEDIA_ROOT (read at each request), with
    `Last-Modified` cut to the day."""
    response = static_serve(request, path, document_root=settings.MEDIA_ROOT)
    modified = parse_http_date_safe(response.get("Last-Modified", ""))
    if modified is not None:
        response["Last-Modified"] = http_date(to_the_day(modified))
    return response
