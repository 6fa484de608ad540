"""Data sources computed by the provider double, compared with what hashicorp/aws produces.

The expected policy documents are the ones the provider's own acceptance tests assert
(hashicorp/terraform-provider-aws ``internal/service/iam/policy_document_data_source_test.go``,
functions named in each test), with ``acctest.Partition()`` = ``aws`` unless stated.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

import pytest

from apigwkit.provider_double.data_sources import (
    DataSourceError,
    read_data_source,
    sdk_set_order,
    zone_id_prefix,
)
from apigwkit.provider_double.golang import json_marshal
from apigwkit.provider_double.values import UNKNOWN


def policy(config: dict[str, Any]) -> dict[str, Any]:
    state = read_data_source("aws_iam_policy_document", config, region="us-east-1", account_id="123456789012")
    assert state is not None
    return state


def stmt(**attrs: Any) -> dict[str, Any]:
    """A ``statement`` block as Terraform decodes it: unset attributes and blocks are null."""
    block: dict[str, Any] = {
        "sid": None,
        "effect": None,
        "actions": None,
        "not_actions": None,
        "resources": None,
        "not_resources": None,
        "principals": None,
        "not_principals": None,
        "condition": None,
    }
    block.update(attrs)
    return block


def principal(type_: str, *identifiers: str) -> dict[str, Any]:
    return {"type": type_, "identifiers": list(identifiers)}


def condition(test: str, variable: str, *values: str) -> dict[str, Any]:
    return {"test": test, "variable": variable, "values": list(values)}


# testAccPolicyDocumentDataSourceConfig_basic, with partition "aws".
BASIC_CONFIG: dict[str, Any] = {
    "policy_id": "policy_id",
    "statement": [
        stmt(sid="1", actions=["s3:ListAllMyBuckets", "s3:GetBucketLocation"], resources=["arn:aws:s3:::*"]),
        stmt(
            actions=["s3:ListBucket"],
            resources=["arn:aws:s3:::foo"],
            condition=[condition("StringLike", "s3:prefix", "home/", "", "home/&{aws:username}/")],
            not_principals=[principal("AWS", "arn:blahblah:example")],
        ),
        stmt(
            actions=["s3:*"],
            resources=["arn:aws:s3:::foo/home/&{aws:username}", "arn:aws:s3:::foo/home/&{aws:username}/*"],
            principals=[principal("AWS", "arn:blahblah:example")],
        ),
        stmt(effect="Deny", not_actions=["s3:*"], not_resources=["arn:aws:s3:::*"]),
        stmt(effect="Allow", actions=["kinesis:*"], principals=[principal("AWS", "*")]),
        stmt(effect="Allow", actions=["firehose:*"], principals=[principal("*", "*")]),
    ],
}

# testAccPolicyDocumentExpectedJSON()
BASIC_JSON = """{
  "Version": "2012-10-17",
  "Id": "policy_id",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::foo",
      "NotPrincipal": {
        "AWS": "arn:blahblah:example"
      },
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "home/",
            "",
            "home/${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::foo/home/${aws:username}/*",
        "arn:aws:s3:::foo/home/${aws:username}"
      ],
      "Principal": {
        "AWS": "arn:blahblah:example"
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "NotResource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "kinesis:*",
      "Principal": {
        "AWS": "*"
      }
    },
    {
      "Effect": "Allow",
      "Action": "firehose:*",
      "Principal": "*"
    }
  ]
}"""

# testAccPolicyDocumentExpectedJSONMinified()
BASIC_MINIFIED = (
    '{"Version":"2012-10-17","Id":"policy_id","Statement":[{"Sid":"1","Effect":"Allow","Action":'
    '["s3:ListAllMyBuckets","s3:GetBucketLocation"],"Resource":"arn:aws:s3:::*"},{"Effect":"Allow",'
    '"Action":"s3:ListBucket","Resource":"arn:aws:s3:::foo","NotPrincipal":{"AWS":"arn:blahblah:example"},'
    '"Condition":{"StringLike":{"s3:prefix":["home/","","home/${aws:username}/"]}}},{"Effect":"Allow",'
    '"Action":"s3:*","Resource":["arn:aws:s3:::foo/home/${aws:username}/*","arn:aws:s3:::foo/home/${aws:username}"],'
    '"Principal":{"AWS":"arn:blahblah:example"}},{"Effect":"Deny","NotAction":"s3:*","NotResource":"arn:aws:s3:::*"},'
    '{"Effect":"Allow","Action":"kinesis:*","Principal":{"AWS":"*"}},{"Effect":"Allow","Action":"firehose:*",'
    '"Principal":"*"}]}'
)


def test_basic_document_matches_the_provider_json_and_minified_json() -> None:
    state = policy(BASIC_CONFIG)
    assert state["json"] == BASIC_JSON
    assert state["minified_json"] == BASIC_MINIFIED


def test_id_is_the_crc32_of_the_indented_json() -> None:
    state = policy(BASIC_CONFIG)
    assert state["id"] == str(zlib.crc32(BASIC_JSON.encode()))


def test_state_carries_config_and_defaults() -> None:
    state = policy({"statement": [stmt(actions=["s3:GetObject"])]})
    assert state["version"] == "2012-10-17"
    assert state["statement"][0]["effect"] == "Allow"
    assert set(state) == {
        "id",
        "json",
        "minified_json",
        "override_json",
        "override_policy_documents",
        "policy_id",
        "source_json",
        "source_policy_documents",
        "statement",
        "version",
    }


def test_single_condition_value_renders_as_string() -> None:
    # testAccPolicyDocumentConfig_SingleConditionValue_ExpectedJSON
    state = policy(
        {
            "statement": [
                stmt(
                    effect="Deny",
                    principals=[principal("AWS", "*")],
                    actions=["elasticfilesystem:*"],
                    resources=["*"],
                    condition=[condition("Bool", "aws:SecureTransport", "false")],
                )
            ]
        }
    )
    assert (
        state["json"]
        == """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "elasticfilesystem:*",
      "Resource": "*",
      "Principal": {
        "AWS": "*"
      },
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    }
  ]
}"""
    )


def test_multiple_condition_keys_grouped_under_one_test_with_sorted_variables() -> None:
    # testAccPolicyDocumentConfig_multipleConditionKeys_ExpectedJSON (compared as equivalent JSON in
    # the provider's test); Go marshals the map with sorted keys, so aws:SourceArn comes first.
    state = policy(
        {
            "statement": [
                stmt(
                    sid="AWSCloudTrailWrite20150319",
                    effect="Allow",
                    principals=[principal("Service", "cloudtrail.amazonaws.com")],
                    actions=["s3:PutObject"],
                    resources=["*"],
                    condition=[
                        condition("StringEquals", "s3:x-amz-acl", "bucket-owner-full-control"),
                        condition("StringEquals", "aws:SourceArn", "some-other-value"),
                    ],
                )
            ]
        }
    )
    expected = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AWSCloudTrailWrite20150319",
                "Effect": "Allow",
                "Action": "s3:PutObject",
                "Resource": "*",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Condition": {
                    "StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": "some-other-value"}
                },
            }
        ],
    }
    assert json.loads(state["json"]) == expected
    condition_text = state["json"][state["json"].index('"Condition"') :]
    assert condition_text.index("aws:SourceArn") < condition_text.index("s3:x-amz-acl")


def test_duplicate_condition_keys_concatenate_values() -> None:
    # testAccPolicyDocumentConfig_duplicateConditionKeys_ExpectedJSON
    state = policy(
        {
            "statement": [
                stmt(
                    sid="DuplicateConditionTest",
                    effect="Allow",
                    principals=[principal("Service", "cloudtrail.amazonaws.com")],
                    actions=["s3:PutObject"],
                    resources=["*"],
                    condition=[
                        condition("StringEquals", "s3:prefix", "one/", "two/"),
                        condition("StringEquals", "s3:prefix", "three/"),
                    ],
                )
            ]
        }
    )
    assert json.loads(state["json"])["Statement"][0]["Condition"] == {
        "StringEquals": {"s3:prefix": ["one/", "two/", "three/"]}
    }


SOURCE_TEST_CONFIG: dict[str, Any] = {
    "policy_id": "policy_id",
    "statement": [
        stmt(sid="1", actions=["s3:ListAllMyBuckets", "s3:GetBucketLocation"], resources=["arn:aws:s3:::*"]),
        stmt(
            actions=["s3:ListBucket"],
            resources=["arn:aws:s3:::foo"],
            condition=[condition("StringLike", "s3:prefix", "home/", "home/&{aws:username}/")],
            not_principals=[principal("AWS", "arn:blahblah:example")],
        ),
        stmt(
            actions=["s3:*"],
            resources=["arn:aws:s3:::foo/home/&{aws:username}", "arn:aws:s3:::foo/home/&{aws:username}/*"],
            principals=[principal("AWS", "arn:blahblah:example", "arn:blahblahblah:example")],
        ),
        stmt(effect="Deny", not_actions=["s3:*"], not_resources=["arn:aws:s3:::*"]),
        stmt(effect="Allow", actions=["kinesis:*"], principals=[principal("AWS", "*")]),
        stmt(effect="Allow", actions=["firehose:*"], principals=[principal("*", "*")]),
    ],
}

# testAccPolicyDocumentSourceExpectedJSON()
SOURCE_JSON = """{
  "Version": "2012-10-17",
  "Id": "policy_id",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::foo",
      "NotPrincipal": {
        "AWS": "arn:blahblah:example"
      },
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "home/",
            "home/${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::foo/home/${aws:username}/*",
        "arn:aws:s3:::foo/home/${aws:username}"
      ],
      "Principal": {
        "AWS": [
          "arn:blahblahblah:example",
          "arn:blahblah:example"
        ]
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "NotResource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "kinesis:*",
      "Principal": {
        "AWS": "*"
      }
    },
    {
      "Effect": "Allow",
      "Action": "firehose:*",
      "Principal": "*"
    },
    {
      "Sid": "SourceJSONTest1",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"""


def test_source_policy_document_is_merged_before_the_statements() -> None:
    source = policy(SOURCE_TEST_CONFIG)["json"]
    state = policy(
        {
            "source_policy_documents": [source],
            "statement": [stmt(sid="SourceJSONTest1", actions=["*"], resources=["*"])],
        }
    )
    assert state["json"] == SOURCE_JSON


def test_blank_source_document_is_ignored() -> None:
    # testAccPolicyDocumentSourceBlankExpectedJSON
    state = policy(
        {"source_policy_documents": [""], "statement": [stmt(sid="SourceJSONTest2", actions=["*"], resources=["*"])]}
    )
    assert (
        state["json"]
        == """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SourceJSONTest2",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"""
    )


