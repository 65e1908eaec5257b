#!/usr/bin/env bash
# Issue 13's table in one command: the platform against Debian's Postfix + Dovecot (the peer, bench/peer.sh) on
# this machine, every workload back to back on both in one run, printed as Markdown with ratios (ours / peer)
# and saved to bench/results/compare-<time>.md.
#   bash bench/compare.sh                      # reduced sizes, about 10-15 minutes
#   IMAP_SECS=30 POP3_MSGS=1000 SMTP_MSGS=5000 bash bench/compare.sh   # the issue's sizes (see bench/README.md)
# Installs what is missing (Debian's postfix, dovecot-imapd/-pop3d/-lmtpd, dovecot-dev and autotools to build
# imaptest at commit 924f619), builds the platform if its jars are missing, starts the peer (ports 30025/30143/
# 30110), a slow lossy DNS server (bench/slow_dns.py, port 30053) and our stack (offset 21000: SMTP 21025, IMAP
# 21143, POP3 21110; the SPF/DKIM/DMARC listener on 21325), and stops them all at the end.
# Env: WORK (default /tmp/bench-compare), ONLY=imap-default,imap-fetch,imap-fetch2,imap-append,pop3,smtp,
#      smtp-checks,latency,idle,memory; the sizes in compare.py (IMAP_*, POP3_MSGS, SMTP_*, LAT_*, IDLE_N, MSG_SIZE);
#      DNS_MIN_MS, DNS_MAX_MS, DNS_DROP; OURS_SETTINGS="service key=value ..." extra --set for our stack.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=${WORK:-/tmp/bench-compare}
OFFSET=${OURS_OFFSET:-21000}
DNS_PORT=${DNS_PORT:-30053}
DNS_MIN_MS=${DNS_MIN_MS:-50}
DNS_MAX_MS=${DNS_MAX_MS:-200}
DNS_DROP=${DNS_DROP:-0.1}
CHECKED_SHIFT=300
export PEER_DIR=$WORK/peer
source bench/peer.sh

