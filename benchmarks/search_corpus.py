"""The text the search benchmark (benchmarks/search.py) searches: 10,000 articles and 100,000
comments by default, written from a fixed-seed vocabulary of common words, words of the
neighbourhood's topics and made-up rarer ones, Zipf-weighted, so that each query finds what a real
site's would (a few rows for a rare word, tens of thousands for a common one).

Import it once Django is set up (it writes through the models).
"""

import random

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from blog.models import Post
from comments.models import Comment
from identities.models import Identity
from identities.names import name_key

COMMON = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "was",
    "for",
    "on",
    "that",
    "with",
    "as",
    "it",
    "at",
    "by",
    "this",
    "be",
    "are",
    "from",
    "or",
    "have",
    "not",
    "but",
    "they",
    "his",
    "her",
    "we",
    "you",
    "an",
    "which",
    "their",
    "one",
    "all",
    "there",
    "were",
    "been",
    "has",
    "more",
    "when",
    "who",
    "will",
    "would",
    "can",
    "if",
    "out",
    "about",
    "so",
    "up",
    "said",
    "what",
    "its",
    "into",
    "than",
    "them",
    "only",
    "other",
    "new",
    "some",
    "could",
    "time",
    "these",
    "two",
    "may",
    "then",
    "do",
    "first",
    "any",
    "my",
    "now",
    "such",
    "like",
    "our",
    "over",
    "me",
    "even",
    "most",
    "made",
    "after",
    "also",
    "did",
    "many",
    "before",
    "must",
    "through",
    "back",
    "years",
    "where",
    "much",
    "your",
    "way",
    "well",
    "down",
    "should",
    "because",
    "each",
    "just",
    "those",
    "people",
    "how",
    "too",
    "little",
    "state",
    "good",
    "very",
    "make",
    "world",
    "still",
    "own",
    "see",
    "men",
    "work",
    "long",
    "get",
    "here",
    "between",
    "both",
    "life",
    "being",
    "under",
    "never",
    "day",
    "same",
    "another",
    "know",
    "while",
    "last",
    "might",
    "us",
    "great",
    "old",
    "year",
    "off",
    "come",
    "since",
    "against",
    "go",
    "came",
    "right",
    "used",
    "take",
    "three",
]
TOPICAL = [
    "council",
    "street",
    "park",
    "bus",
    "lane",
    "bike",
    "market",
    "library",
    "school",
    "tree",
    "bench",
    "corner",
    "neighbour",
    "plan",
    "vote",
    "meeting",
    "budget",
    "traffic",
    "crossing",
    "playground",
    "summer",
    "winter",
    "rent",
    "shop",
    "bakery",
    "river",
    "bridge",
    "path",
    "garden",
    "allotment",
    "noise",
    "parking",
    "evening",
    "morning",
    "children",
    "dog",
    "volunteers",
    "petition",
    "letter",
    "mayor",
    "road",
    "footpath",
    "lights",
    "station",
    "ferry",
    "harbour",
    "tram",
    "cycle",
    "housing",
    "flats",
    "tower",
    "planning",
    "consultation",
    "zoning",
    "drainage",
    "flood",
    "heron",
    "swan",
    "orchard",
    "festival",
    "concert",
    "choir",
    "museum",
    "gallery",
    "pool",
    "swimming",
    "football",
    "cricket",
    "tennis",
    "pavilion",
    "allotments",
    "compost",
    "recycling",
    "bins",
    "litter",
    "graffiti",
    "mural",
    "heritage",
    "listed",
    "chapel",
    "church",
    "mosque",
    "temple",
    "synagogue",
    "clinic",
    "surgery",
    "pharmacy",
    "nursery",
    "pension",
    "tenant",
    "landlord",
    "eviction",
    "repairs",
    "damp",
    "mould",
    "insulation",
    "heating",
    "solar",
    "panels",
    "battery",
    "charging",
    "electric",
    "scooter",
    "pothole",
    "resurfacing",
    "roundabout",
    "junction",
    "speed",
    "camera",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "te",
    "vi",
    "zo",
    "pa",
    "qua",
    "ber",
    "dal",
    "fen",
    "gor",
    "hil",
    "jun",
    "kel",
    "mor",
    "nas",
]


def vocabulary(rng, size=6000):
    """Common words, topical words and made-up rarer ones, Zipf-weighted in that order."""
    words = list(dict.fromkeys(COMMON + TOPICAL))
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in words:
            words.append(word)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return words, weights


def text(rng, words, weights, n):
    return " ".join(rng.choices(words, weights, k=n))


def fill(*, n_posts, n_comments, seed=13):
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    now = timezone.now()
    author = get_user_model().objects.create(username="bench-author")
    identities = Identity.objects.bulk_create(
        Identity(name=f"Commenter {i}", name_key=name_key(f"Commenter {i}"), public_id=f"b{i:011d}")
        for i in range(500)
    )
    print(f"inserting {n_posts:,} articles…", flush=True)
    posts = []
    for i in range(n_posts):
        status, published = Post.Status.PUBLISHED, now - timezone.timedelta(minutes=i * 7)
        if i % 50 == 1:
            status, published = Post.Status.DRAFT, None
        elif i % 50 == 2:
            published = now + timezone.timedelta(days=3)
        title = text(rng, words[40:], weights[40:], rng.randint(3, 9)).capitalize()
        posts.append(
            Post(
                title=title,
                slug=f"article-{i}",
                excerpt=text(rng, words, weights, rng.randint(15, 40)),
                body=text(rng, words, weights, rng.randint(300, 1500)),
                body_html="",
                author=author,
                status=status,
                published_at=published,
            )
        )
    with transaction.atomic():
        posts = Post.objects.bulk_create(posts, batch_size=500)
    print(f"inserting {n_comments:,} comments…", flush=True)
    statuses = [Comment.Status.APPROVED] * 17 + [
        Comment.Status.PENDING,
        Comment.Status.SPAM,
        Comment.Status.REMOVED,
    ]
    batch = []
    for i in range(n_comments):
        batch.append(
            Comment(
                post=rng.choice(posts),
                identity=rng.choice(identities),
                body=text(rng, words, weights, rng.randint(15, 150)),
                body_html="",
                status=rng.choice(statuses),
                created_at=now - timezone.timedelta(seconds=i * 13),
                tree_id=i + 1,
                lft=1,
                rght=2,
                level=0,
            )
        )
        if len(batch) == 5000:
            Comment.objects.bulk_create(batch)
            batch = []
    Comment.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE blog_post")
        cursor.execute("VACUUM ANALYZE comments_comment")


def rare_word():
    """A made-up word of the generated text, far down the Zipf curve (a few dozen rows)."""
    words, _ = vocabulary(random.Random(13))
    return words[2500]
