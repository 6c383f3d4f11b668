"""Interop peer (chapter 19): a server made with Python's `websockets` package, for our client to talk to.

It follows the same small script as wsfs.InteropEcho, our own interop server:
  "please close"    -> it closes the connection with 4001 "server says bye"
  "please ping"     -> it sends a Ping "are you there"; when the Pong arrives it sends "pong: <payload>"
  "please fragment" -> it sends "fragmented message" as three frames: "frag", "mented ", "message"
  anything else     -> it sends the message back unchanged, text as text, binary as binary
It listens on 127.0.0.1, on the port given as the first argument (0: any free port), and prints exactly one
line when it is ready: "listening on ws://127.0.0.1:PORT/". SIGTERM stops it.
"""
import asyncio
import signal
import sys

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed


async def handler(ws):
    try:
        async for message in ws:
            if message == "please close":
                await ws.close(4001, "server says bye")
                return
            if message == "please ping":
                pong_waiter = await ws.ping(b"are you there")
                await pong_waiter
                await ws.send("pong: are you there")
            elif message == "please fragment":
                # An iterable sends one message as several frames (websockets: "fragmented message").
                await ws.send(["frag", "mented ", "message"])
            else:
                await ws.send(message)
    except ConnectionClosed:
        pass


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    # max_size=None: the tests send 1 MiB messages, and websockets refuses more than 1 MiB by default.
    # compression=None: no permessage-deflate; our client does not offer it anyway.
    async with serve(handler, "127.0.0.1", port, max_size=None, compression=None) as server:
        bound = server.sockets[0].getsockname()[1]
        print(f"listening on ws://127.0.0.1:{bound}/", flush=True)
        stop = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
        await stop


if __name__ == "__main__":
    asyncio.run(main())
