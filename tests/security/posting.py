"""Send a corpus case through a form the way an attacker's script would."""

from .corpus import Case

BOUNDARY = "corpus-boundary"


def post_case(client, url, fields: dict[str, str], field: str, case: Case, **headers):
    """POST `fields` to `url` with `case` as the value of `field`: text as any browser would send
    it, raw bytes exactly as they are (in a urlencoded or multipart body)."""
    fields = dict(fields)
    if case.raw is None:
        fields[field] = case.text
        return client.post(url, fields, **headers)
    fields.pop(field, None)
    if case.encoding == "multipart":
        parts = b"".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value
            + b"\r\n"
            for name, value in [*((k, v.encode()) for k, v in fields.items()), (field, case.raw)]
        )
        return client.generic(
            "POST",
            url,
            parts + f"--{BOUNDARY}--\r\n".encode(),
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
            **headers,
        )
    body = "&".join(f"{k}={v}" for k, v in fields.items()).encode()
    return client.generic(
        "POST",
        url,
        body + b"&" + field.encode() + b"=" + case.raw,
        content_type="application/x-www-form-urlencoded",
        **headers,
    )


def refusal_shown(html: str) -> bool:
    """A refused form says why, in an element screen readers announce."""
    return 'role="alert"' in html
