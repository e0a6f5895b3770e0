from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac

from firmops.precompiled import STAND_IN_ID, PrecompiledQuery


class UserManager(BaseUserManager):
    """Users are known by email; there is no username."""

    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get(self, *args, **kwargs):
        """By id alone, as auth's ModelBackend.get_user asks on every signed-in request: the SQL is
        compiled once per connection (firmops.precompiled), the row read afresh; else the ORM's get."""
        if args or kwargs.keys() != {"pk"} or type(kwargs["pk"]) is not int:
            return super().get(*args, **kwargs)
        found = _USER_BY_ID.run(using=self.db, user_id=kwargs["pk"])
        if not found:
            raise self.model.DoesNotExist(f"{self.model._meta.object_name} matching query does not exist.")
        return found[0]


class User(AbstractUser):
    username = None
    email = models.EmailField("email address", unique=True)
    time_zone = models.CharField(max_length=64, blank=True, help_text="Blank: the firm's time zone.")
    session_generation = models.PositiveIntegerField(
        default=0, editable=False, help_text="Raised to end every session of this user at once."
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def _get_session_auth_hash(self, secret=None):
        # Django keeps this hash in every session and drops a session whose hash no longer matches on
        # its next request; raising the generation so ends them all, whatever SESSION_ENGINE keeps
        # them in (even signed cookies, which no server can delete). Generation 0 keeps Django's
        # own hash, so existing sessions survive the deploy.
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "firmops.User.session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email.split("@")[0]


_USER_BY_ID = PrecompiledQuery(
    "user_by_id", lambda user_id: User._base_manager.filter(pk=user_id), user_id=STAND_IN_ID
)
