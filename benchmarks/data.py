"""Build the discussions the benchmark renders: the same rows as our comments and as
django-comments-xtd's, inserted in bulk with their tree values computed here.

Shape (fixed seed, so every run renders the same discussions): each new comment is top-level
with probability 0.3, else a reply to a comment chosen uniformly among the earlier ones; a reply
to a comment at the deepest level attaches to that comment's parent, so threads are at most
8 levels deep (levels 0 to 7), as `COMMENTS_MAX_DEPTH` has it. Uniform choice makes the first
threads the biggest (at 10,000 comments the largest holds several hundred), as on a real post.
Bodies are 200-600 characters of Markdown (paragraphs, emphasis, code, links, quotes, lists),
rendered to `body_html` with the project's own `render_comment`.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from blog.markup import render_comment
from blog.models import Post
from comments.models import Comment, TreeIdCounter
from identities.models import Identity

TOP_LEVEL_SHARE = 0.3
MAX_LEVEL = 7  # levels 0..7: eight deep
COMMENTERS = 50
BODY_MIN, BODY_MAX = 200, 600

_WORDS = """
    the a council street park bus lane bike market library school tree bench corner neighbour
    neighbours plan vote meeting budget traffic crossing playground summer winter rent shop
    bakery river bridge path garden allotment noise parking evening morning children dog dogs
    volunteers petition letter mayor road footpath lights station is was were will would could
    should might must has have had been being think agree disagree remember suppose wonder doubt
    believe notice argue expect really quite rather simply honestly frankly probably certainly
    perhaps nearly good bad fair odd fine safe busy quiet cheap costly narrow wide new old local
    and but or so because although while if when since unless until of to in on at by for with
    about from over under after before between
