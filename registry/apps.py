from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "Registry of schools and organisations"

    def ready(self):
        from registry import data_version

        data_version.connect()