@pytest.mark.parametrize("key", ["source_policy_documents", "override_policy_documents"])
def test_empty_string_documents_leave_a_version_only_document(key: str) -> None:
    # testAccPolicyDocumentExpectedJSONNoStatement
    assert policy({key: [""]})["json"] == '{\n  "Version": "2012-10-17"\n}'


def test_source_list_appends_in_order() -> None:
    # testAccPolicyDocumentDataSourceConfig_list / testAccPolicyDocumentSourceListExpectedJSON
    a = policy(
        {
            "statement": [
                stmt(sid="", effect="Allow", actions=["foo:ActionOne"]),
                stmt(sid="validSidOne", effect="Allow", actions=["bar:ActionOne"]),
            ]
        }
    )["json"]
    b = policy({"statement": [stmt(sid="validSidTwo", effect="Deny", actions=["foo:ActionTwo"])]})["json"]
    c = policy({"statement": [stmt(sid="", effect="Allow", actions=["bar:ActionTwo"])]})["json"]
    state = policy({"version": "2012-10-17", "source_policy_documents": [a, b, c]})
    assert (
        state["json"]
        == """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "foo:ActionOne"
    },
    {
      "Sid": "validSidOne",
      "Effect": "Allow",
      "Action": "bar:ActionOne"
    },
    {
      "Sid": "validSidTwo",
      "Effect": "Deny",
      "Action": "foo:ActionTwo"
    },
    {
      "Effect": "Allow",
      "Action": "bar:ActionTwo"
    }
  ]
}"""
    )


