"""A loopback TCP proxy that adds a fixed round-trip latency, to stand in for a
database that is not on the same machine (Cloud SQL is a network hop away).

    .venv/bin/python profiling/delay_proxy.py --target 127.0.0.1:3306 --delay-ms 5

Prints `listening on 127.0.0.1:<port>` when ready (`--port 0`, the default, picks a
free port). Every chunk the server sends is handed to the client `delay` after it
arrived, in order and without limiting throughput, so each request/response round
trip (a query, a handshake step) takes `delay` longer. The client-to-server
direction is passed through at once.

Threads, not asyncio: `time.sleep` wakes within tens of microseconds, an event
loop's timers only to the millisecond. Bounded: at most `--max-connections` at once
(further ones are closed at once) and at most `QUEUED_CHUNKS` chunks in flight per
connection (the reader then waits). It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import queue
import socket
import sys
import threading
import time

CHUNK = 65536
QUEUED_CHUNKS = 1024


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(CHUNK):
            target.sendall(data)
    except OSError:
        pass
    finally:
        _shutdown(target)


def _delayed_pump(source: socket.socket, target: socket.socket, delay: float) -> None:
    in_flight: queue.Queue = queue.Queue(QUEUED_CHUNKS)

    def deliver():
        try:
            while (item := in_flight.get()) is not None:
                due, data = item
                wait = due - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                target.sendall(data)
        except OSError:
            pass
        finally:
            _shutdown(target)

    delivering = threading.Thread(target=deliver, daemon=True)
    delivering.start()
    try:
        while data := source.recv(CHUNK):
            in_flight.put((time.perf_counter() + delay, data))
    except OSError:
        pass
    finally:
        in_flight.put(None)
        delivering.join()


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def serve(target: tuple[str, int], delay: float, port: int, max_connections: int) -> None:
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(128)
    print(f"listening on 127.0.0.1:{listener.getsockname()[1]}", flush=True)
    slots = threading.BoundedSemaphore(max_connections)

    def handle(client: socket.socket) -> None:
        try:
            server = socket.create_connection(target, timeout=10)
            server.settimeout(None)
        except OSError:
            client.close()
            slots.release()
            return
        for sock in (client, server):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        upstream = threading.Thread(target=_pump, args=(client, server), daemon=True)
        upstream.start()
        _delayed_pump(server, client, delay)
        upstream.join()
        client.close()
        server.close()
        slots.release()

    while True:
        client, _ = listener.accept()
        if not slots.acquire(blocking=False):
            client.close()
            continue
        threading.Thread(target=handle, args=(client,), daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="127.0.0.1:3306", help="host:port of the server")
    parser.add_argument("--delay-ms", type=float, required=True, help="added round-trip time")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-connections", type=int, default=256)
    args = parser.parse_args()
    host, _, port = args.target.rpartition(":")
    try:
        serve((host, int(port)), args.delay_ms / 1000, args.port, args.max_connections)
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
