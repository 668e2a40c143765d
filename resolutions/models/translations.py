from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .documents import Paragraph, Resolution

#: The language resolutions are adopted in: their recorded text is the original.
ORIGINAL_LANGUAGE = "en"


class ResolutionTranslation(models.Model):
    """An official translation of a resolution (the original stays the authority)."""

    class Language(models.TextChoices):
        FRENCH = "fr", "Français"
        ARABIC = "ar", "العربية"

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=500)
    source_text = models.TextField(_("source text"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resolution", "language"]
        verbose_name = _("official translation")
        verbose_name_plural = _("official translations")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "language"], name="one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resolution.symbol} ({self.language})"


class ParagraphTranslation(models.Model):
    translation = models.ForeignKey(
        ResolutionTranslation, on_delete=models.CASCADE, related_name="paragraphs"
    )
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("translated paragraph")
        verbose_name_plural = _("translated paragraphs")
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "paragraph"], name="one_translated_text_per_paragraph"
            )
        ]

    def __str__(self) -> str:
        return f"{self.translation}: {self.paragraph_id}"
