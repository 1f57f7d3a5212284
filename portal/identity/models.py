"""Staff accounts, their department-scoped roles, OAuth clients and authorization codes.

Secrets are never stored in clear: passwords as Argon2id hashes, client secrets and
authorization codes as SHA-256 digests (they are long random values, so a fast hash is enough).
TOTP secrets must be readable to check codes; ``totp_last_step`` refuses a code's reuse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from portal.core.policies import Role

if TYPE_CHECKING:
    from portal.reference.models import Department


class StaffAccount(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)  # lower-case login name
    display_name = fields.CharField(max_length=100)
    email = fields.CharField(max_length=200, default="")
    password_hash = fields.CharField(max_length=255)
    totp_secret = fields.CharField(max_length=64, null=True)
    totp_last_step = fields.BigIntField(null=True)  # last accepted 30-second step
    is_active = fields.BooleanField(default=True)
    is_demo = fields.BooleanField(default=False)
    failed_logins = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    last_login_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    role_assignments: fields.ReverseRelation[StaffRole]

    class Meta:
        table = "staff_account"
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.display_name}（{self.username}）"


class StaffRole(Model):
    """One role held in one department (``department`` null: every department)."""

    id = fields.IntField(primary_key=True)
    staff: fields.ForeignKeyRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="role_assignments", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(Role, max_length=32)
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="staff_roles", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "staff_role"
        unique_together = (("staff", "role", "department"),)
        ordering = ["staff_id", "role", "department_id"]


class OAuthClient(Model):
    """A system allowed to obtain tokens: a department system or a relying party."""

    id = fields.IntField(primary_key=True)
    client_id = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=100)
    secret_hash = fields.CharField(max_length=64)  # SHA-256 hex of the generated secret
    redirect_uris: list[str] = fields.JSONField(default=list)
    post_logout_redirect_uris: list[str] = fields.JSONField(default=list)
    grant_types: list[str] = fields.JSONField(default=list)
    scope = fields.TextField(default="")  # allowed scopes, space separated
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="oauth_clients", null=True, on_delete=fields.RESTRICT
    )
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "oauth_client"
        ordering = ["client_id"]

    @property
    def scopes(self) -> list[str]:
        return self.scope.split()


class AuthorizationCode(Model):
    """A one-time code of the built-in provider (PKCE with S256 is mandatory)."""

    id = fields.BigIntField(primary_key=True)
    code_hash = fields.CharField(max_length=64, unique=True)
    client_id = fields.CharField(max_length=64)
    staff: fields.ForeignKeyRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="authorization_codes", on_delete=fields.CASCADE
    )
    redirect_uri = fields.TextField()
    scope = fields.TextField(default="")
    nonce = fields.CharField(max_length=255, null=True)
    code_challenge = fields.CharField(max_length=128)
    code_challenge_method = fields.CharField(max_length=10)
    auth_time = fields.DatetimeField()
    amr = fields.CharField(max_length=40, default="pwd")  # space separated
    expires_at = fields.DatetimeField(db_index=True)
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "oauth_authorization_code"
        indexes = (("client_id", "nonce"),)
