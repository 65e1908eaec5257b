#!/usr/bin/env bash
# Dovecot's imaptest compliance suite (imaptest test=<src/tests>) against Debian's Dovecot 2.3 (the peer of
# bench/peer.sh) and against our gateway, back to back, with the same client and the same two users; prints
# imaptest's totals for each side (test groups failed, base-protocol and extension commands failed, groups
# skipped for a missing capability) and saves them with every failing group's report in
# bench/results/compliance-<time>.md.
#   bash bench/imap_compliance.sh                 # both sides, about 3-5 minutes
#   ONLY=ours bash bench/imap_compliance.sh       # or ONLY=peer
#   TESTS=fetch-body,select bash bench/imap_compliance.sh   # some groups only (names of files in src/tests)
# Env: WORK (default /tmp/imap-compliance), IMAPTEST (the binary; built like compare.sh if missing),
#      OURS_OFFSET (11000: our plain IMAP on 11143), PEER_IMAP_PORT (31143; the peer's SMTP/POP3 on 31025/31110),
#      STACK_DIR (a checkout whose jars run our stack; default this one, built if its jars are missing),
#      OURS_SETTINGS="service key=value ..." extra --set for our stack.
# imaptest needs plaintext LOGIN: ours runs with imap.allow-plaintext-auth=true, as in compare.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=${WORK:-/tmp/imap-compliance}
OFFSET=${OURS_OFFSET:-11000}
STACK_DIR=${STACK_DIR:-$ROOT}
ONLY=${ONLY:-peer,ours}
export PEER_DIR=$WORK/peer
export PEER_SMTP_PORT=${PEER_SMTP_PORT:-31025} PEER_IMAP_PORT=${PEER_IMAP_PORT:-31143} PEER_POP3_PORT=${PEER_POP3_PORT:-31110}
export PEER_PW_SCHEME=${PEER_PW_SCHEME:-PLAIN} # no bcrypt: speed is not measured here
source bench/peer.sh
USER1=compliance1@example.test USER2=compliance2@example.test PASSWORD=compliance-pw-1

log() { echo "[imap_compliance.sh $(date +%T)] $*" >&2; }

# ---- imaptest (compare.sh builds it; reuse that build, or build it through compare.sh's code path)
IMAPTEST=${IMAPTEST:-$ROOT/bench/.work/imaptest/src/imaptest}
[ -x "$IMAPTEST" ] || [ ! -x /work/main/bench/.work/imaptest/src/imaptest ] || IMAPTEST=/work/main/bench/.work/imaptest/src/imaptest
if [ ! -x "$IMAPTEST" ]; then
  log "imaptest missing: building it as compare.sh does"
  sed -n '/^# ---- 2. imaptest/,/^# ---- 3/p' bench/compare.sh > "$WORK.build-imaptest.sh"
  (apt_need() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }; log() { :; }
   source "$WORK.build-imaptest.sh")
