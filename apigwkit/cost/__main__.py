"""`make cost`: compare HTTP, REST and WebSocket APIs for a traffic profile.

python -m apigwkit.cost --requests 400000000 --response-kb 10 --cache-gb 0.5
"""

from __future__ import annotations

import argparse

from apigwkit.cost import prices
from apigwkit.cost.model import Profile, estimate, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="apigwkit.cost", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=float, default=10_000_000, help="requests per month (default 10M)")
    parser.add_argument("--request-kb", type=float, default=1.0, help="average request size, KB (metering)")
    parser.add_argument("--response-kb", type=float, default=4.0, help="average response size, KB (egress)")
    parser.add_argument("--cache-gb", type=float, default=None, help="REST stage cache size, GB (default: none)")
    parser.add_argument("--connection-minutes", type=float, default=0.0, help="WebSocket connection minutes per month")
    parser.add_argument(
        "--messages", type=float, default=None, help="WebSocket messages per month (default: --requests)"
    )
    parser.add_argument("--free-egress-gb", type=float, default=0.0, help="egress already covered by the free tier")
    a = parser.parse_args(argv)
    profile = Profile(
        a.requests, a.request_kb, a.response_kb, a.cache_gb, a.connection_minutes, a.messages, a.free_egress_gb
    )
    print(f"Monthly cost, {prices.REGION} prices checked {prices.CHECKED} (see apigwkit/cost/prices.py):\n")
    print(table(estimate(profile)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
