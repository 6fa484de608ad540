"""CodeDeploy's Lambda deployments, acting on the account model: the client the deploy step drives offline.

A Lambda deployment moves an alias from the version it serves (``CurrentVersion``) to a new one (``TargetVersion``)
by the deployment group's configuration
(https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html#deployment-configuration-lambda):

- canary: ``percentage`` of invocations go to the new version for ``interval`` minutes, then all of them;
- linear: ``percentage`` more every ``interval`` minutes until all;
- all at once: every invocation at once.

Traffic is shifted by the alias's routing configuration (``additional_version_weights``), which Lambda honours per
invocation (the local gateway does too, ``apigwkit/local/aliases.py``). While traffic shifts, an alarm of the group
in ALARM stops the deployment; with the group's automatic rollback the alias goes back to the version it served, its
weights cleared. ``stop_deployment`` does the same on request (the deploy step stops a deployment whose smoke test
failed). Only what the deploy step uses is modelled (``create_deployment``, ``get_deployment``, ``stop_deployment``,
boto3's request and response shapes), against the account's ``aws_codedeploy_*`` and ``aws_lambda_alias`` objects,
with an injected clock: moto has no CodeDeploy. No lifecycle hooks are run (the deploy step smoke-tests instead), and a
rollback is reported on the stopped deployment (``rollbackInfo``) rather than as a second deployment.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from apigwkit.provider_double.account.model import Account

_PREDEFINED = re.compile(
    r"^CodeDeployDefault\.Lambda(?:(?P<all>AllAtOnce)|Canary(?P<cp>\d+)Percent(?P<ci>\d+)Minutes?"
    r"|Linear(?P<lp>\d+)PercentEvery(?P<li>\d+)Minutes?)$"
)
FINAL = ("Succeeded", "Failed", "Stopped")


class CodeDeployError(Exception):
    """An error CodeDeploy answers (``code``: its exception name), as botocore's ClientError carries it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.response = {"Error": {"Code": code, "Message": message}}


