"""A milter on Debian's libmilter (python3-milter) that acts at every SMTP stage, so the e2e test can see
smtp-ingress call milters as the client talks rather than at end of message. Run with /usr/bin/python3 (the
Debian interpreter that has the Milter module): stage_milter.py PORT.

connect from 127.0.0.66 -> 554 5.7.1; HELO bad.helo.test -> 550 5.7.1; MAIL FROM spammer@... -> 550 5.7.1;
RCPT TO from greylisted@... -> 451 4.7.1; a message whose Subject says "quarantine me" is quarantined; MAIL FROM
blackhole@... (at MAIL), rcptdrop@... (at RCPT) and a Subject saying "discard me" are discarded (SMFIR_DISCARD); every message that passes gets
X-Stage-Milter with the macros the milter saw.
"""
import sys

import Milter


class StageMilter(Milter.Base):

    def __init__(self):
        self.id = Milter.uniqueID()
        self.helo = None
        self.client = None
        self.subject = ""
        self.rcpts = 0
        self.aborts = 0
        self.tls = None
        self.queue_id = None
        self.auth = None
        self.sender = ""

    def connect(self, hostname, family, hostaddr):
        self.client = self.getsymval("{client_addr}")
        if hostaddr and hostaddr[0] == "127.0.0.66":
            self.setreply("554", "5.7.1", "Connection refused by stage milter")
            return Milter.REJECT
        return Milter.CONTINUE

    def hello(self, heloname):
        if heloname == "bad.helo.test":
            self.setreply("550", "5.7.1", "HELO refused by stage milter")
            return Milter.REJECT
        self.helo = heloname
        self.tls = self.getsymval("{tls_version}")
        return Milter.CONTINUE

    def envfrom(self, mailfrom, *params):
        self.subject = ""
        self.rcpts = 0
        self.queue_id = self.getsymval("i")
        self.auth = self.getsymval("{auth_authen}")
        self.sender = mailfrom.lower()
        if "spammer@" in mailfrom:
            self.setreply("550", "5.7.1", "Sender refused by stage milter")
            return Milter.REJECT
        if "blackhole@" in mailfrom:
            return Milter.DISCARD
        return Milter.CONTINUE

    def envrcpt(self, to, *params):
        if "greylisted@" in self.sender:
            self.setreply("451", "4.7.1", "Greylisted by stage milter")
            return Milter.TEMPFAIL
        if "rcptdrop@" in self.sender:
            return Milter.DISCARD
        self.rcpts += 1
        return Milter.CONTINUE

    def header(self, name, value):
        if name.lower() == "subject":
            self.subject = value
        return Milter.CONTINUE

    def eom(self):
        if "discard me" in self.subject:
            return Milter.DISCARD
        eom_id = self.getsymval("i")
        self.addheader("X-Stage-Milter", "client=%s; helo=%s; mail-i=%s; eom-i=%s; tls=%s; auth=%s; rcpts=%d; aborts=%d"
                       % (self.client, self.helo, self.queue_id, eom_id, self.tls, self.auth, self.rcpts, self.aborts))
        if "quarantine me" in self.subject:
            self.quarantine("held by stage milter")
        return Milter.CONTINUE

    def abort(self):
        self.aborts += 1
        return Milter.CONTINUE


def main():
    port = int(sys.argv[1])
    Milter.factory = StageMilter
    Milter.set_flags(Milter.ADDHDRS + Milter.QUARANTINE)
    sys.stdout.write("stage milter on port %d\n" % port)
    sys.stdout.flush()
    Milter.runmilter("stagemilter", "inet:%d@127.0.0.1" % port, 60)


if __name__ == "__main__":
    main()
