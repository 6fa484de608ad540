"""WAFv2: ``internal/service/wafv2/``.

``Type.floats`` is not set (issue 17d): the web ACL's number leaves in the served schema are ``priority``,
``asn_list``, ``size``, ``immunity_time``, ``response_code``, ``failure_codes``, ``success_codes``, ``capacity``,
``evaluation_window_sec`` and ``limit``; only ``immunity_time`` and ``evaluation_window_sec`` were read (TypeInt, in
``schemas.go``), so the complete list is not established."""

from __future__ import annotations

from apigwkit.provider_double.checks import Enum
from apigwkit.provider_double.rules.kinds import Diag, Type

_DIR = "internal/service/wafv2/"

RESOURCES: dict[str, Type] = {
    "aws_wafv2_web_acl": Type(_DIR + "web_acl.go", (Diag("scope", Enum("wafv2", "Scope")),)),
    "aws_wafv2_ip_set": Type(
        _DIR + "ip_set.go",
        (
            Diag("ip_address_version", Enum("wafv2", "IPAddressVersion")),
            Diag("scope", Enum("wafv2", "Scope")),
        ),
    ),
    "aws_wafv2_web_acl_association": Type(_DIR + "web_acl_association.go"),
    "aws_wafv2_web_acl_logging_configuration": Type(_DIR + "web_acl_logging_configuration.go"),
}
