#!/usr/bin/env python3
"""Waits until `dossier serve` on 127.0.0.1:PORT answers GET /healthz, for at
most SECONDS (default 20). Exit status 0 once it answers, 1 if it never did.

Usage: tools/wait-healthz.py PORT [SECONDS]
"""
import sys
import time
import urllib.request

port = sys.argv[1]
deadline = time.monotonic() + float(sys.argv[2] if len(sys.argv) > 2 else 20)
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
print(f"wait-healthz: nothing answered on 127.0.0.1:{port}", file=sys.stderr)
sys.exit(1)