log() { echo "[compare.sh $(date +%T)] $*"; }
apt_need() { # packages missing from dpkg are installed
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

# ---- 1. the peer's packages and Postfix's smtp-source (the client of every SMTP workload)
peer_install

# ---- 2. imaptest, Dovecot's IMAP benchmark, from source at 924f619 against Debian's dovecot-dev
IMAPTEST=${IMAPTEST:-$ROOT/bench/.work/imaptest/src/imaptest}
if [ ! -x "$IMAPTEST" ]; then
  apt_need dovecot-dev autoconf automake libtool make gcc
  src=$ROOT/bench/.work/imaptest
  rm -rf "$src" && mkdir -p "$src"
  # a local mirror (IMAPTEST_GIT, a git dir) if there is one, else GitHub
  git_dir=${IMAPTEST_GIT:-/work/.mirror/dovecot+imaptest/repo}
  if [ ! -d "$git_dir" ]; then
    git_dir=$ROOT/bench/.work/imaptest.git
    [ -d "$git_dir" ] || git clone -q --bare https://github.com/dovecot/imaptest "$git_dir"
  fi
  git --git-dir="$git_dir" archive 924f619 | tar -x -C "$src"
  # Dovecot 2.3.19's imap_parser_create() takes a 4th argument (parser parameters) that 924f619 predates
  sed -i 's/imap_parser_create(\(.*\), (size_t)-1);/imap_parser_create(\1, (size_t)-1, NULL);/' \
    "$src"/src/commands.c "$src"/src/test-parser.c "$src"/src/imap-client.c
  log "building imaptest (log in $src/build.log)"
  (cd "$src" && VERSION=0.0.0-924f619 autoreconf -i && ./configure --with-dovecot=/usr/lib/dovecot && make -j2) \
    > "$src/build.log" 2>&1 || { tail -30 "$src/build.log"; exit 1; }
fi

# ---- 3. our stack's jars
JAR=local-stack/target/local-stack-0.1.0-SNAPSHOT.jar
if [ ! -f "$JAR" ] || ! ls */target/quarkus-app/quarkus-run.jar >/dev/null 2>&1; then
  log "building the platform"
  flock /tmp/mvn.lock ./mvnw -B -o -q install -DskipTests
fi

# ---- 4. start everything; the trap stops everything
rm -rf "$WORK" && mkdir -p "$WORK" && chmod 755 "$WORK"
STACK_PID= DNS_PID=
stop_all() {
  set +e
  [ -n "$STACK_PID" ] && kill "$STACK_PID" 2>/dev/null && wait "$STACK_PID" 2>/dev/null
  [ -n "$DNS_PID" ] && kill "$DNS_PID" 2>/dev/null && wait "$DNS_PID" 2>/dev/null && cat "$WORK/slow-dns.log"
  peer_stop
  log "stopped the peer and our stack (logs in $WORK)"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

python3 bench/slow_dns.py --port "$DNS_PORT" --min-ms "$DNS_MIN_MS" --max-ms "$DNS_MAX_MS" --drop "$DNS_DROP" \
  > "$WORK/slow-dns.log" 2>&1 &
DNS_PID=$!

python3 -c 'import sys; sys.path.insert(0, "bench"); import compare
print("\n".join(u + " " + compare.PASSWORD for u in compare.users()))' > "$WORK/users"
log "starting the peer (Postfix + Dovecot, config and mail in $PEER_DIR)"
peer_configure
peer_users "$WORK/users"
peer_start

CHECKS_OFF=(--set smtp-ingress smtpd.checks.spf=false --set smtp-ingress smtpd.checks.dkim=false
            --set smtp-ingress smtpd.checks.dmarc=false)
CHECKS_ON="smtpd.checks.spf=true,smtpd.checks.dkim=true,smtpd.checks.dmarc=true,smtpd.checks.resolvers[0]=127.0.0.1:$DNS_PORT"
EXTRA=()
# The peer's smtpd has no postscreen: our MTA listener's pregreet wait (the local stack's 100 ms) is off too.
# The peer allows plaintext LOGIN on loopback (disable_plaintext_auth = no); ours the same, as it does for POP3.
for kv in "smtp-ingress smtpd.pregreet-wait=0s" "imap-pop-gateway imap.allow-plaintext-auth=true" ${OURS_SETTINGS:+"$OURS_SETTINGS"}; do
  # shellcheck disable=SC2206
  pair=($kv); while [ ${#pair[@]} -ge 2 ]; do EXTRA+=(--set "${pair[0]}" "${pair[1]}"); pair=("${pair[@]:2}"); done
done
log "starting our stack (offset $OFFSET, data in $WORK/ours)"
java -cp "$JAR:local-stack/target/lib/*" com.mailplatform.localstack.LocalStack --project-dir . \
  --data-dir "$WORK/ours" --port-offset "$OFFSET" --no-demo "${CHECKS_OFF[@]}" "${EXTRA[@]}" \
  --smtpd-replica "$CHECKED_SHIFT" "$CHECKS_ON" > "$WORK/ours.log" 2>&1 &
STACK_PID=$!
until grep -q "platform ready" "$WORK/ours.log"; do
  kill -0 "$STACK_PID" 2>/dev/null || { tail -40 "$WORK/ours.log"; exit 1; }
  sleep 1
done
python3 bench/provision_users.py "$((OFFSET + 8080))" "$WORK/ours/admin-token" "$WORK/users"

# ---- 5. the workloads, the table
mkdir -p bench/results
OUT=bench/results/compare-$(date +%Y%m%d-%H%M%S).md
python3 bench/compare.py --imaptest "$IMAPTEST" --workdir "$WORK" \
  --peer "$PEER_SMTP_PORT,$PEER_IMAP_PORT,$PEER_POP3_PORT" --peer-pids "$(peer_pids | paste -sd,)" \
  --ours "$((OFFSET + 25)),$((OFFSET + 143)),$((OFFSET + 110))" --ours-checked-smtp "$((OFFSET + 25 + CHECKED_SHIFT))" \
  --ours-pid "$STACK_PID" --dns "NXDOMAIN after ${DNS_MIN_MS}-${DNS_MAX_MS} ms, ${DNS_DROP} dropped" \
  --out "$OUT" --only "${ONLY:-}"
log "table saved in $OUT"
