"""Rules for text people type, shared by every app (it sits below them all, as config/proxy.py).

MAX_COMBINING_MARKS lives here, once, for comment bodies (blog/markup.py) and identity names
(identities/names.py) alike: real scripts stack two to five combining marks on a character, a
"Zalgo" flood stacks hundreds, drawn over the lines above and below however the page is styled.
"""

import unicodedata

MAX_COMBINING_MARKS = 5


def limit_combining_marks(text: str, limit: int = MAX_COMBINING_MARKS) -> str:
    """`text` with at most `limit` combining marks (Mn, Me) in a row."""
    if text.isascii():
        return text
    kept = []
    run = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me"):
            run += 1
            if run > limit:
                continue
        else:
            run = 0
        kept.append(ch)
    return "".join(kept)
