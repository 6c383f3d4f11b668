package wsfs.view;

/**
 * The browser side of the interoperability exchange (chapter 19): a page whose script runs the
 * {@link InteropExchange} steps with the browser's own WebSocket against the {@link InteropEcho} endpoint of
 * the server that served the page. Results go to {@code window.interopResults} (a list of
 * {name, passed, detail}) and a table on the page; {@code window.interopDone} becomes true at the end.
 *
 * <p>What a page cannot do, and how the exchange still covers it: the browser API has no way to send a Ping or
 * to choose how a message is fragmented, so the page only receives a fragmented message ("please fragment")
 * and answers the server's Ping ("please ping": the browser sends the Pong by itself, section 5.5.2).
 */
public final class InteropPage {
    private InteropPage() {
    }

    /** Where {@link #HTML} expects the WebSocket endpoint (same host and port as the page). */
    public static final String ENDPOINT = "/echo";

    public static final String HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>WebSocket from Scratch: browser interop</title>
            <style>
              body { font-family: system-ui, sans-serif; margin: 1.5em; }
              td, th { padding: .15em .8em; border-bottom: 1px solid #ddd; text-align: left; }
              .pass { color: #2b8a3e; } .fail { color: #c92a2a; font-weight: bold; }
            </style></head>
            <body>
            <h1>Browser WebSocket against our server</h1>
            <p id="status">running...</p>
            <table><thead><tr><th>check</th><th>result</th></tr></thead><tbody id="results"></tbody></table>
            <script>
            "use strict";
            window.interopResults = [];
            window.interopDone = false;
            const SIZES = [0, 125, 126, 65535, 65536, 1 << 20];
            const URL_ = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/echo";

            function check(name, passed, detail) {
              window.interopResults.push({ name, passed, detail: passed ? "" : String(detail) });
              const row = document.createElement("tr");
              const a = document.createElement("td"); a.textContent = name;
              const b = document.createElement("td"); b.textContent = passed ? "pass" : "FAIL: " + detail;
              b.className = passed ? "pass" : "fail";
              row.append(a, b);
              document.getElementById("results").append(row);
            }

            // The same texts as InteropExchange.textOf: exactly n UTF-8 bytes with 1-, 2- and 3-byte characters.
            function textOf(n) {
              const pattern = "abc \\u00e9 \\u20ac ";
              let out = [], bytes = 0;
              for (let i = 0; ; i++) {
                const c = pattern[i % pattern.length], code = c.charCodeAt(0);
                const size = code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
                if (bytes + size > n) break;
                out.push(c); bytes += size;
              }
              return out.join("") + "x".repeat(n - bytes);
            }

            function binaryOf(n) {
              const b = new Uint8Array(n);
              for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) & 0xff;
              return b;
            }

            function sameBytes(buffer, expected) {
              if (!(buffer instanceof ArrayBuffer) || buffer.byteLength !== expected.length) return false;
              const got = new Uint8Array(buffer);
              for (let i = 0; i < got.length; i++) if (got[i] !== expected[i]) return false;
              return true;
            }

            // A socket whose next event can be awaited: message data, or {close: {code, reason, wasClean}}.
            function open() {
              return new Promise((resolve, reject) => {
                const ws = new WebSocket(URL_);
                ws.binaryType = "arraybuffer";
                const queue = [], waiting = [];
                const push = (e) => waiting.length ? waiting.shift()(e) : queue.push(e);
                ws.onmessage = (e) => push(e.data);
                ws.onclose = (e) => push({ close: { code: e.code, reason: e.reason, wasClean: e.wasClean } });
                ws.onopen = () => resolve({ ws, next: () => new Promise((r) => queue.length ? r(queue.shift()) : waiting.push(r)) });
                ws.onerror = () => reject(new Error("the connection failed"));
              });
            }

            function describe(x) {
              if (typeof x === "string") return "got text of " + new TextEncoder().encode(x).length + " bytes";
              if (x instanceof ArrayBuffer) return "got binary of " + x.byteLength + " bytes";
              return "got " + JSON.stringify(x);
            }

            async function run() {
              const c = await open();
              check("opening handshake", true, "");
              for (const n of SIZES) {
                const sent = textOf(n);
                c.ws.send(sent);
                const got = await c.next();
                check("text " + n + " bytes", got === sent, describe(got));
              }
              for (const n of SIZES) {
                const sent = binaryOf(n);
                c.ws.send(sent);
                const got = await c.next();
                check("binary " + n + " bytes", sameBytes(got, sent), describe(got));
              }
              c.ws.send("please fragment");
              let got = await c.next();
              check("fragmented message received", got === "fragmented message", describe(got));
              c.ws.send("please ping");
              got = await c.next();
              check("server ping answered", got === "pong: are you there", describe(got));
              const big = binaryOf(4 << 20);
              c.ws.send(big);
              check("bufferedAmount counts unsent bytes", c.ws.bufferedAmount > 0 && c.ws.bufferedAmount <= big.length,
                    "bufferedAmount was " + c.ws.bufferedAmount);
              got = await c.next();
              check("binary 4 MiB bytes", sameBytes(got, big), describe(got));
              c.ws.close(4000, "client done");
              got = await c.next();
              check("client close 4000", got.close && got.close.code === 4000 && got.close.wasClean, describe(got));

              const d = await open();
              d.ws.send("please close");
              got = await d.next();
              check("server close 4001", got.close && got.close.code === 4001 && got.close.reason === "server says bye"
                    && got.close.wasClean, describe(got));
            }

            run().catch((e) => check("exchange", false, e.message)).finally(() => {
              const failed = window.interopResults.filter((r) => !r.passed).length;
              document.getElementById("status").textContent =
                  window.interopResults.length + " checks, " + failed + " failed";
              window.interopDone = true;
            });
            </script>
            </body>
            </html>
            """;
}
