from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from blog.sitemaps import SITEMAPS
from blog.views import robots_txt
from config.health import healthz
from identities.accounts import ThrottledAdminAuthenticationForm
from identities.media import serve

admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
    # Sign-up, the throttled sign-in and the identity pages, at their old paths (identities/urls.py).
    path("", include("identities.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("comments/", include("comments.urls")),
    path("", include("blog.urls")),
]

# Uploaded media are only ever images we re-encoded ourselves. Behind a reverse proxy, let the
# proxy serve /media/ straight from MEDIA_ROOT (docs/deploy.md); this route keeps a lone gunicorn
# or runserver working (Last-Modified to the day: identities/media.py).
urlpatterns += [
    re_path(r"^media/(?P<path>.*)$", serve),
]
