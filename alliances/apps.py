from django.apps import AppConfig


class AlliancesConfig(AppConfig):
    name = "alliances"
    verbose_name = "Teaching schools and alliances"

    def ready(self):
        from alliances import signals  # noqa: F401  (connects the after-import checks)
