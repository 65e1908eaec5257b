#!/usr/bin/env bash
# The peer of bench/compare.sh: Debian's Postfix + Dovecot as the issue measured them (Postfix -> Dovecot LMTP,
# Maildir, passwd-file users), as a private instance on loopback ports of its own, config and spool under one
# work directory, so it collides with nothing (no /etc change, no system service started) and needs no DNS.
#   bash bench/peer.sh install|start|stop|users FILE   (env PEER_DIR, PEER_SMTP/IMAP/POP3_PORT; sourced by compare.sh)
# Defaults kept from Debian except: ports, paths, no TLS (loopback), plaintext auth allowed, the per-user+IP
# connection limit raised (imaptest opens 10 connections for one user from 127.0.0.1, as the local stack loosens
# its anvil limits), passwords hashed like ours (bcrypt cost 10) with Dovecot's auth_cache on (PEER_AUTH_CACHE).
set -euo pipefail
PEER_DIR=${PEER_DIR:-/tmp/bench-peer}
PEER_SMTP_PORT=${PEER_SMTP_PORT:-30025}
PEER_IMAP_PORT=${PEER_IMAP_PORT:-30143}
PEER_POP3_PORT=${PEER_POP3_PORT:-30110}
PEER_AUTH_CACHE=${PEER_AUTH_CACHE:-10M}
PEER_PW_SCHEME=${PEER_PW_SCHEME:-BLF-CRYPT}
PEER_DOMAIN=${PEER_DOMAIN:-example.test}

peer_install() {
  local missing=()
  for p in postfix dovecot-imapd dovecot-pop3d dovecot-lmtpd; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]} (Debian's; no system service is started or configured)"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

peer_configure() {
  local d=$PEER_DIR
  mkdir -p "$d/postfix" "$d/spool" "$d/dovecot/run" "$d/dovecot/state" "$d/mail"
  chmod 755 "$d" "$d/mail"
  chown mail:mail "$d/mail"
  touch "$d/dovecot/users" "$d/postfix/vmailbox"
  cat > "$d/postfix/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $d/spool
data_directory = $d/spool/data
maillog_file = $d/postfix.log
maillog_file_prefixes = $d
myhostname = peer.$PEER_DOMAIN
mydomain = $PEER_DOMAIN
myorigin = \$myhostname
mydestination =
local_recipient_maps =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
# no DNS anywhere: the client is 127.0.0.1, the next hop a socket
disable_dns_lookups = yes
smtp_host_lookup = native
lmtp_host_lookup = native
smtpd_peername_lookup = no
smtpd_tls_security_level = none
smtp_tls_security_level = none
virtual_mailbox_domains = $PEER_DOMAIN
virtual_mailbox_maps = texthash:$d/postfix/vmailbox
virtual_transport = lmtp:unix:$d/dovecot/lmtp
biff = no
EOF
  # Debian's master.cf without chroot (the spool is not Debian's), smtpd on our port only, and postlogd for
  # maillog_file (there is no syslog daemon here).
  sed -e 's/^smtp      inet  n       -       y       -       -       smtpd/127.0.0.1:'"$PEER_SMTP_PORT"' inet n - n - - smtpd/' \
      -e '/^#/!s/^\([a-z0-9.:]*[[:space:]]\+[a-z-]\+[[:space:]]\+[-ny][[:space:]]\+[-ny][[:space:]]\+\)y/\1n/' \
      /usr/share/postfix/master.cf.dist > "$d/postfix/master.cf"
  grep -q '^postlog' "$d/postfix/master.cf" || echo "postlog   unix-dgram n  -       n       -       1       postlogd" >> "$d/postfix/master.cf"
  grep -q "^127.0.0.1:$PEER_SMTP_PORT" "$d/postfix/master.cf" || { echo "peer: master.cf has no smtpd on $PEER_SMTP_PORT" >&2; return 1; }
  cat > "$d/dovecot/dovecot.conf" <<EOF
protocols = imap pop3 lmtp
listen = 127.0.0.1
base_dir = $d/dovecot/run
state_dir = $d/dovecot/state
log_path = $d/dovecot/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_cache_size = $PEER_AUTH_CACHE
first_valid_uid = 1
mail_uid = mail
mail_gid = mail
mail_location = maildir:$d/mail/%d/%n
mail_max_userip_connections = 1000
passdb {
  driver = passwd-file
  args = username_format=%u $d/dovecot/users
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$d/mail/%d/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $PEER_IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $PEER_POP3_PORT
  }
  inet_listener pop3s {
    port = 0
  }
}
service lmtp {
  unix_listener $d/dovecot/lmtp {
    mode = 0666
  }
}
protocol lmtp {
  postmaster_address = postmaster@$PEER_DOMAIN
}
EOF
}