fi
TESTS_SRC=$(dirname "$IMAPTEST")/tests
rm -rf "$WORK" && mkdir -p "$WORK" && chmod 755 "$WORK"
# A copy of the suite: TESTS selects groups (each test file with its .mbox).
mkdir -p "$WORK/tests"
if [ -n "${TESTS:-}" ]; then
  for t in ${TESTS//,/ }; do cp "$TESTS_SRC/$t" "$WORK/tests/"; [ -f "$TESTS_SRC/$t.mbox" ] && cp "$TESTS_SRC/$t.mbox" "$WORK/tests/"; done
  cp "$TESTS_SRC/default.mbox" "$WORK/tests/"
else
  find "$TESTS_SRC" -maxdepth 1 -type f -exec cp {} "$WORK/tests/" \;
fi

STACK_PID=
stop_all() {
  set +e
  [ -n "$STACK_PID" ] && kill "$STACK_PID" 2>/dev/null && wait "$STACK_PID" 2>/dev/null
  [[ $ONLY == *peer* ]] && peer_stop
  log "stopped (logs in $WORK)"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# run_suite SIDE PORT: the whole suite once; imaptest's report in $WORK/SIDE.out
run_suite() {
  log "imaptest compliance suite against $1 (port $2)"
  # imaptest exits non-zero when a group fails; its report is what counts
  (cd "$WORK" && LD_LIBRARY_PATH=/usr/lib/dovecot timeout 900 "$IMAPTEST" host=127.0.0.1 port="$2" user="$USER1" user2="$USER2" pass="$PASSWORD" \
    test="$WORK/tests" > "$WORK/$1.out" 2>&1) || true
  tail -3 "$WORK/$1.out" >&2
  # imaptest (924f619) does not count the groups it skips (they never reach test_execute_finish): the table
  # counts them from the server's post-login CAPABILITY and each test's "capabilities:" header
  python3 - "$2" "$USER1" "$PASSWORD" > "$WORK/$1.caps" <<'PY'
import imaplib, sys
c = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
c.login(sys.argv[2], sys.argv[3])
print(c.capability()[1][0].decode())
c.logout()
PY
}

printf '%s %s\n%s %s\n' "$USER1" "$PASSWORD" "$USER2" "$PASSWORD" > "$WORK/users"
if [[ $ONLY == *peer* ]]; then
  peer_install
  log "starting Dovecot (config and mail in $PEER_DIR)"
  peer_configure
  peer_users "$WORK/users"
  peer_start
  run_suite peer "$PEER_IMAP_PORT"
  peer_stop
fi

if [[ $ONLY == *ours* ]]; then
  JAR=$STACK_DIR/local-stack/target/local-stack-0.1.0-SNAPSHOT.jar
  if [ ! -f "$JAR" ] || ! ls "$STACK_DIR"/*/target/quarkus-app/quarkus-run.jar >/dev/null 2>&1; then
    log "building the platform in $STACK_DIR"
    (cd "$STACK_DIR" && flock /tmp/mvn.lock ./mvnw -B -o -q package -DskipTests)
  fi
  EXTRA=(--set imap-pop-gateway imap.allow-plaintext-auth=true)
  for kv in ${OURS_SETTINGS:+"$OURS_SETTINGS"}; do
    # shellcheck disable=SC2206
    pair=($kv); while [ ${#pair[@]} -ge 2 ]; do EXTRA+=(--set "${pair[0]}" "${pair[1]}"); pair=("${pair[@]:2}"); done
  done
  log "starting our stack from $STACK_DIR (offset $OFFSET, data in $WORK/ours)"
  (cd "$STACK_DIR" && exec java -cp "$JAR:local-stack/target/lib/*" com.mailplatform.localstack.LocalStack \
    --project-dir . --data-dir "$WORK/ours" --port-offset "$OFFSET" --no-demo "${EXTRA[@]}") > "$WORK/ours.log" 2>&1 &
  STACK_PID=$!
  until grep -q "platform ready" "$WORK/ours.log"; do
    kill -0 "$STACK_PID" 2>/dev/null || { tail -40 "$WORK/ours.log"; exit 1; }
    sleep 1
  done
  python3 bench/provision_users.py "$((OFFSET + 8080))" "$WORK/ours/admin-token" "$WORK/users"
  run_suite ours "$((OFFSET + 143))"
fi

# ---- the table and every failing group's report
mkdir -p bench/results
OUT=bench/results/compliance-$(date +%Y%m%d-%H%M%S).md
python3 - "$WORK" "$OUT" "$(git -C "$STACK_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')" <<'PY'
import os, re, sys
work, out, commit = sys.argv[1:]
sides = [(s, n) for s, n in (("peer", "Dovecot %s" % os.popen("dovecot --version 2>/dev/null").read().split(" ")[0]),
                             ("ours", "ours (%s)" % commit)) if os.path.exists(os.path.join(work, s + ".out"))]
rows, details = [], []
for side, name in sides:
    text = open(os.path.join(work, side + ".out"), errors="replace").read()
    g = re.search(r"(\d+) test groups: (\d+) failed, (\d+) skipped", text)
    b = re.search(r"base protocol: (\d+)/(\d+) individual commands failed", text)
    e = re.search(r"extensions: (\d+)/(\d+) individual commands failed", text)
    if not (g and b and e):
        rows.append("| %s | imaptest did not finish (see %s/%s.out) | | | |" % (name, work, side))
        continue
    caps = set(open(os.path.join(work, side + ".caps")).read().upper().split())
    skipped = []
    for t in sorted(os.listdir(os.path.join(work, "tests"))):
        if t.endswith(".mbox"):
            continue
        header = open(os.path.join(work, "tests", t), errors="replace").read().split("\n\n")[0]
        need = [w.upper() for l in header.splitlines() if l.lower().startswith("capabilities:") for w in l.split()[1:]]
        missing = [w for w in need if w not in caps]
        if missing:
            skipped.append("%s (%s)" % (t, " ".join(missing)))
    rows.append("| %s | %s / %s | %s / %s | %s / %s | %d |" % (name, g[2], g[1], b[1], b[2], e[1], e[2], len(skipped)))
    # imaptest prints "*** Test <name> command N/M (line L)" before each failure's details
    failing = {}
    for m in re.finditer(r"\*\*\* Test (\S+) command (\d+)/(\d+) \(line (\d+)\)", text):
        failing.setdefault(m[1], []).append("%s/%s (line %s)" % (m[2], m[3], m[4]))
    details.append("### %s: failing groups\n" % name)
    details.extend("- %s: commands %s" % (k, ", ".join(v)) for k, v in failing.items())
    details.append("\nskipped (capability missing): %s\n" % (", ".join(skipped) or "none"))
    details.append("\n<details><summary>imaptest output</summary>\n\n```\n%s\n```\n</details>\n" % text.strip())
doc = ["# imaptest compliance suite", "",
       "| server | test groups failed | base-protocol commands failed | extension commands failed | groups skipped (capability missing) |",
       "|---|---|---|---|---|"] + rows + [""] + details
open(out, "w").write("\n".join(doc) + "\n")
print("\n".join(doc[:4 + len(rows)]))
PY
log "saved in $OUT"