def test_duplicate_sid_across_source_documents_is_an_error() -> None:
    # testAccPolicyDocumentDataSourceConfig_listConflicting expects an error matching "duplicate Sid";
    # the wording is dataSourcePolicyDocumentRead's.
    a = policy(
        {
            "statement": [
                stmt(sid="", effect="Allow", actions=["foo:ActionOne"]),
                stmt(sid="conflictSid", effect="Allow", actions=["bar:ActionOne"]),
            ]
        }
    )["json"]
    b = policy({"statement": [stmt(sid="validSid", effect="Deny", actions=["foo:ActionTwo"])]})["json"]
    c = policy({"statement": [stmt(sid="conflictSid", effect="Allow", actions=["bar:ActionTwo"])]})["json"]
    with pytest.raises(DataSourceError) as raised:
        policy({"version": "2012-10-17", "source_policy_documents": [a, b, c]})
    assert raised.value.summary == (
        "writing IAM Policy Document: merging source document 2: duplicate Sid (conflictSid) in "
        "source_policy_documents (statement 0). Remove the Sid or ensure Sids are unique."
    )


def test_statement_sid_replaces_source_statement() -> None:
    # testAccPolicyDocumentSourceConflictingExpectedJSON
    source = policy({"statement": [stmt(sid="SourceJSONTestConflicting", actions=["iam:*"], resources=["*"])]})
    state = policy(
        {
            "source_policy_documents": [source["json"]],
            "statement": [stmt(sid="SourceJSONTestConflicting", actions=["*"], resources=["*"])],
        }
    )
    assert (
        state["json"]
        == """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SourceJSONTestConflicting",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"""
    )


