#!/usr/bin/env bash
# SMTP ingest benchmark driven by Postfix's smtp-source against a running local stack (./run-local.sh).
#   bash bench/smtp_ingest.sh                       # 20 sessions, 5000 messages of 4 KiB
#   SESSIONS=20 MESSAGES=100000 bash bench/smtp_ingest.sh
#   PORT=14025 POP3_PORT=14110 bash bench/smtp_ingest.sh   # a stack started with --port-offset 14000
# Reports messages/s accepted (smtp-source finished) and messages/s delivered (all visible over POP3).
set -euo pipefail
cd "$(dirname "$0")"
SESSIONS=${SESSIONS:-20}
MESSAGES=${MESSAGES:-5000}
SIZE=${SIZE:-4096}
PORT=${PORT:-10025}
POP3_PORT=${POP3_PORT:-10110}
if ! command -v smtp-source >/dev/null; then
  echo "installing Debian's postfix for smtp-source (the daemon is not used)"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postfix >/dev/null
fi
python3 pop3_maildrop.py --pop3-port "$POP3_PORT" clean
t0=$(date +%s.%N)
smtp-source -d -s "$SESSIONS" -m "$MESSAGES" -l "$SIZE" -f bench@bench.test -t demo@example.test "127.0.0.1:$PORT"
t1=$(date +%s.%N)
python3 pop3_maildrop.py --pop3-port "$POP3_PORT" wait "$MESSAGES" >/dev/null
t2=$(date +%s.%N)
python3 - "$t0" "$t1" "$t2" "$MESSAGES" "$SESSIONS" "$SIZE" <<'PY'
import sys
t0, t1, t2, n, s, size = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
print("smtp-source: %d messages of %s bytes over %s sessions" % (n, size, s))
print("accepted:  %.0f msg/s (%.1f s)" % (n / (t1 - t0), t1 - t0))
print("delivered: %.0f msg/s (%.1f s, SMTP accept -> POP3 visible)" % (n / (t2 - t0), t2 - t0))
PY
python3 pop3_maildrop.py --pop3-port "$POP3_PORT" clean
