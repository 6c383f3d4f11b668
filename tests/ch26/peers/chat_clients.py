"""Chapter 26: two Python `websockets` clients in one chat room, each connected to a different server.

Usage: python chat_clients.py ws://127.0.0.1:PORT1/chat ws://127.0.0.1:PORT2/chat
ann joins the first server, bob the second; each says one line; both must hear both lines, in the same order.
Prints each line heard, then "PASS" (exit 0) or "FAIL why" (exit 1). Every wait is bounded (15 s).
"""
import asyncio
import sys

from websockets.asyncio.client import connect


async def until(ws, wanted, heard):
    while True:
        line = await asyncio.wait_for(ws.recv(), 15)
        heard.append(line)
        print(f"{wanted[0]} heard: {line}", flush=True)
        if line.startswith(wanted[1]):
            return


async def main(first, second):
    ann_heard, bob_heard = [], []
    async with connect(first + "?nick=ann", open_timeout=10) as ann:
        await until(ann, ("ann", "* ann joined"), ann_heard)
        async with connect(second + "?nick=bob", open_timeout=10) as bob:
            await until(bob, ("bob", "* bob joined"), bob_heard)
            await until(ann, ("ann", "* bob joined"), ann_heard)
            await ann.send("hello from python on the first server")
            await bob.send("hi from python on the second server")
            for ws, name, heard in ((ann, "ann", ann_heard), (bob, "bob", bob_heard)):
                await until(ws, (name, "ann: hello from python"), heard)
            for ws, name, heard in ((ann, "ann", ann_heard), (bob, "bob", bob_heard)):
                if not any(l.startswith("bob: hi from python") for l in heard):
                    await until(ws, (name, "bob: hi from python"), heard)
    chat = lambda heard: [l for l in heard if not l.startswith("* ")]
    if chat(ann_heard)[-2:] != chat(bob_heard)[-2:] or len(chat(ann_heard)) != 2:
        print(f"FAIL not one order: ann {chat(ann_heard)}, bob {chat(bob_heard)}", flush=True)
        return 1
    print("PASS", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
    except asyncio.TimeoutError:
        print("FAIL a line did not come within 15 s", flush=True)
        sys.exit(1)
