# Evaluates JMESPath cases with Python jmespath for diff_test.go.
# Input: one JSON object per line, {"expr": "...", "data": <json>}.
# Output: one JSON object per line, {"ok": true, "out": "<compact json>"}
# or {"ok": false, "out": "<str(exception)>"}.
import json
import sys
import warnings

import jmespath

warnings.simplefilter("ignore")
for line in sys.stdin:
    case = json.loads(line)
    try:
        result = jmespath.search(case["expr"], case["data"])
        out = {"ok": True, "out": json.dumps(result, separators=(",", ":"), default=str)}
    except Exception as e:
        out = {"ok": False, "out": str(e)}
    print(json.dumps(out), flush=True)
