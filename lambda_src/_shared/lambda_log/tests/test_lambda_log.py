"""The functions' log: each invocation's fields on its records only."""

from __future__ import annotations

from lambda_log import FunctionLog

from apigwkit.testing.lambda_logs import captured_logs, log_records


def test_an_invocations_fields_are_on_its_records_and_not_on_the_next_ones() -> None:
    log = FunctionLog("lambda-log-test")
    with captured_logs() as output:
        log.start({"requestContext": {"requestId": "req-1"}})
        log.fields.update(route_key="$connect")
        log.logger.info("first", extra={"route_key": "given"})  # a record's own extra wins
        log.logger.info("second")
        log.start(["not", "an", "event"])
        log.logger.info("third")
    first, second, third = log_records(output)
    assert (first["correlation_id"], first["route_key"], first["logger"]) == ("req-1", "given", "lambda-log-test")
    assert (second["correlation_id"], second["route_key"]) == ("req-1", "$connect")
    assert "correlation_id" not in third and "route_key" not in third
