"""Amazon API Gateway prices used by the cost model, as data.

Source: https://aws.amazon.com/api-gateway/pricing/ (US East (N. Virginia)), and the data transfer
section of https://aws.amazon.com/ec2/pricing/on-demand/ for data transferred out to the internet.
Checked 2026-11-24. Prices are USD; request prices are per million. Update the date when you
update a number.
"""

from __future__ import annotations

CHECKED = "2026-11-24"
REGION = "us-east-1"

# (tier size in millions of requests or None for "the rest", price per million)
HTTP_API_REQUESTS = [(300, 1.00), (None, 0.90)]
REST_API_REQUESTS = [(333, 3.50), (667, 2.80), (19_000, 2.38), (None, 1.51)]
WEBSOCKET_MESSAGES = [(1_000, 1.00), (None, 0.80)]
WEBSOCKET_CONNECTION_MINUTES_PER_MILLION = 0.25

# HTTP API requests are metered in 512 KB increments; WebSocket messages in 32 KB increments.
HTTP_API_METERING_KB = 512
WEBSOCKET_METERING_KB = 32

# REST API cache, price per hour by cache size in GB.
REST_CACHE_PER_HOUR = {
    0.5: 0.020,
    1.6: 0.038,
    6.1: 0.200,
    13.5: 0.250,
    28.4: 0.500,
    58.2: 1.000,
    118: 1.900,
    237: 3.800,
}
HOURS_PER_MONTH = 730

# Data transfer out to the internet: (tier size in GB or None, price per GB). The first 100 GB
# a month are free per account across services; the model leaves that to `free_egress_gb`.
EGRESS_PER_GB = [(10_240, 0.09), (40_960, 0.085), (102_400, 0.07), (None, 0.05)]
