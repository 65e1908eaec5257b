"""Sends one message with Python's smtplib from a chosen loopback source address and prints the outcome as JSON.

usage: smtp_send.py HOST PORT SOURCE_ADDRESS HELO MAIL_FROM RCPT MESSAGE_FILE
"""
import json
import smtplib
import sys

host, port, source, helo, mail_from, rcpt, path = sys.argv[1:8]
with open(path, "rb") as f:
    message = f.read()
result = {"stage": "data", "code": 250, "reply": ""}
try:
    with smtplib.SMTP(host, int(port), local_hostname=helo, source_address=(source, 0), timeout=60) as s:
        s.ehlo(helo)
        code, reply = s.mail(mail_from)
        if code != 250:
            result = {"stage": "mail", "code": code, "reply": reply.decode()}
        else:
            code, reply = s.rcpt(rcpt)
            if code not in (250, 251):
                result = {"stage": "rcpt", "code": code, "reply": reply.decode()}
            else:
                code, reply = s.data(message)
                result = {"stage": "data", "code": code, "reply": reply.decode()}
except smtplib.SMTPResponseException as e:
    result = {"stage": "data", "code": e.smtp_code, "reply": e.smtp_error.decode()}
print(json.dumps(result))
