"""Where the authorizer's issuer, audiences and HMAC secret live: SSM Parameter Store and Secrets Manager, read with
Powertools' parameters utility.

Powertools earns its cost here: its providers keep each value in the container for a bounded time (``max_age``: the
authorizer's ``CONFIG_MAX_AGE_SECONDS``), decrypt SecureStrings, and turn every failure (throttled, denied, missing)
into one error; by hand that is a cache with expiry around two boto3 clients. The providers, and so their boto3
clients, are made at the first read: an invocation that needs no secret never builds a Secrets Manager client.
"""

from __future__ import annotations

from aws_lambda_powertools.utilities.parameters import BaseProvider, GetParameterError, SecretsProvider, SSMProvider


class ConfigUnavailableError(Exception):
    """Parameter Store or Secrets Manager did not give the value: not the caller's fault, so never a denial (which
    API Gateway may cache) but an error (API Gateway answers 500)."""


class ParameterStore:
    """The parameters and secrets of one container, each cached by Powertools for the ``max_age`` it is read with."""

    def __init__(self, ssm: BaseProvider | None = None, secrets: BaseProvider | None = None) -> None:
        self._ssm, self._secrets = ssm, secrets

    def parameter(self, name: str, max_age: int) -> str:
        """The value of SSM parameter ``name``, decrypted."""
        if self._ssm is None:
            self._ssm = SSMProvider()
        try:
            value = self._ssm.get(name, max_age=max_age, decrypt=True)
        except GetParameterError as err:
            raise ConfigUnavailableError(f"SSM parameter {name} could not be read: {err}") from None
        return str(value)

    def secret(self, name: str, max_age: int) -> bytes:
        """The current value of Secrets Manager secret ``name``: its SecretString as UTF-8, or its SecretBinary."""
        if self._secrets is None:
            self._secrets = SecretsProvider()
        try:
            value = self._secrets.get(name, max_age=max_age)
        except GetParameterError as err:
            raise ConfigUnavailableError(f"secret {name} could not be read: {err}") from None
        return value if isinstance(value, bytes) else str(value).encode("utf-8")
