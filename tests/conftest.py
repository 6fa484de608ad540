pytest_plugins = ["apigwkit.testing.fixtures"]
