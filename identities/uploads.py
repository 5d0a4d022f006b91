"""Uploads stopped at the avatar limit as they arrive, before anything is written to disk.

Django keeps a small upload in memory and writes a larger one to a temporary file as it arrives,
whatever its size: a 2 GB body would fill the disk before any form could refuse it. This
handler comes first in FILE_UPLOAD_HANDLERS, counts each file's bytes as they arrive, and stops
the upload (`StopUpload`) as soon as one file passes `avatars.MAX_UPLOAD_BYTES`: at most that
much ever reaches the handlers that store it. The rest of the body is read and dropped, so the
reader still gets the form again with a clear message (`stopped()`); the fields sent before
the file (the CSRF token, the name and bio typed) are kept. Avatars are the only files the site
takes, so the limit holds site-wide.
"""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from .avatars import MAX_UPLOAD_BYTES

TOO_BIG = "This file is larger than 5 MB; an avatar may be at most 5 MB."


class AvatarSizeLimitHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            if self.request is not None:
                self.request.upload_stopped_at_limit = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file


def stopped(request) -> bool:
    """Whether this request's upload was stopped at the limit (read request.FILES first)."""
    return getattr(request, "upload_stopped_at_limit", False)
