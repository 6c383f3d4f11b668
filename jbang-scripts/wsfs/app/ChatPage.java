package wsfs.app;

/**
 * The browser side of the chat room (chapter 18): one HTML page with its script, served by
 * {@link ChatRoom} at "/" on the same port as the WebSocket endpoint "/chat".
 *
 * <p>It uses the browser API that chapter 17 describes: {@code new WebSocket(url)}, the four events
 * (here with {@code addEventListener} for open and properties for the others), {@code readyState},
 * {@code send()}, {@code bufferedAmount} and {@code close(code, reason)}. Every received line is added
 * with {@code textContent}, never as HTML, so a nickname like {@code <img onerror=...>} stays text.
 * The element ids (nick, connect, close, message, send, state, log) are what the browser tests drive.
 */
public final class ChatPage {
    private ChatPage() {
    }

    /** Chapter 18's page: one connection to the server that served it, opened and closed by the person. */
    public static final String HTML = page("WebSocket from Scratch: chat room", "Chat room",
            "Served by our own Java server; the messages travel as WebSocket frames on the same port.", """
            let ws = null;
            let myNick = "";

            function showState() {
              const state = ws ? ws.readyState : WebSocket.CLOSED;
              showButtons(state, state !== WebSocket.CLOSED);
            }

            function connect() {
              myNick = $("nick").value.trim() || "guest";
              const scheme = location.protocol === "https:" ? "wss://" : "ws://";
              ws = new WebSocket(scheme + location.host + "/chat?nick=" + encodeURIComponent(myNick));
              ws.binaryType = "arraybuffer";
              showState();
              ws.addEventListener("open", () => { log("* connected to " + ws.url, "notice"); showState(); $("message").focus(); });
              ws.onmessage = (event) => {
                const text = typeof event.data === "string" ? event.data : "[binary, " + event.data.byteLength + " bytes]";
                logLine(text);
              };
              ws.onerror = () => log("* error (the browser does not say more; see onclose)", "notice");
              ws.onclose = (event) => {
                logClose(event);
                showState();
              };
            }

            $("close").onclick = () => { ws.close(1000, "bye"); showState(); };
            """);

    /**
     * The page around a connection script: the form (the element ids the browser tests drive), the log and the
     * helpers every version shares: {@code log} (as text, never HTML), {@code logLine} (a chat line, marked as a
     * notice or as mine), {@code logClose}, {@code showButtons}, {@code send} and the Enter key. The script must
     * define {@code ws}, {@code myNick}, {@code showState()} and {@code connect()}, and the Close button's
     * handler; chapter 26's page gives one that moves between servers.
     */
    public static String page(String title, String heading, String hintHtml, String connectionScript) {
        return TEMPLATE.replace("/*TITLE*/", title).replace("/*HEADING*/", heading).replace("/*HINT*/", hintHtml)
                .replace("/*CONNECTION*/", connectionScript);
    }

    private static final String TEMPLATE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>/*TITLE*/</title>
            <style>
              body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 46em; color: #222; }
              h1 { font-size: 1.3em; margin-bottom: .2em; }
              .hint { color: #666; margin-top: 0; }
              .row { display: flex; gap: .5em; align-items: center; margin: .6em 0; }
              input[type=text] { padding: .35em .5em; font-size: 1em; border: 1px solid #aaa; border-radius: 4px; }
              #message { flex: 1; }
              button { padding: .35em .9em; font-size: 1em; border-radius: 4px; border: 1px solid #888; background: #f2f2f2; }
              button:disabled { color: #aaa; }
              #state { font-family: ui-monospace, monospace; padding: .2em .5em; border-radius: 4px; background: #eee; }
              #state.open { background: #d8f3dc; }
              #state.closed { background: #f8d7da; }
              #log { border: 1px solid #ccc; border-radius: 4px; height: 18em; overflow-y: auto; padding: .5em;
                     font-family: ui-monospace, monospace; font-size: .95em; background: #fcfcfc; }
              .notice { color: #777; font-style: italic; }
              .mine { color: #1a5fb4; }
            </style>
            </head>
            <body>
            <h1>/*HEADING*/</h1>
            <p class="hint">/*HINT*/</p>
            <div class="row">
              <label for="nick">Nickname</label>
              <input type="text" id="nick" value="guest" maxlength="24">
              <button id="connect">Connect</button>
              <button id="close" disabled>Close</button>
              <span id="state">CLOSED (3)</span>
            </div>
            <div id="log" aria-live="polite"></div>
            <div class="row">
              <input type="text" id="message" placeholder="Say something and press Enter" disabled>
              <button id="send" disabled>Send</button>
            </div>
            <script>
            "use strict";
            const STATES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];
            const $ = (id) => document.getElementById(id);

            function log(text, kind) {
              const line = document.createElement("div");
              line.className = "line " + (kind || "");
              line.textContent = text;
              $("log").appendChild(line);
              $("log").scrollTop = $("log").scrollHeight;
            }

            function logLine(text) {
              log(text, text.startsWith("* ") ? "notice" : text.startsWith(myNick + ": ") ? "mine" : "");
            }

            function logClose(event) {
              log("* disconnected: code " + event.code + (event.reason ? " \\"" + event.reason + "\\"" : "")
                  + ", clean: " + event.wasClean, "notice");
            }

            function showButtons(state, connecting) {
              $("state").textContent = STATES[state] + " (" + state + ")";
              $("state").className = state === WebSocket.OPEN ? "open" : state === WebSocket.CLOSED ? "closed" : "";
              const open = state === WebSocket.OPEN;
              $("connect").disabled = connecting;
              $("close").disabled = !open;
              $("message").disabled = !open;
              $("send").disabled = !open;
            }

            function send() {
              const text = $("message").value;
              if (ws && ws.readyState === WebSocket.OPEN && text !== "") {
                ws.send(text);
                $("message").value = "";
              }
            }

            /*CONNECTION*/
            $("connect").onclick = connect;
            $("send").onclick = send;
            $("message").addEventListener("keydown", (e) => { if (e.key === "Enter") send(); });
            showState();
            </script>
            </body>
            </html>
            """;
}
