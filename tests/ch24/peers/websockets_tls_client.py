"""TLS peer (chapter 24): a client made with Python's `websockets` package, over wss://, trusting one CA file.

Usage: python websockets_tls_client.py wss://localhost:PORT/ CAFILE
Sends a short text, a 100 000-byte text (many TLS records) and a binary message, expects each echoed, closes
with 1000. Prints "PASS name" or "FAIL name: what happened" per check, then "DONE passed=N failed=M"; exits 1 if
any check failed. The certificate is checked by OpenSSL against CAFILE only, host name included.
"""
import asyncio
import ssl
import sys

from websockets.asyncio.client import connect

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("PASS " + name) if ok else ("FAIL " + name + ": " + detail), flush=True)


async def exchange(url, cafile):
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=cafile)
    async with connect(url, ssl=context, max_size=None, compression=None, open_timeout=10) as ws:
        tls = ws.transport.get_extra_info("ssl_object")
        check("TLS 1.3", tls.version() == "TLSv1.3", tls.version())
        for sent in ["hello over TLS", "x" * 100_000, bytes(range(256))]:
            await ws.send(sent)
            got = await ws.recv()
            check(f"echo {type(sent).__name__} of {len(sent)}", got == sent, f"got {type(got).__name__} of {len(got)}")
        await ws.close(1000, "done")
        check("close 1000", ws.protocol.close_rcvd is not None and ws.protocol.close_rcvd.code == 1000,
              repr(ws.protocol.close_rcvd))


def main():
    asyncio.run(asyncio.wait_for(exchange(sys.argv[1], sys.argv[2]), 30))
    failed = results.count(False)
    print(f"DONE passed={results.count(True)} failed={failed}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
