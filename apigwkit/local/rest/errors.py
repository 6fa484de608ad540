"""``GatewayError``: the gateway answers itself, with one of its gateway responses, instead of the integration."""

from __future__ import annotations

INTERNAL_ERROR = "Internal server error"
DEFAULT_GATEWAY_TEMPLATE = '{"message":$context.error.messageString}'
# What AWS answers when a Lambda authorizer's policy refuses the method: note the capital M.
POLICY_DENIED_TEMPLATE = '{"Message":$context.error.messageString}'


class GatewayError(Exception):
    """The gateway answers itself (a gateway response of ``response_type``) instead of the integration.

    ``detail`` says why, for whoever runs the gateway (it is logged, never sent); ``validation`` is
    ``$context.error.validationErrorString``; ``logged``: the step wrote the execution log's line for it already.
    """

    def __init__(
        self,
        response_type: str,
        message: str | None,
        *,
        status: int | None = None,
        detail: str | None = None,
        validation: str | None = None,
        template: str = DEFAULT_GATEWAY_TEMPLATE,
        logged: bool = False,
    ) -> None:
        super().__init__(detail or message or response_type)
        self.response_type, self.message, self.status = response_type, message, status
        self.detail, self.validation, self.template = detail, validation, template
        self.logged = logged  # the step that raised it wrote its own execution-log line
