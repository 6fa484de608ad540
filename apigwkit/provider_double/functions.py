"""The provider functions of hashicorp/aws 6.69.1 (``provider::aws::NAME(...)``), served through the
plugin protocol's ``GetProviderSchema``/``GetFunctions`` (their signatures) and ``CallFunction``.

Source: ``internal/function/*.go`` of hashicorp/terraform-provider-aws, registered in
``internal/provider/framework/provider.go`` ``Functions()``: ``arn_build``, ``arn_parse``,
``trim_iam_role_path``, ``user_agent``. (``iam_statements_distribute.go`` also sits in that directory
but no release's ``Functions()`` registers it, so the double does not offer it either.)

Every parameter is a framework ``StringParameter`` (null and unknown arguments not allowed), so
Terraform itself refuses a null argument and does not call the function with an unknown one. ARNs are
split by aws-sdk-go-v2's ``arn.Parse`` (prefix ``arn:``, then six ``:``-separated sections, the last
keeping any further colons) and joined by ``ARN.String``; its errors are the function's errors.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tf.gen import tfplugin_pb2 as pb

from apigwkit.provider_double import codec


@dataclass(frozen=True)
class Function:
    summary: str
    description: str  # the framework's MarkdownDescription
    parameters: tuple[tuple[str, str], ...]  # (name, MarkdownDescription), all strings
    returns: Any  # a JSON type expression
    run: Callable[..., Any]


class FunctionError(Exception):
    """``function.NewFuncError(text)``."""


def _arn_parse(text: str) -> tuple[str, str, str, str, str]:
    """aws-sdk-go-v2 ``arn.Parse``."""
    if not text.startswith("arn:"):
        raise FunctionError("arn: invalid prefix")
    sections = text.split(":", 5)
    if len(sections) != 6:
        raise FunctionError("arn: not enough sections")
    return sections[1], sections[2], sections[3], sections[4], sections[5]


def _arn_string(partition: str, service: str, region: str, account_id: str, resource: str) -> str:
    """aws-sdk-go-v2 ``ARN.String``."""
    return f"arn:{partition}:{service}:{region}:{account_id}:{resource}"


def arn_parse(arn: str) -> dict[str, str]:
    partition, service, region, account_id, resource = _arn_parse(arn)
    return {
        "partition": partition,
        "service": service,
        "region": region,
        "account_id": account_id,
        "resource": resource,
    }


def arn_build(partition: str, service: str, region: str, account_id: str, resource: str) -> str:
    return _arn_string(partition, service, region, account_id, resource)


def trim_iam_role_path(arn: str) -> str:
    partition, service, region, account_id, resource = _arn_parse(arn)
    if service != "iam":
        raise FunctionError('service must be "iam"')
    if region != "":
        raise FunctionError("region must be empty")
    if not resource.startswith("role/"):
        raise FunctionError('resource must begin with "role/"')
    return _arn_string(partition, service, region, account_id, "role/" + resource.split("/")[-1])


def user_agent(product_name: str, product_version: str, comment: str) -> str:
    if product_name == "":
        raise FunctionError("product_name must be set")
    text = product_name
    if product_version:
        text += "/" + product_version
    if comment:
        text += " (" + comment + ")"
    return text


_ARN_PARTS = ["object", {name: "string" for name in ("account_id", "partition", "region", "resource", "service")}]

FUNCTIONS: dict[str, Function] = {
    "arn_build": Function(
        "arn_build Function",
        "Builds an ARN from its constituent parts",
        (
            ("partition", "Partition in which the resource is located"),
            ("service", "Service namespace"),
            ("region", "Region code"),
            ("account_id", "AWS account identifier"),
            ("resource", "Resource section, typically composed of a resource type and identifier"),
        ),
        "string",
        arn_build,
    ),
    "arn_parse": Function(
        "arn_parse Function",
        "Parses an ARN into its constituent parts",
        (("arn", "ARN (Amazon Resource Name) to parse"),),
        _ARN_PARTS,
        arn_parse,
    ),
    "trim_iam_role_path": Function(
        "trim_iam_role_path Function",
        "Trims the path prefix from an IAM role Amazon Resource Name (ARN). This function can be used when "
        "services require role ARNs to be passed without a path.",
        (("arn", "IAM role Amazon Resource Name (ARN)"),),
        "string",
        trim_iam_role_path,
    ),
    "user_agent": Function(
        "user_agent Function",
        "Formats a User-Agent product for use with the user_agent argument in the provider or provider_meta block.",
        (
            ("product_name", "Product name."),
            ("product_version", "Product version."),
            ("comment", "Comment describing any additional product details."),
        ),
        "string",
        user_agent,
    ),
}


def _type_bytes(type_: Any) -> bytes:
    return json.dumps(type_, separators=(",", ":")).encode()


def schema_functions() -> dict[str, pb.Function]:
    """The ``functions`` of ``GetProviderSchema`` (and ``GetFunctions``)."""
    out: dict[str, pb.Function] = {}
    for name, function in FUNCTIONS.items():
        out[name] = pb.Function(
            parameters=[
                pb.Function.Parameter(
                    name=param,
                    type=_type_bytes("string"),
                    description=description,
                    description_kind=pb.StringKind.MARKDOWN,
                )
                for param, description in function.parameters
            ],
            summary=function.summary,
            description=function.description,
            description_kind=pb.StringKind.MARKDOWN,
            **{"return": pb.Function.Return(type=_type_bytes(function.returns))},
        )
    return out


def get_functions() -> pb.GetFunctions.Response:
    response = pb.GetFunctions.Response()
    for name, function in schema_functions().items():
        response.functions[name].CopyFrom(function)
    return response


def call(req: pb.CallFunction.Request) -> pb.CallFunction.Response:
    """``CallFunction``: the result, or the function's error text (never an exception)."""
    function = FUNCTIONS.get(req.name)
    if function is None:
        return pb.CallFunction.Response(error=pb.FunctionError(text=f"No function named {req.name!r} was found"))
    try:
        arguments = [codec.decode_msgpack(argument.msgpack, "string") for argument in req.arguments]
        result = function.run(*arguments)
    except FunctionError as err:
        return pb.CallFunction.Response(error=pb.FunctionError(text=str(err)))
    except Exception as err:  # noqa: BLE001 - a function call answers with an error, never a dropped call
        return pb.CallFunction.Response(
            error=pb.FunctionError(text=f"provider double failed: {type(err).__name__}: {err}")
        )
    return pb.CallFunction.Response(result=pb.DynamicValue(msgpack=codec.encode_msgpack(result, function.returns)))
