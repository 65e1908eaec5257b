"""A remote MTA that keeps what it receives: aiosmtpd (Debian's python3-aiosmtpd) on HOST:PORT writes the exact
bytes of every accepted message (after dot-unstuffing, line endings as sent) to DIR/<n>.eml, n = 1, 2, ...

  capture_mta.py HOST PORT DIR
"""
import os
import sys
import threading

from aiosmtpd.controller import Controller

host, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lock = threading.Lock()


class Capture:
    async def handle_DATA(self, server, session, envelope):
        with lock:
            n = len([f for f in os.listdir(out) if f.endswith(".eml")]) + 1
            tmp = os.path.join(out, "%d.tmp" % n)
            with open(tmp, "wb") as f:
                f.write(envelope.original_content)
            os.rename(tmp, os.path.join(out, "%d.eml" % n))
        return "250 2.0.0 Ok: captured as %d" % n


# decode_data=False keeps original_content as the bytes received.
controller = Controller(Capture(), hostname=host, port=port, decode_data=False)
controller.start()
print("READY", flush=True)
threading.Event().wait()
