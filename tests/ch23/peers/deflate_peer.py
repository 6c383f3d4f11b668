"""Interop peer (chapter 23): Python's websockets with permessage-deflate ON (its default), both roles.

    python deflate_peer.py server PORT [--no-context-takeover]   echo server; prints "listening on ws://127.0.0.1:N/"
    python deflate_peer.py client URL [--no-context-takeover]    sends the chapter's messages, checks the echoes
    python deflate_peer.py echo-client URL                        echoes every message until the server closes
                                                                  (the client under test of `23_Compression.java
                                                                  conformance --client`)

websockets compresses by default (server_max_window_bits=12, client_max_window_bits=12 when offered, memLevel 5).
The client prints "EXTENSIONS <the server's answer>", one "PASS name" or "FAIL name: detail" per check, then
"DONE passed=N failed=M", and exits with 1 if a check failed.
"""
import asyncio
import json
import os
import signal
import sys

from websockets.asyncio.client import connect
from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory, ServerPerMessageDeflateFactory


def messages():
    """Chat lines and JSON that repeat (context takeover pays), random bytes (it does not), sizes 0 to 1 MiB."""
    out = []
    for i in range(200):
        out.append(json.dumps({"type": "chat", "room": "lobby", "user": f"user{i % 7}", "text": f"hello number {i}"}))
    out += ["", "a", "é€😀" * 100, "x" * 70000, "lorem ipsum dolor " * 60000]
    out += [os.urandom(n) for n in (0, 1, 125, 126, 65535, 65536, 300000)]
    out += [bytes(1 << 20)]
    return out


async def client(url, no_takeover):
    factory = ClientPerMessageDeflateFactory(
        server_no_context_takeover=no_takeover, client_no_context_takeover=no_takeover,
        client_max_window_bits=True, compress_settings={"memLevel": 5})
    passed = failed = 0
    async with connect(url, extensions=[factory], compression=None, max_size=None, open_timeout=10) as ws:
        print("EXTENSIONS " + str(ws.response.headers.get("Sec-WebSocket-Extensions")), flush=True)
        for i, sent in enumerate(messages()):
            await ws.send(sent)
            got = await ws.recv()
            ok = got == sent
            passed += ok
            failed += not ok
            if not ok or i % 50 == 0:
                print(("PASS" if ok else "FAIL") + f" echo {i} ({type(sent).__name__} of {len(sent)})"
                      + ("" if ok else f": got {type(got).__name__} of {len(got)}"), flush=True)
        await ws.send(["frag", "mented ", "compressed"])
        got = await ws.recv()
        ok = got == "fragmented compressed"
        passed += ok
        failed += not ok
        print(("PASS" if ok else "FAIL") + " fragmented message", flush=True)
    print(f"DONE passed={passed} failed={failed}", flush=True)
    return 1 if failed else 0


async def echo_client(url):
    async with connect(url, max_size=None, open_timeout=10) as ws:   # websockets offers permessage-deflate by default
        try:
            async for message in ws:
                await ws.send(message)
        except ConnectionClosed:
            pass
    return 0


async def server(port, no_takeover):
    factory = ServerPerMessageDeflateFactory(
        server_no_context_takeover=no_takeover, client_no_context_takeover=no_takeover,
        server_max_window_bits=12, client_max_window_bits=12, compress_settings={"memLevel": 5})

    async def echo(ws):
        async for message in ws:
            await ws.send(message)

    async with serve(echo, "127.0.0.1", port, extensions=[factory], compression=None, max_size=None) as s:
        print(f"listening on ws://127.0.0.1:{s.sockets[0].getsockname()[1]}/", flush=True)
        stop = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
        await stop
    return 0


if __name__ == "__main__":
    no_takeover = "--no-context-takeover" in sys.argv
    if sys.argv[1] == "echo-client":
        sys.exit(asyncio.run(echo_client(sys.argv[2])))
    if sys.argv[1] == "server":
        sys.exit(asyncio.run(server(int(sys.argv[2]), no_takeover)))
    sys.exit(asyncio.run(client(sys.argv[2], no_takeover)))