def test_override_document_replaces_statement_with_same_sid() -> None:
    # testAccPolicyDocumentOverrideExpectedJSON
    override = policy({"statement": [stmt(sid="SidToOverwrite", actions=["s3:*"], resources=["*"])]})["json"]
    state = policy(
        {
            "override_policy_documents": [override],
            "statement": [
                stmt(actions=["ec2:*"], resources=["*"]),
                stmt(
                    sid="SidToOverwrite",
                    actions=["s3:*"],
                    resources=["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"],
                ),
            ],
        }
    )
    assert (
        state["json"]
        == """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    },
    {
      "Sid": "SidToOverwrite",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    }
  ]
}"""
    )


def test_override_list_applies_in_order() -> None:
    # testAccPolicyDocumentOverrideListExpectedJSON
    a = policy(
        {
            "statement": [
                stmt(sid="", effect="Allow", actions=["foo:ActionOne"]),
                stmt(sid="overrideSid", effect="Allow", actions=["bar:ActionOne"]),
            ]
        }
    )["json"]
    b = policy({"statement": [stmt(sid="validSid", effect="Deny", actions=["foo:ActionTwo"])]})["json"]
    c = policy({"statement": [stmt(sid="overrideSid", effect="Deny", actions=["bar:ActionOne"])]})["json"]
    state = policy({"version": "2012-10-17", "override_policy_documents": [a, b, c]})
    assert (
        state["json"]
        == """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "foo:ActionOne"
    },
    {
      "Sid": "overrideSid",
      "Effect": "Deny",
      "Action": "bar:ActionOne"
    },
    {
      "Sid": "validSid",
      "Effect": "Deny",
      "Action": "foo:ActionTwo"
    }
  ]
}"""
    )