"""
WORDS = _WORDS.split()
_FIRST = (
    "Ada Ben Cleo Dev Ellis Farah Gus Hana Ivo June Kofi Lena Milo Nia Omar Pia Quinn Rosa Sami"
)
FIRST_NAMES = _FIRST.split()
_LAST = "Okafor Lindqvist Moreau Tanaka Kowalski"
LAST_NAMES = _LAST.split()


@dataclass
class Discussion:
    post: Post
    size: int
    reply_parent: Comment  # where the reply benchmark answers: deep in the largest thread
    quiet_identity: Identity  # speaks once, in the last top-level comment (the rename row)


def sentence(rng):
    words = rng.sample(WORDS, rng.randint(6, 14))
    decorate = rng.random()
    i = rng.randrange(len(words))
    if decorate < 0.15:
        words[i] = f"*{words[i]}*"
    elif decorate < 0.25:
        words[i] = f"**{words[i]}**"
    elif decorate < 0.32:
        words[i] = f"`{words[i]}()`"
    elif decorate < 0.40:
        words[i] = f"[{words[i]}](https://example.org/{words[i]}/{rng.randrange(1000)})"
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def markdown_body(rng):
    """200-600 characters of the Markdown people write in comments."""
    target = rng.randint(BODY_MIN, BODY_MAX)
    blocks, paragraph = [], []
    length = 0
    while length < target:
        text = sentence(rng)
        if length + len(text) + 1 > BODY_MAX:
            break
        length += len(text) + 1
        paragraph.append(text)
        roll = rng.random()
        if roll < 0.06:
            blocks.append("> " + " ".join(paragraph))
            paragraph = []
        elif roll < 0.10:
            blocks.append("\n".join(f"- {s}" for s in paragraph))
            paragraph = []
        elif roll < 0.35:
            blocks.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        blocks.append(" ".join(paragraph))
    body = "\n\n".join(blocks)
    while len(body) < BODY_MIN:
        body += " " + sentence(rng)
    return body


def plan_shape(size, rng):
    """[(parent index or None, level)] for `size` comments in posting order."""
    nodes = []
    for i in range(size):
        if i == 0 or rng.random() < TOP_LEVEL_SHARE:
            nodes.append((None, 0))
            continue
        parent = rng.randrange(i)
        if nodes[parent][1] >= MAX_LEVEL:
            parent = nodes[parent][0]
        nodes.append((parent, nodes[parent][1] + 1))
    return nodes


def nested_sets(nodes):
    """Per node: (index of its root, lft, rght, depth-first position in its thread from 1)."""
    children = [[] for _ in nodes]
    for i, (parent, _) in enumerate(nodes):
        if parent is not None:
            children[parent].append(i)  # posting order: mptt and xtd both append new replies
    root_of, lft, rght, order = (
        [0] * len(nodes),
        [0] * len(nodes),
        [0] * len(nodes),
        [0] * len(nodes),
    )
    for root, (parent, _) in enumerate(nodes):
        if parent is not None:
            continue
        counter, position = 1, 0
        stack = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                rght[node] = counter
                counter += 1
                continue
            position += 1
            root_of[node], lft[node], order[node] = root, counter, position
            counter += 1
            stack.append((node, True))
            stack.extend((kid, False) for kid in reversed(children[node]))
    return list(zip(root_of, lft, rght, order, strict=True))


def create_commenters():
    """50 accounts, each with its default identity; identities through the model, so each gets
    its identicon files (3 small PNGs each) as on the site."""
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"reader{i:02d}", email=f"reader{i:02d}@example.org", password="!")
        for i in range(COMMENTERS)
    )
    names = [f"{first} {last}" for last in LAST_NAMES for first in FIRST_NAMES][:COMMENTERS]
    return [
        Identity.objects.create(user=user, name=name, is_default=True)
        for user, name in zip(users, names, strict=True)
    ]


def next_id(model):
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


@transaction.atomic
def build_discussion(size, identities, *, seed=0, twin=None, xtd=True):
    """One published post whose discussion holds `size` approved comments, stored twice:
    as our `Comment` rows and as django-comments-xtd `XtdComment` rows with the same text
    (without `xtd`, ours only). `twin` (a word) names another discussion of the same size and
    shape, on its own post."""
    rng = random.Random(f"{seed}-{size}")
    author = identities[0]
    label = str(size) if twin is None else f"{size}-{twin}"
    post = Post.objects.create(
        title=f"A discussion of {size:,} comments" + ("" if twin is None else f" ({twin})"),
        slug=f"discussion-{label}",
        excerpt="Benchmark post.",
        body="A short article.\n\nWhat do you think?",
        author=author.user,
        status=Post.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1, minutes=size + 1),
    )
    nodes = plan_shape(size, rng)
    trees = nested_sets(nodes)
    bodies = [markdown_body(rng) for _ in nodes]
    writers = [rng.choice(identities) for _ in nodes]
    quiet_user = get_user_model().objects.create(
        username=f"quiet{label}", email=f"quiet{label}@example.org", password="!"
    )
    quiet = Identity.objects.create(user=quiet_user, name=f"Quiet Reader {label}", is_default=True)
    last_root = max(i for i, (parent, _) in enumerate(nodes) if parent is None)
    writers[last_root] = quiet
    start = post.published_at
    dates = [start + timedelta(minutes=i + 1) for i in range(size)]

    first_id = next_id(Comment)
    first_tree = (Comment.objects.aggregate(m=Max("tree_id"))["m"] or 0) + 1
    tree_ids, roots_seen = {}, 0
    ours = []
    for i, ((parent, level), (root, lft, rght, _), body) in enumerate(
        zip(nodes, trees, bodies, strict=True)
    ):
        if parent is None:
            tree_ids[i] = first_tree + roots_seen
            roots_seen += 1
        ours.append(
            Comment(
                id=first_id + i,
                post=post,
                parent_id=None if parent is None else first_id + parent,
                identity=writers[i],
                body=body,
                body_html=render_comment(body),
                status=Comment.Status.APPROVED,
                created_at=dates[i],
                tree_id=tree_ids[root],
                lft=lft,
                rght=rght,
                level=level,
            )
        )
    Comment.objects.bulk_create(ours, batch_size=1000)
    TreeIdCounter.objects.update_or_create(pk=1, defaults={"last": first_tree + roots_seen - 1})

    if xtd and getattr(settings, "WITH_XTD", False):  # the comparison's rows, when installed
        from django_comments.models import Comment as ContribComment
        from django_comments_xtd.models import XtdComment

        xtd_first = next_id(ContribComment)
        post_type = ContentType.objects.get_for_model(Post)
        xtd = []
        for i, ((parent, level), (root, lft, rght, order)) in enumerate(
            zip(nodes, trees, strict=True)
        ):
            identity = writers[i]
            xtd.append(
                XtdComment(
                    id=xtd_first + i,
                    comment_ptr_id=xtd_first + i,
                    content_type=post_type,
                    object_pk=str(post.pk),
                    site_id=1,
                    user_id=identity.user_id,
                    user_name=identity.name,
                    user_email=identity.user.email,
                    comment=bodies[i],
                    submit_date=dates[i],
                    is_public=True,
                    is_removed=False,
                    thread_id=xtd_first + root,
                    parent_id=xtd_first + (i if parent is None else parent),
                    level=level,
                    order=order,
                    nested_count=(rght - lft - 1) // 2,
                )
            )
        insert_xtd(xtd)

    # The reply benchmark answers the deepest comment (below the depth cap) of the largest
    # thread, first in tree order: the reply shifts most of that thread's tree values.
    sizes = {}
    for root, lft, rght, _ in trees:
        sizes[root] = max(sizes.get(root, 0), (rght - lft + 1) // 2)
    largest = max(sizes, key=sizes.get)
    candidates = [
        i
        for i, (root, lft, _, _) in enumerate(trees)
        if root == largest and nodes[i][1] < MAX_LEVEL
    ]
    target = min(candidates, key=lambda i: (-nodes[i][1], trees[i][1]))
    return Discussion(post=post, size=size, reply_parent=ours[target], quiet_identity=quiet)


def insert_xtd(objs):
    """Multi-table inheritance rules out bulk_create(): insert the django-contrib-comments rows
    with it, then the XtdComment rows (same primary keys) with one executemany()."""
    from django_comments.models import Comment as ContribComment
    from django_comments_xtd.models import XtdComment

    base_fields = ContribComment._meta.concrete_fields
    ContribComment.objects.bulk_create(
        (ContribComment(**{f.attname: getattr(o, f.attname) for f in base_fields}) for o in objs),
        batch_size=1000,
    )
    fields = XtdComment._meta.local_concrete_fields
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(XtdComment._meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [[f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields] for o in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
