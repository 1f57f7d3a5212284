"""Enterprise accounts and the one-time binding codes departments issue.

An :class:`EnterpriseAccount` belongs to exactly one enterprise (one credit code). It may act
for that enterprise only once its binding is verified — by a credit officer of the
enterprise's registering department, or by redeeming a :class:`BindingCode` that department
issued. Passwords are Argon2id hashes (``portal.identity.secrets``); binding codes are stored as
SHA-256 digests, expire and are used once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from portal.enterprises.models import Enterprise
    from portal.reference.models import Department


class EnterpriseAccount(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)  # lower-case login name
    display_name = fields.CharField(max_length=100)
    password_hash = fields.CharField(max_length=255)
    enterprise: fields.ForeignKeyRelation[Enterprise] = fields.ForeignKeyField(
        "models.Enterprise", related_name="accounts", on_delete=fields.RESTRICT
    )
    is_admin = fields.BooleanField(default=False)  # the enterprise's administrator
    is_active = fields.BooleanField(default=True)
    is_demo = fields.BooleanField(default=False)
    verified_at = fields.DatetimeField(null=True)  # binding verified: may act for the enterprise
    verified_by = fields.CharField(max_length=100, default="")  # staff actor id or "code:<id>"
    failed_logins = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    last_login_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "enterprise_account"
        ordering = ["username"]

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


class BindingCode(Model):
    """A one-time code a department hands to an enterprise to bind an account without review."""

    id = fields.IntField(primary_key=True)
    code_hash = fields.CharField(max_length=64, unique=True)
    enterprise: fields.ForeignKeyRelation[Enterprise] = fields.ForeignKeyField(
        "models.Enterprise", related_name="binding_codes", on_delete=fields.CASCADE
    )
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="binding_codes", on_delete=fields.RESTRICT
    )
    issued_by = fields.CharField(max_length=100)
    issued_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    used_by: fields.ForeignKeyNullableRelation[EnterpriseAccount] = fields.ForeignKeyField(
        "models.EnterpriseAccount", related_name="redeemed_codes", null=True,
        on_delete=fields.SET_NULL,
    )

    class Meta:
        table = "enterprise_binding_code"


class EnterpriseAuthorizationCode(Model):
    """A one-time code of the built-in provider for an enterprise user (kept apart from staff
    codes: an enterprise login can never yield a staff code). PKCE S256 is mandatory."""

    id = fields.BigIntField(primary_key=True)
    code_hash = fields.CharField(max_length=64, unique=True)
    client_id = fields.CharField(max_length=64)
    account: fields.ForeignKeyRelation[EnterpriseAccount] = fields.ForeignKeyField(
        "models.EnterpriseAccount", related_name="authorization_codes", on_delete=fields.CASCADE
    )
    redirect_uri = fields.TextField()
    scope = fields.TextField(default="")
    nonce = fields.CharField(max_length=255, null=True)
    code_challenge = fields.CharField(max_length=128)
    code_challenge_method = fields.CharField(max_length=10)
    auth_time = fields.DatetimeField()
    amr = fields.CharField(max_length=40, default="pwd")
    expires_at = fields.DatetimeField(db_index=True)
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "enterprise_authorization_code"
        indexes = (("client_id", "nonce"),)
