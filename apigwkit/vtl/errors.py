"""What can go wrong while rendering a mapping template."""

from __future__ import annotations

__all__ = ["InvalidJsonError", "MappingTemplateError", "UnsupportedFunctionError"]


class MappingTemplateError(Exception):
    """The template cannot be rendered: a syntax error, a failing function, bad input to the renderer.

    In API Gateway a template that fails at run time makes the request fail (a 5XX for an integration response;
    for a request template, a 4XX/5XX before the integration is called). Tests treat it as "this input breaks the
    template".
    """


class InvalidJsonError(MappingTemplateError):
    """A function that needs JSON (``$input.json``, ``$input.path``, ``$util.parseJson``) was given something else.

    For a request body API Gateway answers 400 ``{"message": "Could not parse request body into json: ..."}``.
    """


class UnsupportedFunctionError(MappingTemplateError):
    """The template calls a ``$util`` or ``$input`` member API Gateway does not have (``$util.toJson`` is AppSync's)."""
