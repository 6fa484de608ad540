"""SNS: ``internal/service/sns/``.

Re-read for issue 17b: ``topic.go`` (schema and ``resourceTopicCustomizeDiff``), ``topic_subscription.go``
and ``consts.go`` (the protocol, filter policy scope and tracing config values)."""

from __future__ import annotations

from apigwkit.provider_double.checks import ARN, InSlice, IntBetween, IsJSON
from apigwkit.provider_double.rules.kinds import ConflictsWith, Default, PlanCheck, Type, Value

_DIR = "internal/service/sns/"
_FEEDBACK = ("application", "firehose", "http", "lambda", "sqs")

RESOURCES: dict[str, Type] = {
    "aws_sns_topic": Type(
        _DIR + "topic.go",
        (
            *(
                row
                for kind in _FEEDBACK
                for row in (
                    Value(f"{kind}_failure_feedback_role_arn", ARN()),
                    Value(f"{kind}_success_feedback_role_arn", ARN()),
                    Value(f"{kind}_success_feedback_sample_rate", IntBetween(0, 100)),
                )
            ),
            Value("archive_policy", IsJSON()),
            Default("content_based_deduplication", False),
            Value("delivery_policy", IsJSON()),
            Default("fifo_topic", False),
            ConflictsWith("name", ("name_prefix",)),
            ConflictsWith("name_prefix", ("name",)),
            Value("policy", IsJSON()),
            Value("signature_version", IntBetween(1, 2)),
            Value("tracing_config", InSlice(("Active", "PassThrough"))),  # topicTracingConfig_Values()
            # resourceTopicCustomizeDiff, in its order: the name (on create), then the FIFO-only settings.
            PlanCheck("", check="sns_topic_name", message="invalid topic name: {name}"),
            PlanCheck(
                "",
                check="sns_archive_policy_needs_fifo",
                message="message archive policy can only be set for FIFO topics",
            ),
            PlanCheck(
                "",
                check="sns_content_based_deduplication_needs_fifo",
                message="content-based deduplication can only be set for FIFO topics",
            ),
        ),
        floats=(),
    ),
    "aws_sns_topic_subscription": Type(
        _DIR + "topic_subscription.go",
        (
            Default("confirmation_timeout_in_minutes", 1),
            Value("delivery_policy", IsJSON()),
            Default("endpoint_auto_confirms", False),
            Value("filter_policy", IsJSON()),
            Value("filter_policy_scope", InSlice(("MessageAttributes", "MessageBody"))),
            Value(
                "protocol",
                InSlice(("application", "email", "email-json", "firehose", "http", "https", "lambda", "sms", "sqs")),
            ),
            Default("raw_message_delivery", False),
            Value("redrive_policy", IsJSON()),
            Value("replay_policy", IsJSON()),
            Value("subscription_role_arn", ARN()),
            Value("topic_arn", ARN()),
        ),
        floats=(),
    ),
}
