import datetime

import factory
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from blog.models import Category, Post
from comments.models import Comment, Identity


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

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """Bump the post's discussion version, as every write function does (comments/cache.py
        keys the cached thread on it), in the database and on the post object given."""
        super()._after_postgeneration(instance, create, results)
        if create:
            Post.objects.filter(pk=instance.post_id).update(
                discussion_version=F("discussion_version") + 1
            )
            instance.post.discussion_version += 1


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
