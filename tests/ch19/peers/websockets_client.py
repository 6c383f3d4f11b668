"""Interop peer (chapter 19): a client made with Python's `websockets` package, talking to our server.

Usage: python websockets_client.py ws://127.0.0.1:PORT/
The server must follow the script of wsfs.InteropEcho (echo, "please close", "please ping",
"please fragment"). Prints one line per check, "PASS name" or "FAIL name: what happened", then
"DONE passed=N failed=M", and exits with 1 if any check failed.
"""
import asyncio
import sys

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

SIZES = [0, 125, 126, 65535, 65536, 1 << 20]
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("PASS " + name) if ok else ("FAIL " + name + ": " + detail), flush=True)


def text_of(n):
    """A text of exactly n UTF-8 bytes, with 2- and 3-byte characters in it."""
    data = ("abc é € " * (n // 8 + 1)).encode("utf-8")[:n].decode("utf-8", errors="ignore")
    return data + "x" * (n - len(data.encode("utf-8")))


def binary_of(n):
    return bytes((i * 31 + 7) & 0xFF for i in range(n))


async def exchange(url):
    async with connect(url, max_size=None, compression=None, open_timeout=10) as ws:
        for n in SIZES:
            sent = text_of(n)
            await ws.send(sent)
            got = await ws.recv()
            check(f"text {n} bytes", got == sent, f"got {type(got).__name__} of {len(got)}")
        for n in SIZES:
            sent = binary_of(n)
            await ws.send(sent)
            got = await ws.recv()
            check(f"binary {n} bytes", got == sent, f"got {type(got).__name__} of {len(got)}")
        parts = ["frag", "mented ", "message from python"]
        await ws.send(parts)
        got = await ws.recv()
        check("fragmented message sent", got == "".join(parts), repr(got))
        await ws.send("please fragment")
        got = await ws.recv()
        check("fragmented message received", got == "fragmented message", repr(got))
        pong_waiter = await ws.ping(b"ping from python")
        await asyncio.wait_for(pong_waiter, 5)
        check("ping answered by pong", True)
        await ws.send("please ping")
        got = await ws.recv()
        check("server ping answered", got == "pong: are you there", repr(got))
        await ws.close(4000, "client done")
        rcvd = ws.protocol.close_rcvd
        # RFC 6455 5.5.1: the answer typically echoes the code; echoing the reason is not required.
        check("client close 4000", rcvd is not None and rcvd.code == 4000, repr(rcvd))

    async with connect(url, open_timeout=10) as ws:
        await ws.send("please close")
        try:
            got = await asyncio.wait_for(ws.recv(), 5)
            check("server close 4001", False, "got a message: " + repr(got))
        except ConnectionClosed as e:
            ok = e.rcvd is not None and e.rcvd.code == 4001 and e.rcvd.reason == "server says bye"
            check("server close 4001", ok, repr(e.rcvd))


def main():
    asyncio.run(asyncio.wait_for(exchange(sys.argv[1]), 60))
    failed = results.count(False)
    print(f"DONE passed={results.count(True)} failed={failed}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
