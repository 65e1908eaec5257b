#!/usr/bin/env bash
# Import rate: a MESSAGES-message mbox (default 10,000) into a fresh account, mailctl -> admin-api -> mailbox-store.
#   bash bench/import_mbox.sh                          # one command: builds if needed, starts its own local stack
#   MESSAGES=10000 SIZE=4096 OFFSET=1600 BATCH=200 bash bench/import_mbox.sh
# Starts a local stack at port offset OFFSET (default 1600) in a temporary directory, writes the mbox with Python's
# mailbox module, imports it with mailctl (its own JVM), imports it again (nothing may be added), and prints
# messages/s with the peak RSS of mailctl (from /usr/bin/time) and of each service process (VmHWM) after the run.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${MESSAGES:-10000}
SIZE=${SIZE:-4096}
OFFSET=${OFFSET:-1600}
BATCH=${BATCH:-200}
if [ ! -f local-stack/target/local-stack-0.1.0-SNAPSHOT.jar ] || [ ! -f mailctl/target/mailctl-0.1.0-SNAPSHOT.jar ]; then
  flock /tmp/mvn.lock ./mvnw -B -o -q package -DskipTests
fi
WORK=$(mktemp -d /tmp/bench-import.XXXXXX)
java -cp 'local-stack/target/local-stack-0.1.0-SNAPSHOT.jar:local-stack/target/lib/*' com.mailplatform.localstack.LocalStack \
  --project-dir . --data-dir "$WORK/stack" --port-offset "$OFFSET" >"$WORK/stack.log" 2>&1 &
STACK=$!
trap 'kill $STACK 2>/dev/null; wait $STACK 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 600); do
  grep -q "platform ready" "$WORK/stack.log" && break
  kill -0 $STACK 2>/dev/null || { cat "$WORK/stack.log"; exit 1; }
  sleep 1
done
grep -q "platform ready" "$WORK/stack.log" || { echo "stack did not start"; tail -50 "$WORK/stack.log"; exit 1; }

python3 - "$WORK/bench.mbox" "$MESSAGES" "$SIZE" <<'PY'
import mailbox, sys, time
path, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
box = mailbox.mbox(path)
box.lock()
line = "the quick brown fox jumps over the lazy dog 0123456789\n"
body = (line * (size // len(line) + 1))[:size]
for i in range(n):
    m = mailbox.mboxMessage("From: bench@bench.test\nTo: bench@example.test\nSubject: bench %d\nMessage-ID: <%d@bench.test>\n\n%s" % (i, i, body))
    m.set_from("bench@bench.test", time.gmtime(1_700_000_000 + i))
    m.set_flags("RO" if i % 2 else "O")
    box.add(m)
box.flush()
box.unlock()
PY
MAILCTL=(java -jar mailctl/target/mailctl-0.1.0-SNAPSHOT.jar --url "http://127.0.0.1:$((OFFSET + 8080))" --token-file "$WORK/stack/admin-token")
"${MAILCTL[@]}" domain create bench.example.test >/dev/null 2>&1 || true
"${MAILCTL[@]}" account create bench@bench.example.test --password bench-password-1 >/dev/null
echo "mbox: $MESSAGES messages of about $SIZE bytes, $(du -h "$WORK/bench.mbox" | cut -f1)"
/usr/bin/time -f "mailctl peak RSS: %M KiB" "${MAILCTL[@]}" mailbox import bench@bench.example.test "$WORK/bench.mbox" --format mbox \
  --batch-messages "$BATCH" 2>"$WORK/mailctl.err" | tee "$WORK/first.out"
grep "peak RSS" "$WORK/mailctl.err"
"${MAILCTL[@]}" mailbox import bench@bench.example.test "$WORK/bench.mbox" --format mbox 2>/dev/null | sed 's/^/again: /'
echo "service peak RSS (VmHWM):"
for pid in $(pgrep -P $STACK); do
  name=$(tr '\0' ' ' </proc/$pid/cmdline | grep -o -E '(mailbox-store|admin-api|smtp-ingress|delivery-service|imap-pop-gateway|BrokerMain|postgres)' | head -1 || true)
  hwm=$(grep VmHWM /proc/$pid/status 2>/dev/null | awk '{print $2}')
  [ -n "$hwm" ] && printf "  %-18s %8s KiB\n" "${name:-pid $pid}" "$hwm"
done
