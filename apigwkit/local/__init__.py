"""The local gateway: an example applied offline, served on 127.0.0.1 with its real Lambdas and moto."""
