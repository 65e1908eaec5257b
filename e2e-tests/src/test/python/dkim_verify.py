"""Verifies the DKIM signatures of the message on stdin with dkimpy (Debian's python3-dkim, so run it with
/usr/bin/python3), answering the key look-up with the TXT record in DKIM_TXT. Exit 0 when a signature verifies."""
import os
import sys

import dkim

txt = os.environ["DKIM_TXT"].encode()
message = sys.stdin.buffer.read()
ok = dkim.verify(message, dnsfunc=lambda name, timeout=5: txt)
print("dkim verify:", "pass" if ok else "fail")
sys.exit(0 if ok else 1)
