"""A remote MTA that speaks STARTTLS: aiosmtpd (Debian's python3-aiosmtpd, not ours) on HOST:PORT with the PEM
certificate and key given, refusing mail before STARTTLS (require_starttls). Every accepted transaction is one
JSON line in OUT: {"from": ..., "rcpts": [...], "tls": true, "peer_port": 40000} (the client's port tells
which connection carried it).

  tls_mta.py HOST PORT CERT KEY OUT
"""
import json
import ssl
import sys
import threading

from aiosmtpd.controller import Controller

host, port, cert, key, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]


class Recorder:
    async def handle_DATA(self, server, session, envelope):
        with open(out, "a", encoding="utf-8") as f:
            f.write(json.dumps({"from": envelope.mail_from, "rcpts": envelope.rcpt_tos,
                                "tls": session.ssl is not None, "peer_port": session.peer[1],
                                "options": envelope.mail_options}, ensure_ascii=False) + "\n")
        return "250 2.0.0 Ok: stored"


ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(cert, key)
# enable_SMTPUTF8: the peer that advertises SMTPUTF8 (RFC 6531) in RemoteDeliveryTest; smtp-sink does not.
controller = Controller(Recorder(), hostname=host, port=port, tls_context=ctx, require_starttls=True,
                        enable_SMTPUTF8=True)
controller.start()
print("READY", flush=True)
threading.Event().wait()