@pytest.mark.parametrize(
    ("source_sid", "expected"),
    [
        # testAccPolicyDocumentNoStatementMergeExpectedJSON
        (
            "",
            [
                {"Effect": "Allow", "Action": "ec2:DescribeAccountAttributes", "Resource": "*"},
                {"Sid": "OverridePlaceholder", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            ],
        ),
        # testAccPolicyDocumentNoStatementOverrideExpectedJSON
        (
            "OverridePlaceholder",
            [{"Sid": "OverridePlaceholder", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
        ),
    ],
)
def test_source_and_override_without_statements(source_sid: str, expected: list[dict[str, Any]]) -> None:
    source = policy({"statement": [stmt(sid=source_sid, actions=["ec2:DescribeAccountAttributes"], resources=["*"])]})
    override = policy({"statement": [stmt(sid="OverridePlaceholder", actions=["s3:GetObject"], resources=["*"])]})
    state = policy({"source_policy_documents": [source["json"]], "override_policy_documents": [override["json"]]})
    assert state["json"] == json_marshal({"Version": "2012-10-17", "Statement": expected}, indent=True)


def test_duplicate_sid_in_statements_is_an_error_but_blank_sids_are_not() -> None:
    # testAccPolicyDocumentDataSourceConfig_duplicateSid / _duplicateBlankSid
    with pytest.raises(DataSourceError) as raised:
        policy(
            {
                "statement": [
                    stmt(sid="1", effect="Allow", actions=["ec2:DescribeAccountAttributes"], resources=["*"]),
                    stmt(sid="1", effect="Allow", actions=["s3:GetObject"], resources=["*"]),
                ]
            }
        )
    assert raised.value.summary == (
        "writing IAM Policy Document: duplicate Sid (1). Remove the Sid or ensure the Sid is unique."
    )
    state = policy(
        {
            "statement": [
                stmt(sid="", effect="Allow", actions=["ec2:DescribeAccountAttributes"], resources=["*"]),
                stmt(sid="", effect="Allow", actions=["s3:GetObject"], resources=["*"]),
            ]
        }
    )
    # testAccPolicyDocumentDuplicateBlankSidExpectedJSON
    assert (
        state["json"]
        == """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:DescribeAccountAttributes",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}"""
    )


def test_version_2008_keeps_version_and_rejects_policy_variables() -> None:
    # testAccPolicyDocumentVersion20081017ExpectedJSONDataSourceConfig
    state = policy({"version": "2008-10-17", "statement": [stmt(actions=["ec2:*"], resources=["*"])]})
    assert (
        state["json"]
        == """{
  "Version": "2008-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    }
  ]
}"""
    )
    with pytest.raises(DataSourceError) as raised:
        policy(
            {
                "version": "2008-10-17",
                "statement": [stmt(actions=["*"], resources=["arn:aws:s3:::foo/home/&{aws:username}"])],
            }
        )
    # The acceptance test matches `found \&\{ sequence in \(.+\), which is not supported in document
    # version 2008-10-17`; the prefix is the read function's "reading resources: %s".
    assert raised.value.summary == (
        "reading resources: found &{ sequence in (arn:aws:s3:::foo/home/&{aws:username}), which is not "
        "supported in document version 2008-10-17"
    )
    with pytest.raises(DataSourceError, match=r"^reading principals: reading identifiers: found &\{ sequence"):
        policy(
            {
                "version": "2008-10-17",
                "statement": [stmt(actions=["*"], principals=[principal("AWS", "&{aws:username}")])],
            }
        )
    with pytest.raises(DataSourceError, match=r"^reading condition: reading values: found &\{ sequence"):
        policy(
            {
                "version": "2008-10-17",
                "statement": [
                    stmt(actions=["*"], condition=[condition("StringLike", "s3:prefix", "home/&{aws:username}/")])
                ],
            }
        )


def test_principal_blocks_of_one_type_follow_the_sdk_set_order() -> None:
    # testAccPolicyDocumentExpectedJSONStatementPrincipalIdentifiersStringAndSlice()
    state = policy(
        {
            "statement": [
                stmt(
                    actions=["*"],
                    resources=["*"],
                    sid="StatementPrincipalIdentifiersStringAndSlice",
                    principals=[
                        principal("AWS", "arn:aws:iam::111111111111:root"),
                        principal("AWS", "arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"),
                    ],
                )
            ]
        }
    )
    assert json.loads(state["json"])["Statement"][0]["Principal"] == {
        "AWS": [
            "arn:aws:iam::111111111111:root",
            "arn:aws:iam::333333333333:root",
            "arn:aws:iam::222222222222:root",
        ]
    }


@pytest.mark.parametrize(
    ("partition", "order"),
    [
        # testAccPolicyDocumentExpectedJSONStatementPrincipalIdentifiersMultiplePrincipals()
        ("aws", ["333333333333", "444444444444", "222222222222", "111111111111"]),
        # testAccPolicyDocumentExpectedJSONStatementPrincipalIdentifiersMultiplePrincipalsGov()
        ("aws-us-gov", ["333333333333", "222222222222", "111111111111", "444444444444"]),
    ],
)
def test_multiple_principal_blocks_order_depends_on_their_hash(partition: str, order: list[str]) -> None:
    arn = f"arn:{partition}:iam::%s:root"
    state = policy(
        {
            "statement": [
                stmt(
                    actions=["*"],
                    resources=["*"],
                    sid="StatementPrincipalIdentifiersStringAndSlice",
                    principals=[
                        principal("AWS", arn % "111111111111", arn % "222222222222"),
                        principal("AWS", arn % "333333333333"),
                        principal("AWS", arn % "444444444444"),
                    ],
                )
            ]
        }
    )
    assert json.loads(state["json"])["Statement"][0]["Principal"] == {"AWS": [arn % a for a in order]}


def test_condition_with_bool_value_from_source_document() -> None:
    # testAccPolicyDocumentConditionWithBoolValueExpectedJSON() (equivalent JSON in the provider's test)
    source = """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "RestrictAccessToSpecialTag",
            "Effect": "Deny",
            "Action": [
                "ec2:CreateTags",
                "ec2:DeleteTags"
            ],
            "Resource": "arn:aws:ec2:*:*:vpc/*",
            "Condition": {
                "Null": {
                    "aws:ResourceTag/SpecialTag": false
                },
                "StringLike": {
                    "aws:ResourceAccount": [
                        "123456"
                    ],
                    "aws:PrincipalArn": "arn:aws:iam::*:role/AWSAFTExecution"
                }
            }
        }
    ]
}
"""
    state = policy({"source_policy_documents": [source]})
    assert json.loads(state["json"]) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "RestrictAccessToSpecialTag",
                "Effect": "Deny",
                "Action": ["ec2:CreateTags", "ec2:DeleteTags"],
                "Resource": "arn:aws:ec2:*:*:vpc/*",
                "Condition": {
                    "Null": {"aws:ResourceTag/SpecialTag": "false"},
                    "StringLike": {
                        "aws:ResourceAccount": "123456",
                        "aws:PrincipalArn": "arn:aws:iam::*:role/AWSAFTExecution",
                    },
                },
            }
        ],
    }


