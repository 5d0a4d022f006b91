import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from blog.models import Category, Post
from comments.models import Comment, Reaction
from identities import avatars
from identities.models import Identity


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def with_identity(self, create, extracted, **kwargs):
        self.save()
        if create and extracted is not False:
            IdentityFactory(user=self, name=self.username, is_default=True)


class IdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Identity

    user = None
    name = factory.Sequence(lambda n: f"Speaker {n}")
    # What identities.changes draws for a new identity (Identity.save() draws nothing).
    avatar = factory.LazyFunction(avatars.generated)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    body = "Some *Markdown* text."
    excerpt = "An excerpt."
    author = factory.SubFactory(UserFactory)
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    identity = factory.SubFactory(IdentityFactory)
    body = factory.Sequence(lambda n: f"Comment number {n}.")
    status = Comment.Status.APPROVED


class ReactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reaction

    comment = factory.SubFactory(CommentFactory)
    user = factory.SubFactory(UserFactory)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
