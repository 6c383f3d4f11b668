"""Reference peer for the conformance suite (chapter 20): a client made with Python's `websockets`, with the
library's default settings, that connects COUNT times to the fuzzing server at URL and echoes every message
it receives, as the fuzzing server expects (20_Conformance.java reference; FuzzingServer).

    python websockets_echo_client.py ws://127.0.0.1:PORT/ COUNT

It prints one line at the end: "done N connections".
"""
import asyncio
import sys

from websockets.asyncio.client import connect


async def main(url, count):
    done = 0
    for _ in range(count):
        try:
            async with connect(url) as ws:
                async for message in ws:
                    await ws.send(message)
        except Exception:
            pass  # the case is judged by the fuzzing server; a failed connection is one of the outcomes
        done += 1
    print(f"done {done} connections", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
