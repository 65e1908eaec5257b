"""Verifies the DKIM signatures of the message on stdin with dkimpy (Debian's python3-dkim, so run it with
/usr/bin/python3). Key look-ups are answered from the environment: DKIM_TXT_<selector> for that selector, else
DKIM_TXT. Exit 0 when every signature (at least argv[1], default 1) verifies; RSA and Ed25519 (RFC 8463) alike."""
import os
import re
import sys

import dkim


def txt(name, timeout=5):
    selector = name.decode().split("._domainkey.")[0] if isinstance(name, bytes) else name.split("._domainkey.")[0]
    return os.environ.get("DKIM_TXT_" + selector, os.environ.get("DKIM_TXT", "")).encode()


# Captured mail may have lost its CRs; DKIM canonicalization is defined on CRLF lines.
message = re.sub(rb"(?<!\r)\n", b"\r\n", sys.stdin.buffer.read())
need = int(sys.argv[1]) if len(sys.argv) > 1 else 1
d = dkim.DKIM(message)
count = len([l for l in message.split(b"\r\n\r\n")[0].split(b"\r\n") if l.lower().startswith(b"dkim-signature:")])


def verifies(i):
    try:
        return d.verify(idx=i, dnsfunc=txt)
    except dkim.ValidationError as e:  # e.g. "body hash mismatch": a failed signature, said as such
        print("signature %d: %s" % (i, e))
        return False


ok = [verifies(i) for i in range(count)]
print("dkim verify: %d signatures, results %s" % (count, ok))
sys.exit(0 if count >= need and all(ok) else 1)
