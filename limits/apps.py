from django.apps import AppConfig


class LimitsConfig(AppConfig):
    name = "limits"
    verbose_name = "Rate limits"

    def ready(self):
        from config import checks  # noqa: F401 - registers the system checks
