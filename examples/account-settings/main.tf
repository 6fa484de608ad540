# API Gateway's account settings for one region, applied once per account and region before any REST or
# WebSocket API there logs: the CloudWatch Logs role those APIs write access and execution logs with.
# Pass the cloudwatch_role_arn output to the other examples (-var cloudwatch_role_arn=...).
#
# Destroying this example resets the region's setting (hashicorp/aws 6.x), which stops every REST and
# WebSocket API of the region from logging: the README says how to stop managing it without a reset.

module "account_settings" {
  source = "../../modules/account_settings"

  role_name = var.role_name
}
