from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from blog.accounts import ThrottledAdminAuthenticationForm, ThrottledLoginView
from blog.sitemaps import SITEMAPS
from blog.views import SignUpView, robots_txt
from comments.media import serve
from config.health import healthz

admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
    path("accounts/signup/", SignUpView.as_view(), name="signup"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("comments/", include("comments.urls")),
    path("", include("blog.urls")),
]

# Uploaded media are only ever images we re-encoded ourselves. Behind a reverse proxy, let the
# proxy serve /media/ straight from MEDIA_ROOT (docs/deploy.md); this route keeps a lone gunicorn
# or runserver working (Last-Modified to the day: comments/media.py).
urlpatterns += [
    re_path(r"^media/(?P<path>.*)$", serve),
]
