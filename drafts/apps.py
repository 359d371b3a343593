from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "drafts"
    verbose_name = "讲稿版本库"
    default_auto_field = "django.db.models.BigAutoField"
