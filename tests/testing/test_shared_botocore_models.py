"""The test processes' botocore loaders share what they parsed (apigwkit.testing.shared_botocore_models)."""

from __future__ import annotations

import boto3
from botocore import loaders


def test_a_second_session_reads_no_model_file_the_first_has_read(monkeypatch):
    boto3.session.Session(region_name="eu-west-1").client("sqs", aws_access_key_id="x", aws_secret_access_key="y")
    read: list[str] = []
    load_file = loaders.JSONFileLoader.load_file

    def counted(self, path):
        read.append(path)
        return load_file(self, path)

    monkeypatch.setattr(loaders.JSONFileLoader, "load_file", counted)

    client = boto3.session.Session(region_name="eu-west-1").client(
        "sqs", aws_access_key_id="x", aws_secret_access_key="y"
    )

    assert read == []
    assert client.meta.service_model.service_name == "sqs"  # the model the first session parsed


def test_loaders_with_other_search_paths_keep_their_own_answers(tmp_path):
    (tmp_path / "_retry.json").write_text('{"retry": {"__default__": {"max_attempts": 7}}}')
    default = loaders.create_loader()
    extended = loaders.Loader(extra_search_paths=[str(tmp_path)])

    assert extended.load_data("_retry")["retry"]["__default__"]["max_attempts"] == 7
    assert default.load_data("_retry")["retry"]["__default__"]["max_attempts"] != 7
