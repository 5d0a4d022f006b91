from django.conf import settings


def site(request):
    return {"blog_name": settings.BLOG_NAME, "blog_tagline": settings.BLOG_TAGLINE}
