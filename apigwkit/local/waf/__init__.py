"""AWS WAF web ACLs evaluated by the local gateway, for what can be evaluated offline.

``WebAcl`` evaluates one ``aws_wafv2_web_acl`` of the state (its ``rule`` blocks as Terraform records them) against a
``WafRequest``, in priority order, with AWS WAF's rule actions, and writes the record AWS WAF logs (``log.py``).
``statements.py`` holds the match statements, fields and text transformations; ``acl.py`` the rules, actions, labels
and rate-based counters. What cannot be evaluated here (AWS managed rule groups, rule groups, ASN matches, TLS
fingerprints) is reported as not evaluated, in the startup banner and in every log record, never silently passed.
"""

from apigwkit.local.waf.acl import Verdict, WebAcl, web_acls_by_resource
from apigwkit.local.waf.statements import COUNTRY_HEADER, WafRequest

__all__ = ["COUNTRY_HEADER", "Verdict", "WafRequest", "WebAcl", "web_acls_by_resource"]
