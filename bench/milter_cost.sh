#!/usr/bin/env bash
# What content filtering costs per message: messages/s accepted by smtp-ingress's MTA listener without a milter
# and, on a second listener of the same stack, with Debian's rspamd as milter (every message scanned).
# Self-contained: starts rspamd (milter mode) and its own local stack on ports 30000+, then stops both.
#   bash bench/milter_cost.sh                    # 10 sessions x 2000 messages of 4 KiB per listener
#   SESSIONS=20 MESSAGES=5000 SIZE=4096 bash bench/milter_cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${SESSIONS:-10}
MESSAGES=${MESSAGES:-2000}
SIZE=${SIZE:-4096}
OFFSET=30000
MILTER_PORT=$((OFFSET + 1332))
PLAIN=$((OFFSET + 25))
FILTERED=$((PLAIN + 100))
CP="local-stack/target/local-stack-0.1.0-SNAPSHOT.jar:local-stack/target/lib/*"
[ -f local-stack/target/local-stack-0.1.0-SNAPSHOT.jar ] || ./mvnw -B -q -DskipTests install
if ! command -v smtp-source >/dev/null; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postfix >/dev/null
fi
DATA=$(mktemp -d)
java -cp "$CP" com.mailplatform.testsupport.RspamdMilter "$MILTER_PORT" > "$DATA/rspamd.out" 2>&1 &
RSPAMD=$!
java -cp "$CP" com.mailplatform.localstack.LocalStack --project-dir . --data-dir "$DATA/stack" \
  --port-offset "$OFFSET" --milter "inet:127.0.0.1:$MILTER_PORT" > "$DATA/stack.out" 2>&1 &
STACK=$!
trap 'kill $STACK $RSPAMD 2>/dev/null; wait 2>/dev/null; rm -rf "$DATA"' EXIT
until grep -q "platform ready" "$DATA/stack.out"; do
  kill -0 $STACK 2>/dev/null || { cat "$DATA/stack.out"; exit 1; }
  sleep 1
done
run() { # port label
  smtp-source -d -s "$SESSIONS" -m 200 -l "$SIZE" -f bench@bench.test -t demo@example.test "127.0.0.1:$1" # warm-up
  local t0 t1
  t0=$(date +%s.%N)
  smtp-source -d -s "$SESSIONS" -m "$MESSAGES" -l "$SIZE" -f bench@bench.test -t demo@example.test "127.0.0.1:$1"
  t1=$(date +%s.%N)
  python3 -c "import sys; n=$MESSAGES; dt=$t1-$t0; print('%-28s %6.0f msg/s  (%d messages in %.1f s)' % ('$2', n/dt, n, dt))"
}
echo "smtp-source: $SESSIONS sessions, $MESSAGES messages of $SIZE bytes per listener"
run "$PLAIN" "no milter:"
run "$FILTERED" "rspamd milter:"
