"""The AWS account the provider double applies to: its objects, its settings, and AWS's apply-time refusals."""

from apigwkit.provider_double.account.errors import AwsError, Refused
from apigwkit.provider_double.account.model import (
    ACCOUNT_FILE_ENV,
    ACCOUNT_PRESET_ENV,
    CONFIGURED_ROLE,
    DEFAULT_FILE,
    PRESETS,
    Account,
)

__all__ = [
    "ACCOUNT_FILE_ENV",
    "ACCOUNT_PRESET_ENV",
    "CONFIGURED_ROLE",
    "DEFAULT_FILE",
    "PRESETS",
    "Account",
    "AwsError",
    "Refused",
]
