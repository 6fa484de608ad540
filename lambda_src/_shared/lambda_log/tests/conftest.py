"""Puts lambda_src/_shared on sys.path, so tests `import lambda_log` as the zips that vendor it do."""

from __future__ import annotations

import sys
from pathlib import Path

SHARED_DIR = Path(__file__).resolve().parents[2]
if str(SHARED_DIR) not in sys.path:
    sys.path.insert(0, str(SHARED_DIR))
