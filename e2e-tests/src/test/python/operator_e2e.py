"""POP3 logins (Python's poplib) for OperatorE2ETest: accounts made by the Kubernetes operator from custom resources.

  operator_e2e.py login USER PASSWORD        the login must succeed; prints the maildrop's STAT
  operator_e2e.py login-fails USER PASSWORD  the server must answer -ERR to PASS
"""
import os
import poplib
import sys

POP3_PORT = int(os.environ["POP3_PORT"])


def main(cmd, user, password):
    p = poplib.POP3("127.0.0.1", POP3_PORT, timeout=30)
    try:
        p.user(user)
        try:
            p.pass_(password)
        except poplib.error_proto as e:
            if cmd == "login-fails":
                print("ok - PASS refused for %s: %s" % (user, e))
                return
            raise AssertionError("login of %s failed: %s" % (user, e))
        if cmd == "login-fails":
            raise AssertionError("login of %s succeeded but must fail" % user)
        count, size = p.stat()
        print("ok - %s logged in over POP3, %d message(s), %d octets" % (user, count, size))
    finally:
        try:
            p.quit()
        except (poplib.error_proto, OSError):
            pass


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("login", "login-fails"):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3])