def test_source_principal_forms_are_normalized() -> None:
    # policy_model.go UnmarshalJSON: a string principal means "*"; a list is sorted and marshalled in
    # reverse; {"*": "*"} collapses to "*".
    source = json.dumps(
        {
            "Statement": [
                {"Effect": "Allow", "Action": "a:b", "Principal": "*"},
                {"Effect": "Allow", "Action": "a:b", "Principal": {"AWS": ["b", "c", "a"]}},
                {"Effect": "Allow", "Action": "a:b", "Principal": {"*": "*"}},
            ]
        }
    )
    statements = json.loads(policy({"source_policy_documents": [source]})["json"])["Statement"]
    assert [s["Principal"] for s in statements] == ["*", {"AWS": ["c", "b", "a"]}, "*"]


def test_source_statement_as_object_is_rejected_like_go_unmarshal() -> None:
    with pytest.raises(DataSourceError) as raised:
        policy({"source_policy_documents": ['{"Statement": {"Effect": "Allow"}}']})
    assert raised.value.summary == (
        "writing IAM Policy Document: merging source document 0: json: cannot unmarshal object into Go struct "
        "field iamPolicyDoc.Statement of type []*iam.iamPolicyStatement"
    )


def test_html_characters_are_escaped_like_encoding_json() -> None:
    state = policy(
        {
            "statement": [
                stmt(actions=["s3:GetObject"], resources=["*"], condition=[condition("StringLike", "x", "<a&b>")])
            ]
        }
    )
    assert '"x": "\\u003ca\\u0026b\\u003e"' in state["json"]
    assert '"x":"\\u003ca\\u0026b\\u003e"' in state["minified_json"]


