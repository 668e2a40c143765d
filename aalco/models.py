from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Longest address the sign-in accepts (the User.email column's length).
EMAIL_MAX_LENGTH = 254


def normalize_login(value: str | None) -> str:
    """The one spelling of an address: how accounts are stored and looked up at sign-in.

    The lockout (django-axes) counts failures under this same key, so case or stray spaces
    cannot spread guesses over several counters.
    """
    return (value or "").strip().lower()


def login_username(request, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the normalised address from the credentials or the POST."""
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field)
    else:
        raw = getattr(request, "data", None) or getattr(request, "POST", {})
        raw = raw.get(field) if hasattr(raw, "get") else None
    # Cut to the lockout table's column: an over-long address is refused by the form anyway.
    return normalize_login(raw if isinstance(raw, str) else None)[:EMAIL_MAX_LENGTH]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_login(self.normalize_email(email)), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        # People type their address in any case; it is stored normalised.
        return self.get(email=normalize_login(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address: secretariat staff, observers, focal points."""

    email = models.EmailField(_("email address"), max_length=EMAIL_MAX_LENGTH, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("Can sign in to the Django admin."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        blank=True,
        choices=[("en", "English"), ("fr", "Français"), ("ar", "العربية")],
        help_text=_("The language of the pages; empty: the browser's."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def save(self, *args, **kwargs) -> None:
        # One spelling per address, whichever form or factory created the user.
        self.email = normalize_login(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A key another system sends as `Authorization: Token <key>` to act as this user.

    Only a SHA-256 digest of the key is stored: the key is shown once, when created. A
    token has exactly its user's rights (a focal point's token sees its state only).
    """

    user = models.ForeignKey(
        "aalco.User", on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(_("first characters"), max_length=12)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def state(self) -> str:
        """active / expired / revoked."""
        if self.revoked_at:
            return "revoked"
        if self.expires_at and self.expires_at <= timezone.now():
            return "expired"
        return "active"


class OutboundEmail(models.Model):
    """One email, rendered, waiting for or past its delivery: the outbox.

    Every email the application sends is a row here, written in the same transaction as the
    change that causes it (``aalco.outbox.enqueue_email``): a rolled-back change sends
    nothing, and a row survives a broker outage or a restart until a worker delivers it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Failed, will retry")
        FAILED = "failed", _("Could not be delivered")

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        PASSWORD_RESET = "password-reset", _("Password reset")
        DEVICE_ADDED = "device-added", _("New sign-in device")
        RECEIPT = "receipt", _("Receipt")
        NOTICE = "notice", _("Notice")
        REMINDER = "reminder", _("Reminder")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    #: The body holds a key (an invitation or password-reset link): emptied once delivered.
    sensitive = models.BooleanField(_("holds a link that is a key"), default=False)
    # What caused the email, where the person acting on it looks for its state.
    invitation = models.ForeignKey(
        "memberstates.Invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("invitation"),
    )
    response = models.ForeignKey(
        "resolutions.Response",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("report"),
    )
    reminder = models.ForeignKey(
        "resolutions.Reminder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("reminder"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("most attempts"))
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        indexes = [
            # The sweeper's question: which rows are due?
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attempts__lte=models.F("max_attempts")),
                name="outbox_attempts_within_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {', '.join(self.to)}"

    @property
    def is_queued(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.SENDING)

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT

    @property
    def is_retrying(self) -> bool:
        return self.status == self.Status.RETRYING

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED
