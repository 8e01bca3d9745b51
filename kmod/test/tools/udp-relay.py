#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0+
"""udp-relay: forward UDP datagrams from a local port to another, with faults on demand.

usage: udp-relay.py LISTEN_PORT TARGET_PORT EVENTS_FILE

Forwards every datagram received on 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT.
Signals switch faults: SIGUSR1 toggles "drop" (swallow everything: the sender seems gone),
SIGUSR2 sends a burst of 200 garbage datagrams (random bytes, and RTP headers with random
payloads) to the target. EVENTS_FILE gets one line per event, times as `date +%s.%N`:
    T first       the first datagram forwarded after start, a drop or 1 s of silence
    T drop on|off
    T garbage N
"""
import os
import random
import select
import signal
import socket
import struct
import sys
import time


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[2])
    listen, target, events_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", listen))
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    events = open(events_path, "a", buffering=1)
    state = {"drop": False, "garbage": 0}

    def log(what):
        events.write(f"{time.time():.3f} {what}\n")

    def toggle(*_):
        state["drop"] = not state["drop"]
        log("drop " + ("on" if state["drop"] else "off"))

    def garbage(*_):
        state["garbage"] += 1

    signal.signal(signal.SIGUSR1, toggle)
    signal.signal(signal.SIGUSR2, garbage)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    rng = random.Random(1)
    last = 0.0
    while True:
        if state["garbage"]:
            state["garbage"] -= 1
            for i in range(200):
                body = bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 1400)))
                if i % 2:   # a plausible RTP header (version 2, JPEG payload type 26) on junk
                    body = struct.pack("!BBHII", 0x80, 26, rng.getrandbits(16), rng.getrandbits(32),
                                       rng.getrandbits(32)) + body
                tx.sendto(body, ("127.0.0.1", target))
            log("garbage 200")
        try:
            ready, _, _ = select.select([rx], [], [], 0.2)
        except InterruptedError:
            continue
        if not ready:
            continue
        data = rx.recv(65536)
        if state["drop"]:
            continue
        now = time.time()
        if now - last > 1.0:
            log("first")
        last = now
        tx.sendto(data, ("127.0.0.1", target))


if __name__ == "__main__":
    main()