def test_unknown_configuration_leaves_computed_attributes_unknown() -> None:
    state = policy({"statement": [stmt(actions=UNKNOWN)]})
    assert state["json"] is UNKNOWN and state["minified_json"] is UNKNOWN and state["id"] is UNKNOWN


def test_sdk_set_order_sorts_hash_codes_as_strings() -> None:
    items = ["a", "b", "c", "d"]
    codes = {item: str(zlib.crc32(item.encode())) for item in items}
    assert sdk_set_order(items, lambda v: v) == sorted(items, key=lambda v: codes[v])


# ---- other data sources ------------------------------------------------------------------------


def read(type_name: str, config: dict[str, Any] | None = None, region: str = "us-east-1") -> dict[str, Any] | None:
    return read_data_source(type_name, config or {}, region=region, account_id="123456789012")


def test_region_defaults_to_provider_region() -> None:
    assert read("aws_region", region="ap-northeast-2") == {
        "description": "Asia Pacific (Seoul)",
        "endpoint": "ec2.ap-northeast-2.amazonaws.com",
        "id": "ap-northeast-2",
        "name": "ap-northeast-2",
        "region": "ap-northeast-2",
    }


def test_region_by_name_and_endpoint() -> None:
    assert read("aws_region", {"region": "eu-west-1"})["description"] == "Europe (Ireland)"  # type: ignore[index]
    assert read("aws_region", {"endpoint": "ec2.us-west-2.amazonaws.com"})["name"] == "us-west-2"  # type: ignore[index]
    assert read("aws_region", {"name": "cn-north-1"})["endpoint"] == "ec2.cn-north-1.amazonaws.com.cn"  # type: ignore[index]


def test_region_errors() -> None:
    with pytest.raises(DataSourceError) as raised:
        read("aws_region", {"region": "xx-nowhere-1"})
    assert (raised.value.summary, raised.value.detail) == (
        "finding Region by name (xx-nowhere-1)",
        "couldn't find resource",
    )
    with pytest.raises(DataSourceError) as raised:
        read("aws_region", {"region": "us-east-1", "endpoint": "ec2.us-west-2.amazonaws.com"})
    assert raised.value.summary == "multiple Regions matched"


def test_partition_caller_identity_and_default_tags() -> None:
    assert read("aws_partition") == {
        "dns_suffix": "amazonaws.com",
        "id": "aws",
        "partition": "aws",
        "reverse_dns_prefix": "com.amazonaws",
    }
    assert read("aws_partition", region="cn-north-1")["reverse_dns_prefix"] == "cn.com.amazonaws"  # type: ignore[index]
    assert read("aws_caller_identity") == {
        "account_id": "123456789012",
        "arn": "arn:aws:iam::123456789012:user/DevAdmin",
        "id": "123456789012",
        "user_id": "AIDASAMPLEUSERID",
    }
    assert read("aws_default_tags") == {"id": "aws", "tags": {}}


def test_availability_zones() -> None:
    state = read("aws_availability_zones", {"exclude_names": ["us-east-1b"]})
    assert state is not None
    assert state["names"] == ["us-east-1a", "us-east-1c"]
    assert state["zone_ids"] == ["use1-az1", "use1-az3"]
    assert state["id"] == "us-east-1"
    assert state["group_names"] == ["us-east-1"]
    assert read("aws_availability_zones", {"state": "impaired"})["names"] == []  # type: ignore[index]
    filtered = read("aws_availability_zones", {"filter": [{"name": "zone-name", "values": ["*a"]}]})
    assert filtered["names"] == ["us-east-1a"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("region", "prefix"), [("us-east-1", "use1"), ("ap-northeast-2", "apne2"), ("eu-central-1", "euc1")]
)
def test_zone_id_prefix(region: str, prefix: str) -> None:
    assert zone_id_prefix(region) == prefix


def test_unknown_types_are_left_to_the_caller() -> None:
    assert read("aws_vpc") is None