# users FILE: lines "address password"; written as Dovecot passwd-file entries and Postfix's recipient map.
peer_users() {
  local d=$PEER_DIR addr pw
  : > "$d/dovecot/users.new"
  : > "$d/postfix/vmailbox"
  while read -r addr pw; do
    [ -n "$addr" ] || continue
    if [ "$PEER_PW_SCHEME" = PLAIN ]; then
      echo "$addr:{PLAIN}$pw" >> "$d/dovecot/users.new"
    else
      echo "$addr:$(doveadm -c "$d/dovecot/dovecot.conf" pw -s "$PEER_PW_SCHEME" $([ "$PEER_PW_SCHEME" = BLF-CRYPT ] && echo -r 10) -p "$pw")" >> "$d/dovecot/users.new"
    fi
    echo "$addr OK" >> "$d/postfix/vmailbox"
  done < "$1"
  mv "$d/dovecot/users.new" "$d/dovecot/users"
  chmod 644 "$d/dovecot/users"
}

peer_start() {
  peer_configure
  peer_stop 2>/dev/null || true
  dovecot -c "$PEER_DIR/dovecot/dovecot.conf" </dev/null >/dev/null 2>&1
  postfix -c "$PEER_DIR/postfix" check >/dev/null 2>&1 || true # creates the queue directories
  postfix -c "$PEER_DIR/postfix" start </dev/null >"$PEER_DIR/postfix-start.log" 2>&1 || { cat "$PEER_DIR/postfix-start.log" >&2; return 1; }
  local i
  for i in $(seq 100); do
    if python3 - "$PEER_SMTP_PORT" "$PEER_IMAP_PORT" "$PEER_POP3_PORT" <<'PY' 2>/dev/null; then return 0; fi
import socket, sys
for p in sys.argv[1:]:
    s = socket.create_connection(("127.0.0.1", int(p)), 1)
    assert s.recv(100)
    s.close()
PY
    sleep 0.2
  done
  echo "peer did not start; logs in $PEER_DIR" >&2
  return 1
}

peer_stop() {
  [ -f "$PEER_DIR/postfix/main.cf" ] && postfix -c "$PEER_DIR/postfix" stop >/dev/null 2>&1 || true
  [ -f "$PEER_DIR/dovecot/dovecot.conf" ] && doveadm -c "$PEER_DIR/dovecot/dovecot.conf" stop >/dev/null 2>&1 || true
}

# The roots of the peer's process trees (for CPU and memory): Postfix's master and Dovecot's master.
peer_pids() {
  head -1 "$PEER_DIR/spool/pid/master.pid" 2>/dev/null | tr -d ' '
  cat "$PEER_DIR/dovecot/run/master.pid" 2>/dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    install) peer_install ;;
    start) peer_start ;;
    stop) peer_stop ;;
    users) peer_users "$2" ;;
    pids) peer_pids ;;
    *) echo "usage: $0 install|start|stop|users FILE|pids" >&2; exit 2 ;;
  esac
fi
