"""Reproducible Lambda packaging: ``lambda_src/<name>/`` -> ``build/lambda/<name>.zip`` + ``manifest.json``.

One concern per module:

- ``spec``          ``function.json``: handler, runtime, architecture, shared packages; the handler checked with ``ast``
- ``requirements``  ``requirements.txt``: exact pins only, nothing the Lambda runtime provides
- ``dependencies``  installing the pins for the Lambda platform with uv; the pinned closure check
- ``sources``       which files go into a zip (function code, shared packages, installed dependencies)
- ``imports``       every import of the function's code resolves in the zip, the stdlib or the runtime
- ``package``       writing the zip byte-for-byte reproducibly; Lambda's size limits
- ``fingerprint``   the inputs' fingerprint and the stamp that lets an unchanged function be skipped
- ``manifest``      ``build/lambda/manifest.json`` for Terraform
- ``builder``       the orchestration over all functions;  ``cli`` the command line

See ``lambda_src/README.md`` for the layout of a function folder and the decisions behind the build.
"""

from apigwkit.lambda_build.builder import Builder, Layout, Report, Result
from apigwkit.lambda_build.errors import BuildError
from apigwkit.lambda_build.package import Limits

__all__ = ["BuildError", "Builder", "Layout", "Limits", "Report", "Result"]
