# A peer for the runner's own test: prints noise, then its arguments and one environment variable as JSON.
import json, os, sys
print("a line that is not JSON")
if len(sys.argv) > 1 and sys.argv[1] == "fail":
    sys.exit(4)
print(json.dumps({"args": sys.argv[1:], "env": os.environ.get("PEER_TEST", ""), "seconds": 0.25}))
