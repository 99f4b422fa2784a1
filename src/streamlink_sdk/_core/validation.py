"""Validating call arguments into request models before any request is sent."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import ErrorFamily

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], family: ErrorFamily, **values: Any) -> M:
    """Build ``model`` from ``values`` or raise the family's ``InvalidInputError``.

    The message names the fields and the rule they broke but never echoes the values,
    since some of them (passwords) are secrets.
    """
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_input=False, include_url=False):
            field = ".".join(str(part) for part in error["loc"]) or "input"
            problems.append(f"{field}: {error['msg']}")
        raise family.invalid("invalid input: " + "; ".join(problems)) from None
