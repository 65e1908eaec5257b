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
if [ ! -f local-stack/target/local-stack-0.1.0-SNAPSHOT.jar ] || [ ! -f mailctl/target/mailctl.jar ]; then
  flock /tmp/mvn.lock ./mvnw -B -o -q package -DskipTests
fi
# PROJECT_DIR: a tree whose */target holds the built services (default: this checkout)
PROJECT_DIR=${PROJECT_DIR:-.}
WORK=$(mktemp -d /tmp/bench-import.XXXXXX)
java -cp "$PROJECT_DIR/local-stack/target/local-stack-0.1.0-SNAPSHOT.jar:$PROJECT_DIR/local-stack/target/lib/*" \
  com.mailplatform.localstack.LocalStack --project-dir "$PROJECT_DIR" --data-dir "$WORK/stack" --port-offset "$OFFSET" >"$WORK/stack.log" 2>&1 &
STACK=$!
trap 'kill $STACK 2>/dev/null; wait $STACK 2>/dev/null; rm -rf "$WORK"; true' EXIT
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
# mailctl's heap is capped (MAILCTL_HEAP, default 64m) to show that an import streams: it holds one batch, not the mbox
MAILCTL=(java "-Xmx${MAILCTL_HEAP:-64m}" -jar "$PROJECT_DIR/mailctl/target/mailctl.jar" --url "http://127.0.0.1:$((OFFSET + 8080))" --token-file "$WORK/stack/admin-token")
"${MAILCTL[@]}" domain create bench.example.test >/dev/null 2>&1 || true
"${MAILCTL[@]}" account create bench@bench.example.test --password bench-password-1 >/dev/null
echo "mbox: $MESSAGES messages of about $SIZE bytes, $(du -h "$WORK/bench.mbox" | cut -f1)"
/usr/bin/time -f "mailctl peak RSS: %M KiB" "${MAILCTL[@]}" mailbox import bench@bench.example.test "$WORK/bench.mbox" --format mbox \
  --batch-messages "$BATCH" 2>"$WORK/mailctl.err" | tee "$WORK/first.out"
grep "peak RSS" "$WORK/mailctl.err"
"${MAILCTL[@]}" mailbox import bench@bench.example.test "$WORK/bench.mbox" --format mbox 2>/dev/null | sed 's/^/again: /'
echo "peak RSS (VmHWM) after the run:"
set +eo pipefail
rss() { grep VmHWM "/proc/$1/status" 2>/dev/null | awk '{print $2}'; }
printf "  %-34s %8s KiB\n" "local-stack launcher" "$(rss $STACK)"
for pid in $(pgrep -P $STACK); do
  cmd=$(tr '\0' ' ' </proc/$pid/cmdline 2>/dev/null || true)
  name=$(grep -o -E '[a-z-]+/target/quarkus-app' <<<"$cmd" | head -1 | cut -d/ -f1)
  [ -z "$name" ] && grep -q BrokerMain <<<"$cmd" && name="broker (Artemis)"
  [ -z "$name" ] && name=$(awk '{print $1}' <<<"$cmd" | xargs -r basename)
  printf "  %-34s %8s KiB\n" "$name" "$(rss $pid)"
  for child in $(pgrep -P $pid); do   # PostgreSQL's backends
    printf "  %-34s %8s KiB\n" "  $(tr '\0' ' ' </proc/$child/cmdline | cut -c1-30)" "$(rss $child)"
  done
done
