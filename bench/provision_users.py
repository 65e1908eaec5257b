"""Creates the benchmark users on our stack through the admin API: the domain example.test, then one account per
line "address password" of USERS (409, already there, is fine). Used by compare.sh and imap_compliance.sh.

usage: provision_users.py ADMIN_PORT ADMIN_TOKEN_FILE USERS
"""
import json
import sys
import urllib.error
import urllib.request

port, token, users = sys.argv[1], open(sys.argv[2]).read().strip(), sys.argv[3]


def post(path, body):
    r = urllib.request.Request("http://127.0.0.1:%s/api/v1/%s" % (port, path), json.dumps(body).encode(),
                               {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        urllib.request.urlopen(r, timeout=30)
    except urllib.error.HTTPError as e:
        if e.code != 409:
            raise SystemExit("%s %s -> %d %s" % (path, body, e.code, e.read()))


post("domains", {"name": "example.test"})
for line in open(users):
    addr, pw = line.split()
    post("accounts", {"address": addr, "password": pw})
