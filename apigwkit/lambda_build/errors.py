"""The one error the build raises: it names the function and says what is wrong and how to fix it."""

from __future__ import annotations


class BuildError(Exception):
    """A function cannot be packaged. ``function`` is the folder name under ``lambda_src/``."""

    def __init__(self, function: str, message: str) -> None:
        super().__init__(f"{function}: {message}")
        self.function = function
        self.message = message
