# API Gateway's account settings for one region: the CloudWatch Logs role that REST and WebSocket
# APIs log through. There is one such setting per account and region, shared by every REST and
# WebSocket API there, so this module belongs in exactly one configuration per region, applied
# before the APIs that log (pass its cloudwatch_role_arn output to modules/rest_api and
# modules/websocket_api). HTTP APIs log without it.
#
# hashicorp/aws 6.x resets the account setting when aws_api_gateway_account is destroyed (the
# version 6 upgrade guide: reset_on_delete was removed): destroying this module stops every REST and
# WebSocket API of the region from logging. To stop managing the setting without resetting it, remove
# the module call with a `removed` block whose lifecycle says destroy = false (see the README).

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "assume" {
  statement {
    sid     = "ApiGatewayOfThisAccount"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["apigateway.amazonaws.com"]
    }
    # only API Gateway acting for this account (the confused-deputy guard AWS recommends)
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "cloudwatch" {
  name                 = var.role_name
  path                 = var.role_path
  description          = "API Gateway's account-level role for writing REST and WebSocket API logs to CloudWatch Logs"
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

# AWS's managed policy for exactly this role: create log groups and streams, put events, describe.
resource "aws_iam_role_policy_attachment" "cloudwatch" {
  role       = aws_iam_role.cloudwatch.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
}

resource "aws_api_gateway_account" "this" {
  cloudwatch_role_arn = aws_iam_role.cloudwatch.arn

  # UpdateAccount checks that API Gateway may use the role, so the policy is attached first
  depends_on = [aws_iam_role_policy_attachment.cloudwatch]
}
