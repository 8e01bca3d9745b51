#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0+
"""Serve the camera test page on 127.0.0.1 and wait for the page's verdict.

The browser under test loads camera-test.html from this server; the page
POSTs progress lines to /log and its final JSON verdict to /result. The
server writes the verdict to --result, prints it and exits:

  0  the page reported {"ok": true, ...}
  1  the page reported a failure ("reason" says why)
  2  no verdict within --timeout seconds
  3  the verdict was not valid JSON

The port is chosen by the kernel and written to --port-file as soon as the
server listens, so tests never collide on a fixed port.
"""

import argparse
import functools
import http.server
import json
import os
import sys
import threading
import time


class Handler(http.server.SimpleHTTPRequestHandler):
    verdict = None          # (exit code, dict or text), set once
    done = threading.Event()
    started = time.monotonic()

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("server %6.1fs: %s\n"
                             % (time.monotonic() - Handler.started, fmt % args))
            sys.stderr.flush()

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n > 1 << 20:
            raise ValueError("body too large")
        return self.rfile.read(n).decode("utf-8", "replace")

    def _reply(self, code=204):
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        path = self.path.split("?", 1)[0]
        try:
            body = self._body()
        except ValueError:
            self._reply(413)
            return
        t = time.monotonic() - Handler.started
        if path == "/log":
            sys.stderr.write("page %6.1fs: %s\n" % (t, body.strip()))
            sys.stderr.flush()
            self._reply()
        elif path == "/result":
            self._reply()
            if Handler.done.is_set():
                return
            try:
                res = json.loads(body)
                code = 0 if res.get("ok") is True else 1
            except (json.JSONDecodeError, AttributeError):
                res, code = body, 3
            Handler.verdict = (code, res)
            Handler.done.set()
        else:
            self._reply(404)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.dirname(os.path.abspath(__file__)),
                    help="directory to serve (default: this script's)")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--result", required=True, help="file for the verdict JSON")
    ap.add_argument("--timeout", type=float, default=150)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    handler = functools.partial(Handler, directory=args.root)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    srv.verbose = args.verbose
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, args.port_file)      # readers never see a partial file

    threading.Thread(target=srv.serve_forever, daemon=True).start()
    if not Handler.done.wait(args.timeout):
        sys.stderr.write("server: no result from the page within %.0f s\n"
                         % args.timeout)
        srv.shutdown()
        return 2
    srv.shutdown()
    code, res = Handler.verdict
    text = json.dumps(res, indent=1) if isinstance(res, dict) else res
    with open(args.result, "w") as f:
        f.write(text + "\n")
    print(text)
    return code


if __name__ == "__main__":
    sys.exit(main())
