#!/usr/bin/env bash
# What content checks cost per message: messages/s accepted by smtp-ingress's MTA listener with nothing
# checked, with the in-process SPF/DKIM/DMARC checks (the default), and with those plus Debian's rspamd as milter
# (every message scanned): three listeners of one stack. The checks ask a local dnsmasq, as a production MTA host
# has a caching resolver (unbound, systemd-resolved, dnsmasq); it answers for the bench's sender domain itself
# (SPF "ip4:127.0.0.1 -all" passes, DMARC p=none), so the numbers are the checks' work with warm DNS, not the
# upstream resolver's latency or loss.
# Self-contained: starts dnsmasq, rspamd (milter mode) and its own local stack on ports 30000+, then stops them.
#   bash bench/milter_cost.sh                    # 10 sessions x 2000 messages of 4 KiB per listener
#   SESSIONS=20 MESSAGES=5000 SIZE=4096 bash bench/milter_cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${SESSIONS:-10}
MESSAGES=${MESSAGES:-2000}
SIZE=${SIZE:-4096}
OFFSET=30000
MILTER_PORT=$((OFFSET + 1332))
DNS_PORT=$((OFFSET + 53))
FILTERED=$((OFFSET + 25 + 100))
UNCHECKED=$((OFFSET + 25 + 200))
CHECKED=$((OFFSET + 25 + 300))
OFF="smtpd.checks.spf=false,smtpd.checks.dkim=false,smtpd.checks.dmarc=false"
DNS="smtpd.checks.resolvers[0]=127.0.0.1:$DNS_PORT"
CP="local-stack/target/local-stack-0.1.0-SNAPSHOT.jar:local-stack/target/lib/*"
[ -f local-stack/target/local-stack-0.1.0-SNAPSHOT.jar ] || ./mvnw -B -q -DskipTests install
if ! command -v smtp-source >/dev/null; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postfix >/dev/null
fi
DATA=$(mktemp -d)
command -v dnsmasq >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dnsmasq-base >/dev/null
UPSTREAM=$(awk '/^nameserver/ {print $2; exit}' /etc/resolv.conf)
dnsmasq --keep-in-foreground --no-resolv --no-hosts --server="$UPSTREAM" --port="$DNS_PORT" \
  --listen-address=127.0.0.1 --bind-interfaces --user=root --pid-file --cache-size=10000 --local=/bench.test/ \
  --txt-record=bench.test,"v=spf1 ip4:127.0.0.1 -all" --txt-record=_dmarc.bench.test,"v=DMARC1; p=none" &
DNSMASQ=$!
java -cp "$CP" com.mailplatform.testsupport.RspamdMilter "$MILTER_PORT" > "$DATA/rspamd.out" 2>&1 &
RSPAMD=$!
java -cp "$CP" com.mailplatform.localstack.LocalStack --project-dir . --data-dir "$DATA/stack" \
  --port-offset "$OFFSET" --smtpd-replica 100 "smtpd.milters[0]=inet:127.0.0.1:$MILTER_PORT,$DNS" \
  --smtpd-replica 200 "$OFF" --smtpd-replica 300 "$DNS" > "$DATA/stack.out" 2>&1 &
STACK=$!
trap 'kill $STACK $RSPAMD $DNSMASQ 2>/dev/null; wait 2>/dev/null; rm -rf "$DATA"' EXIT
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
run "$UNCHECKED" "nothing checked:"
run "$CHECKED" "SPF+DKIM+DMARC:"
run "$FILTERED" "checks + rspamd milter:"
