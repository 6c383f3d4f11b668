"""Reference peer for the conformance suite (chapter 20): an echo server made with Python's `websockets`,
with the library's DEFAULT settings (max_size 1 MiB, compression offered only if the client asks, which our
fuzzer does not), because the suite measures what a user of the library gets out of the box.

It listens on 127.0.0.1, on the port given as the first argument (0: any free port), and prints exactly one
line when it is ready: "listening on ws://127.0.0.1:PORT/". SIGTERM stops it. Chapter 19's peers live in
tests/ch19/peers; this one differs only in its settings and in echoing every message as it is.
"""
import asyncio
import signal
import sys

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed


async def echo(ws):
    try:
        async for message in ws:
            await ws.send(message)
    except ConnectionClosed:
        pass


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    async with serve(echo, "127.0.0.1", port) as server:
        bound = server.sockets[0].getsockname()[1]
        print(f"listening on ws://127.0.0.1:{bound}/", flush=True)
        stop = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
        await stop


if __name__ == "__main__":
    asyncio.run(main())
