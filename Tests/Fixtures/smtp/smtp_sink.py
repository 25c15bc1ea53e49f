#!/usr/bin/env python3
"""A real SMTP server for the VedettaNotify tests, built on aiosmtpd.

Listens on 127.0.0.1 (port 0 picks a free one) and prints one line `READY port=N` once it accepts connections.
Each accepted message is saved as OUT/NNNN.eml (the bytes as received, dot-stuffing undone) with a sidecar
OUT/NNNN.json: the envelope, the session (TLS, login) and the message as Python's `email` package parses it
(decoded subject, display names, bodies, defects), so that Swift tests check decodability with a real parser.
Files are written before the 250 reply, so a test can read them as soon as the client returns.

Options let a test ask for AUTH, STARTTLS with a self-signed certificate made here with openssl, temporary
failures (451 after DATA for the first N messages) and refused recipients (local part starting with a prefix:
550). The server exits when its standard input closes or after --timeout seconds, whichever comes first.
"""

import argparse
import asyncio
import json
import os
import shutil
import ssl
import subprocess
import sys
import threading
from email import policy
from email.parser import BytesParser

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def make_certificate(folder):
    """Self-signed certificate for localhost and 127.0.0.1; returns (cert, key) paths."""
    if shutil.which("openssl") is None:
        print("ERROR openssl not found", flush=True)
        sys.exit(3)
    os.makedirs(folder, exist_ok=True)
    cert = os.path.join(folder, "cert.pem")
    key = os.path.join(folder, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
         "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


def clean(value):
    """Strings from the parser keep undecodable bytes as surrogates (non-ASCII addresses); JSON needs UTF-8."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    return value


def parsed_summary(raw):
    message = BytesParser(policy=policy.default).parsebytes(raw)
    defects = [type(d).__name__ for d in message.defects]
    for part in message.walk():
        defects += [type(d).__name__ for d in part.defects]

    def body(kind):
        part = message.get_body(preferencelist=(kind,))
        return None if part is None else part.get_content()

    def mailboxes(name):
        header = message[name]
        if header is None:
            return []
        return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]

    lines = raw.split(b"\r\n")
    return clean({
        "subject": message["subject"],
        "from": mailboxes("from"),
        "to": mailboxes("to"),
        "cc": mailboxes("cc"),
        "messageID": message["message-id"],
        "inReplyTo": message["in-reply-to"],
        "references": message["references"],
        "date": message["date"],
        "contentType": message.get_content_type(),
        "text": body("plain"),
        "html": body("html"),
        "defects": defects,
        "maxLineLength": max(len(line) for line in lines),
        "bareLineFeeds": raw.replace(b"\r\n", b"").count(b"\n"),
        "eightBit": any(b >= 0x80 for b in raw),
    })


class Sink:
    def __init__(self, folder, fail_first, reject_prefix):
        self.folder = folder
        self.fail_first = fail_first
        self.reject_prefix = reject_prefix
        self.transactions = 0
        self.saved = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_prefix and address.split("@")[0].startswith(self.reject_prefix):
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.transactions += 1
        if self.transactions <= self.fail_first:
            return "451 4.3.0 Temporary local problem, try again later"
        self.saved += 1
        stem = os.path.join(self.folder, f"{self.saved:04d}")
        raw = envelope.original_content
        sidecar = {
            "mailFrom": envelope.mail_from,
            "mailOptions": envelope.mail_options,
            "rcptTos": clean(envelope.rcpt_tos),
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
            "login": session.auth_data if isinstance(session.auth_data, str) else None,
            "heloName": session.host_name,
            "extendedSMTP": session.extended_smtp,
            "parsed": parsed_summary(raw),
        }
        # Written to temporary names first so a reader never sees half a file.
        with open(stem + ".eml.tmp", "wb") as f:
            f.write(raw)
        with open(stem + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(sidecar, f, ensure_ascii=False, indent=1)
        os.rename(stem + ".eml.tmp", stem + ".eml")
        os.rename(stem + ".json.tmp", stem + ".json")
        return f"250 2.0.0 Ok: queued as SINK{self.saved:04d}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--out", required=True, help="folder for received messages")
    parser.add_argument("--auth", help="USER:PASSWORD required for AUTH PLAIN/LOGIN")
    parser.add_argument("--auth-over-cleartext", action="store_true", help="offer AUTH without TLS")
    parser.add_argument("--starttls", metavar="CERT_DIR", help="offer STARTTLS; certificate made in CERT_DIR")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument("--implicit-tls", metavar="CERT_DIR", help="TLS from the first byte (SMTPS)")
    parser.add_argument("--fail-first", type=int, default=0, help="answer 451 to the first N messages")
    parser.add_argument("--reject-prefix", default="reject", help="refuse recipients whose local part starts so")
    parser.add_argument("--timeout", type=float, default=120.0, help="exit after this many seconds")
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    tls_context = None
    cert = None
    if args.starttls:
        cert, key = make_certificate(args.starttls)
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(cert, key)

    implicit_context = None
    if args.implicit_tls:
        cert, key = make_certificate(args.implicit_tls)
        implicit_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        implicit_context.load_cert_chain(cert, key)

    authenticator = None
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword)
                  and auth_data.login == user.encode() and auth_data.password == password.encode())
            if not ok:
                # handled=False makes aiosmtpd answer 535 (its default, True, answers nothing at all).
                return AuthResult(success=False, handled=False)
            # Recorded in the sidecar, so a test sees which mechanism the client used.
            return AuthResult(success=True, auth_data=f"{mechanism}:{user}")

    sink = Sink(args.out, args.fail_first, args.reject_prefix)

    def factory():
        return SMTP(sink, hostname="sink.test", enable_SMTPUTF8=True, tls_context=tls_context,
                    require_starttls=args.require_starttls, authenticator=authenticator,
                    auth_required=bool(args.auth), auth_require_tls=not args.auth_over_cleartext)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(factory, host="127.0.0.1", port=args.port, ssl=implicit_context))
    port = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()

    def watch_stdin():
        sys.stdin.buffer.read()  # returns at end of file: the test closed its end
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(f"READY port={port}" + (f" cert={cert}" if cert else ""), flush=True)
    try:
        loop.run_until_complete(asyncio.wait_for(stop.wait(), args.timeout))
    except asyncio.TimeoutError:
        pass
    server.close()
    # The stdin thread may still block in read(); do not wait for it.
    os._exit(0)


if __name__ == "__main__":
    main()
