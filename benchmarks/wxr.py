"""`python -m benchmarks.wxr [--comments N] [--posts N] [--keep]`: time import_wordpress.

Writes a WordPress export with N comments (default 100,000) spread over the posts, nested like a
lively blog (a third top-level, the rest replies, some past our reply depth), from a few thousand
guests and a few hundred registered commenters (some under two names), with pingbacks, spam,
held and trashed comments and WordPress HTML. Then imports it into a fresh database (SQLite in a
temporary folder, or DATABASE_URL when given) and reports the wall time, the CPU time and the peak
memory (maximum resident set size, from /usr/bin/time) of the import command, and the same import run again (which adds
nothing).
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Benchmark blog</title>
	<link>https://bench.example.com</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://bench.example.com</wp:base_site_url>
	<wp:base_blog_url>https://bench.example.com</wp:base_blog_url>
"""
POST_BODY = "Body of the post.\n\nSecond paragraph."
BODIES = [
    "Short and to the point.",
    "I think <em>this</em> is right.\nBut then again, maybe not.\n\nSecond paragraph here.",
    'See <a href="https://example.org/ref">this reference</a> and <strong>read it</strong>.',
    "<blockquote>Quoted from above.</blockquote>\nAnd my answer to it, at some length: "
    + "words " * 40,
    "<ul><li>first point</li><li>second point</li></ul>",
    "Code: <code>x = 1</code> <script>alert(1)</script>",
]


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def write(path: Path, *, comments: int, posts: int, seed: int = 12) -> None:
    rng = random.Random(seed)
    guests = [(f"Guest {n}", f"guest{n}@example.org") for n in range(3000)]
    members = [(n + 2, f"Member {n}", f"member{n}@example.org") for n in range(300)]
    per_post = comments // posts
    next_id = 1
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        out.write(
            "\t<wp:author><wp:author_id>1</wp:author_id><wp:author_login>"
            f"{cdata('editor')}</wp:author_login><wp:author_email>{cdata('e@example.com')}"
            "</wp:author_email><wp:author_display_name>"
            f"{cdata('Editor')}</wp:author_display_name></wp:author>\n"
        )
        for user_id, name, email in members:
            out.write(
                f"\t<wp:author><wp:author_id>{user_id}</wp:author_id><wp:author_login>"
                f"{cdata(f'member{user_id}')}</wp:author_login><wp:author_email>{cdata(email)}"
                "</wp:author_email><wp:author_display_name>"
                f"{cdata(name)}</wp:author_display_name></wp:author>\n"
            )
        for p in range(posts):
            post_id = 100_000 + p
            n = per_post + (comments - per_post * posts if p == posts - 1 else 0)
            day = 1 + p % 28
            out.write(
                f"\t<item><title>Post {p}</title>"
                f"<link>https://bench.example.com/2016/01/{day:02d}/post-{p}/</link>"
                f"<dc:creator>{cdata('editor')}</dc:creator>"
                f"<content:encoded>{cdata(POST_BODY)}"
                "</content:encoded>"
                f"<wp:post_id>{post_id}</wp:post_id>"
                f"<wp:post_date>2016-01-{day:02d} 10:00:00</wp:post_date>"
                f"<wp:post_date_gmt>2016-01-{day:02d} 09:00:00</wp:post_date_gmt>"
                f"<wp:post_name>post-{p}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type>\n"
            )
            ids = []
            for k in range(n):
                cid = next_id
                next_id += 1
                roll = rng.random()
                if not ids or roll < 0.33:
                    parent = 0
                elif roll < 0.5:
                    parent = ids[-1]  # long chains: replies to the last one
                else:
                    parent = rng.choice(ids[-50:])
                ids.append(cid)
                kind = "pingback" if rng.random() < 0.01 else "comment"
                approved = rng.choices(["1", "0", "spam", "trash"], [90, 4, 4, 2])[0]
                if rng.random() < 0.2:
                    user_id, name, email = rng.choice(members)
                    if rng.random() < 0.3:
                        name += " (alt)"
                else:
                    user_id, (name, email) = 0, rng.choice(guests)
                minute = k * 7
                stamp = f"2016-02-{1 + p % 28:02d} {minute // 3600 % 24:02d}:{minute // 60 % 60:02d}:{minute % 60:02d}"
                out.write(
                    f"\t\t<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
                    f"<wp:comment_author>{cdata(name)}</wp:comment_author>"
                    f"<wp:comment_author_email>{email}</wp:comment_author_email>"
                    "<wp:comment_author_url></wp:comment_author_url>"
                    f"<wp:comment_author_IP>192.0.2.{cid % 250}</wp:comment_author_IP>"
                    f"<wp:comment_date>{stamp}</wp:comment_date>"
                    f"<wp:comment_date_gmt>{stamp}</wp:comment_date_gmt>"
                    f"<wp:comment_content>{cdata(rng.choice(BODIES))}</wp:comment_content>"
                    f"<wp:comment_approved>{approved}</wp:comment_approved>"
                    f"<wp:comment_type>{kind}</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent>"
                    f"<wp:comment_user_id>{user_id}</wp:comment_user_id></wp:comment>\n"
                )
            out.write("\t</item>\n")
        out.write("</channel>\n</rss>\n")


def timed(args, env) -> tuple[float, float, str]:
    """Run a command; return (seconds, its own peak resident MB, its output)."""
    stats = Path(tempfile.mkstemp(suffix=".time")[1])
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M %U %S", "-o", str(stats), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        sys.exit(done.stdout + done.stderr)
    peak_kb, user, system = stats.read_text().split()[-3:]
    stats.unlink()
    print(
        f"  (CPU time of the command: {float(user) + float(system):.1f} s; "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    return seconds, int(peak_kb) / 1024, done.stdout


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.wxr", description=__doc__)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="keep the file and the database")
    options = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="wxr-bench-"))
    path = folder / "export.xml"
    start = time.perf_counter()
    write(path, comments=options.comments, posts=options.posts)
    size_mb = path.stat().st_size / 1024 / 1024
    print(
        f"wrote {path} ({size_mb:.1f} MB, {options.comments:,} comments, {options.posts} posts) "
        f"in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{folder / 'db.sqlite3'}")
    env["MEDIA_ROOT"] = str(folder / "media")
    env.setdefault("DEBUG", "0")  # as in production: no query log
    env.setdefault("SECRET_KEY", "benchmark-only")
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    seconds, peak, report = timed([python, "manage.py", "import_wordpress", str(path)], env)
    print("\n".join(line for line in report.splitlines() if "note:" not in line))
    print(f"import: {seconds:.1f} s, peak memory (max RSS) {peak:.0f} MB", flush=True)
    seconds, peak2, report = timed([python, "manage.py", "import_wordpress", str(path)], env)
    print(f"second import (adds nothing): {seconds:.1f} s", flush=True)
    subprocess.run([python, "manage.py", "check_comment_trees"], env=env, cwd=ROOT, check=True)
    if not options.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
