"""SNS: ``internal/service/sns/``.

Not re-read from the source index for this table: the rows are the provider's well-known defaults and
rules, kept to what is certain; the closing note of issue 17 lists them as unverified."""

from __future__ import annotations

from apigwkit.provider_double.rules.kinds import ConflictsWith, Default, PlanCheck, Type

_DIR = "internal/service/sns/"

RESOURCES: dict[str, Type] = {
    "aws_sns_topic": Type(
        _DIR + "topic.go",
        (
            Default("content_based_deduplication", False),
            Default("fifo_topic", False),
            ConflictsWith("name", ("name_prefix",)),
            ConflictsWith("name_prefix", ("name",)),
            PlanCheck("", check="sns_topic_name", message="invalid topic name: {name}"),
            PlanCheck(
                "",
                check="sns_content_based_deduplication_needs_fifo",
                message="content-based deduplication can only be set for FIFO topics",
            ),
        ),
    ),
    "aws_sns_topic_subscription": Type(
        _DIR + "topic_subscription.go",
        (
            Default("confirmation_timeout_in_minutes", 1),
            Default("endpoint_auto_confirms", False),
            Default("raw_message_delivery", False),
        ),
    ),
}
