"""The request guards both schemas share: size limits, caches and error masking.

Why not strawberry's ``QueryDepthLimiter``/``MaxAliasesLimiter`` factories: each instance builds
a new validation-rule class, and ``ValidationCache`` keys on the rule classes, so with them the
cache never hits (strawberry issue #4635) and every request was validated again — 49 % of the CPU
of an ``enterprise(uscc:)`` request (docs/benchmarks.md §2). The rule classes are built once
here and added with one ``AddValidationRules``; parsing and validation results are then cached
per document text (bounded LRU, so unique hostile documents cannot grow memory).
"""

from __future__ import annotations

from collections.abc import Callable

from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from portal.config import Settings
from schema.errors import should_mask

MASKED_MESSAGE = "服务器处理请求时出错，请稍后再试。"
CACHE_SIZE = 512  # distinct documents; the site's named operations are a few dozen


def guard_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    rules = [depth_rule(settings.graphql_max_depth, None, None),
             alias_rule(settings.graphql_max_aliases)]
    return [
        # sets parse_options["max_tokens"] in on_operation, before the (cached) parse
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
        lambda: MaskErrors(should_mask_error=should_mask, error_message=MASKED_MESSAGE),
    ]