@dataclass(frozen=True)
class TrafficRouting:
    """A deployment configuration's shape: type, percentage and interval (minutes)."""

    type: str  # TimeBasedCanary | TimeBasedLinear | AllAtOnce
    percentage: int = 100
    interval: int = 0

    def share(self, minutes: float) -> float:
        """The new version's share of invocations ``minutes`` after the deployment started (1.0: done)."""
        if self.type == "AllAtOnce":
            return 1.0
        steps = int(minutes // self.interval)
        if self.type == "TimeBasedCanary":
            return 1.0 if steps >= 1 else self.percentage / 100
        return min(1.0, self.percentage * (steps + 1) / 100)


@dataclass
class _Deployment:
    id: str
    application: str
    group: dict[str, Any]
    region: str
    function: str
    alias: str
    current: str
    target: str
    routing: TrafficRouting
    started: float
    status: str = "InProgress"
    completed: float | None = None
    error: dict[str, str] | None = None
    rollback: dict[str, str] | None = None
    weights: dict[str, float] = field(default_factory=dict)


class CodeDeploy:
    """A CodeDeploy client for Lambda deployments on ``account`` in ``region``.

    ``clock()`` gives seconds (tests advance it); ``alarm_state(name)`` gives a CloudWatch alarm's state
    (``OK``, ``ALARM`` or ``INSUFFICIENT_DATA``), which CodeDeploy polls while traffic shifts.
    """

    def __init__(
        self,
        account: Account,
        region: str,
        *,
        clock: Callable[[], float],
        alarm_state: Callable[[str], str],
    ) -> None:
        self.account, self.region, self.clock, self.alarm_state = account, region, clock, alarm_state
        self._deployments: dict[str, _Deployment] = {}

    # ------------------------------------------------------------------ the API

    def create_deployment(
        self, *, applicationName: str, deploymentGroupName: str, revision: Mapping[str, Any], **_: Any
    ) -> dict[str, str]:
        group = self._one(
            "aws_codedeploy_deployment_group", app_name=applicationName, deployment_group_name=deploymentGroupName
        )
        if group is None:
            raise CodeDeployError(
                "DeploymentGroupDoesNotExistException",
                f"No Deployment Group found for name: {deploymentGroupName}",
            )
        function, alias, current, target = self._appspec(revision)
        live = self._alias(function, alias)
        if live is None:
            raise CodeDeployError("InvalidLambdaFunctionException", f"Alias {alias} of function {function} not found")
        for version in (current, target):
            if self.account.published_version(self.region, function, version) is None:
                raise CodeDeployError(
                    "InvalidLambdaFunctionException", f"Version {version} of function {function} not found"
                )
        if str(live.get("function_version")) != current:
            raise CodeDeployError(
                "InvalidLambdaFunctionException",
                f"The alias {alias} points to version {live.get('function_version')}, not to the CurrentVersion "
                f"{current} of the AppSpec",
            )
        digest = hashlib.sha256(f"{applicationName}/{deploymentGroupName}/{len(self._deployments)}".encode())
        deployment = _Deployment(
            id="d-" + digest.hexdigest()[:9].upper(),
            application=applicationName,
            group=group,
            region=self.region,
            function=function,
            alias=alias,
            current=current,
            target=target,
            # a Lambda group without a configuration shifts all at once
            routing=self._routing(str(group.get("deployment_config_name") or "CodeDeployDefault.LambdaAllAtOnce")),
            started=self.clock(),
        )
        self._deployments[deployment.id] = deployment
        self._shift(deployment)
        return {"deploymentId": deployment.id}

    def get_deployment(self, *, deploymentId: str) -> dict[str, Any]:
        deployment = self._deployment(deploymentId)
        if deployment.status == "InProgress":
            self._advance(deployment)
        info: dict[str, Any] = {
            "deploymentId": deployment.id,
            "applicationName": deployment.application,
            "deploymentGroupName": deployment.group["deployment_group_name"],
            "deploymentConfigName": deployment.group.get("deployment_config_name"),
            "status": deployment.status,
            "computePlatform": "Lambda",
            "createTime": deployment.started,
        }
        if deployment.completed is not None:
            info["completeTime"] = deployment.completed
        if deployment.error:
            info["errorInformation"] = dict(deployment.error)
        if deployment.rollback:
            info["rollbackInfo"] = dict(deployment.rollback)
        return {"deploymentInfo": info}

    def stop_deployment(self, *, deploymentId: str, autoRollbackEnabled: bool | None = None) -> dict[str, str]:
        deployment = self._deployment(deploymentId)
        if deployment.status != "InProgress":
            raise CodeDeployError(
                "DeploymentAlreadyCompletedException", f"Deployment {deploymentId} has already completed"
            )
        roll_back = (
            autoRollbackEnabled
            if autoRollbackEnabled is not None
            else self._rolls_back_on("STOP_ON_REQUEST", deployment.group)
        )
        self._stop(deployment, "MANUAL_STOP", "The deployment was stopped by request.", roll_back)
        return {"status": "Succeeded", "statusMessage": f"Deployment {deploymentId} stopped"}

    # ------------------------------------------------------------------ the state machine

    def _advance(self, deployment: _Deployment) -> None:
        alarms = self._alarms(deployment.group)
        active = [name for name in alarms if self.alarm_state(name) == "ALARM"]
        if active:
            message = (
                "One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, "
                f"and the affected deployments have been stopped. Activated alarms: <{', '.join(active)}>"
            )
            self._stop(deployment, "ALARM_ACTIVE", message, self._rolls_back_on("STOP_ON_ALARM", deployment.group))
            return
        self._shift(deployment)

    def _shift(self, deployment: _Deployment) -> None:
        share = deployment.routing.share((self.clock() - deployment.started) / 60)
        if share >= 1.0:
            self._point(deployment, deployment.target, {})
            deployment.status, deployment.completed = "Succeeded", self.clock()
        else:
            self._point(deployment, deployment.current, {deployment.target: round(share, 2)})

    def _stop(self, deployment: _Deployment, code: str, message: str, roll_back: bool) -> None:
        deployment.status, deployment.completed = "Stopped", self.clock()
        deployment.error = {"code": code, "message": message}
        if roll_back:
            self._point(deployment, deployment.current, {})
            deployment.rollback = {
                "rollbackMessage": f"Automatic rollback: version {deployment.current} serves every invocation of "
                f"{deployment.function}:{deployment.alias} again"
            }

    def _point(self, deployment: _Deployment, version: str, weights: dict[str, float]) -> None:
        """UpdateAlias: the version the alias serves and the weights of the others (the account's object changes, as
        CodeDeploy changes the alias outside Terraform; a refresh reads it)."""
        alias = self._alias(deployment.function, deployment.alias)
        assert alias is not None
        routing = [{"additional_version_weights": weights}] if weights else []
        self.account.seed("aws_lambda_alias", {**alias, "function_version": version, "routing_config": routing})
        deployment.weights = dict(weights)

    # ------------------------------------------------------------------ lookups

    @staticmethod
    def _rolls_back_on(event: str, group: Mapping[str, Any]) -> bool:
        rollback = (group.get("auto_rollback_configuration") or [{}])[0] or {}
        return bool(rollback.get("enabled")) and f"DEPLOYMENT_{event}" in (rollback.get("events") or [])

    @staticmethod
    def _alarms(group: Mapping[str, Any]) -> list[str]:
        config = (group.get("alarm_configuration") or [{}])[0] or {}
        return sorted(config.get("alarms") or []) if config.get("enabled") else []

    def _routing(self, name: str) -> TrafficRouting:
        found = _PREDEFINED.match(name)
        if found and found["all"]:
            return TrafficRouting("AllAtOnce")
        if found and found["cp"]:
            return TrafficRouting("TimeBasedCanary", int(found["cp"]), int(found["ci"]))
        if found and found["lp"]:
            return TrafficRouting("TimeBasedLinear", int(found["lp"]), int(found["li"]))
        config = self._one("aws_codedeploy_deployment_config", deployment_config_name=name)
        if config is None:
            raise CodeDeployError("DeploymentConfigDoesNotExistException", f"No deployment configuration: {name}")
        routing = (config.get("traffic_routing_config") or [{}])[0] or {}
        kind = routing.get("type") or "AllAtOnce"
        block = (routing.get("time_based_canary" if kind == "TimeBasedCanary" else "time_based_linear") or [{}])[0]
        return TrafficRouting(kind, int(block.get("percentage") or 100), int(block.get("interval") or 0))

    @staticmethod
    def _appspec(revision: Mapping[str, Any]) -> tuple[str, str, str, str]:
        """The one Lambda resource of an AppSpec (JSON; YAML AppSpecs are not read here)."""
        content = json.loads(revision["appSpecContent"]["content"])
        ((_, resource),) = content["Resources"][0].items()
        props = resource["Properties"]
        return props["Name"], props["Alias"], str(props["CurrentVersion"]), str(props["TargetVersion"])

    def _alias(self, function: str, alias: str) -> dict[str, Any] | None:
        for found in self.account.objects("aws_lambda_alias"):
            name = str(found.get("function_name") or "")
            if found.get("name") == alias and name.split(":")[-1] == function and found.get("region") == self.region:
                return found
        return None

    def _one(self, type_name: str, **match: Any) -> dict[str, Any] | None:
        for found in self.account.objects(type_name):
            if found.get("region") == self.region and all(found.get(k) == v for k, v in match.items()):
                return found
        return None

    def _deployment(self, deployment_id: str) -> _Deployment:
        if deployment_id not in self._deployments:
            raise CodeDeployError("DeploymentDoesNotExistException", f"Deployment {deployment_id} does not exist")
        return self._deployments[deployment_id]
