"""TLS peer (chapter 25): an echo server made with Python's `websockets` package, serving wss://.

Usage: python websockets_tls_server.py PORT CERTFILE KEYFILE   (PORT 0: any free port)
Echoes every message. Prints exactly one line when ready: "listening on wss://127.0.0.1:PORT/". SIGTERM stops it.
"""
import asyncio
import signal
import ssl
import sys

from websockets.asyncio.server import serve


async def echo(ws):
    async for message in ws:
        await ws.send(message)


async def main():
    port, certfile, keyfile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certfile, keyfile)
    async with serve(echo, "127.0.0.1", port, ssl=context, max_size=None, compression=None) as server:
        bound = server.sockets[0].getsockname()[1]
        print(f"listening on wss://127.0.0.1:{bound}/", flush=True)
        stop = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
        await stop


if __name__ == "__main__":
    asyncio.run(main())
