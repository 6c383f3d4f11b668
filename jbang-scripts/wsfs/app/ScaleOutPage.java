package wsfs.app;

import java.util.ArrayList;
import java.util.List;

/**
 * The chat page of a room shared by several servers (chapter 15): chapter 09's page ({@link ChatPage}: the same
 * element ids, lines added as text, never HTML) plus a list of servers. It connects to the server that served it;
 * when that connection ends without the person asking (the server died, a 1001 at shutdown, 1006), it reconnects
 * with backoff (0.5 s doubling to 8 s) to the next server of the list, around and around, and says so in the log.
 * A close the person asked for (the Close button) stays closed. Each server must accept the others' pages
 * (Origin, RFC 6455 section 10.2): {@code serve --peer URL} both lists a server here and accepts its origin.
 */
public final class ScaleOutPage {
    private ScaleOutPage() {
    }

    /** The page, with {@code peers} (such as "http://127.0.0.1:8082") after the server that serves it. */
    public static String html(List<String> peers) {
        List<String> quoted = new ArrayList<>();
        for (String peer : peers) {
            String ws = peer.replaceAll("/+$", "").replaceFirst("^http", "ws");
            quoted.add("\"" + ws.replace("\\", "").replace("\"", "") + "\"");
        }
        return TEMPLATE.replace("/*PEERS*/", String.join(", ", quoted));
    }

    static final String TEMPLATE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>WebSocket from Scratch: chat room on several servers</title>
            <style>
              body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 46em; color: #222; }
              h1 { font-size: 1.3em; margin-bottom: .2em; }
              .hint { color: #666; margin-top: 0; }
              .row { display: flex; gap: .5em; align-items: center; margin: .6em 0; }
              input[type=text] { padding: .35em .5em; font-size: 1em; border: 1px solid #aaa; border-radius: 4px; }
              #message { flex: 1; }
              button { padding: .35em .9em; font-size: 1em; border-radius: 4px; border: 1px solid #888; background: #f2f2f2; }
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
            <h1>Chat room on several servers</h1>
            <p class="hint">One room shared through Redis; if this server goes away, the page moves to the next one: <span id="servers"></span></p>
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
            const own = (location.protocol === "https:" ? "wss://" : "ws://") + location.host;
            const SERVERS = [own].concat([/*PEERS*/].filter((s) => s !== own));
            let ws = null, myNick = "", server = 0, backoff = 500, wanted = false, timer = null;
            $("servers").textContent = SERVERS.join(", ");

            function log(text, kind) {
              const line = document.createElement("div");
              line.className = "line " + (kind || "");
              line.textContent = text;
              $("log").appendChild(line);
              $("log").scrollTop = $("log").scrollHeight;
            }

            function showState() {
              const state = ws ? ws.readyState : WebSocket.CLOSED;
              $("state").textContent = STATES[state] + " (" + state + ")";
              $("state").className = state === WebSocket.OPEN ? "open" : state === WebSocket.CLOSED ? "closed" : "";
              const open = state === WebSocket.OPEN;
              $("connect").disabled = wanted;
              $("close").disabled = !open;
              $("message").disabled = !open;
              $("send").disabled = !open;
            }

            function open() {
              timer = null;
              ws = new WebSocket(SERVERS[server] + "/chat?nick=" + encodeURIComponent(myNick));
              showState();
              ws.addEventListener("open", () => { backoff = 500; log("* connected to " + ws.url, "notice"); showState(); });
              ws.onmessage = (event) => {
                const text = String(event.data);
                const kind = text.startsWith("* ") ? "notice" : text.startsWith(myNick + ": ") ? "mine" : "";
                log(text, kind);
              };
              ws.onclose = (event) => {
                log("* disconnected: code " + event.code + (event.reason ? " \\"" + event.reason + "\\"" : "")
                    + ", clean: " + event.wasClean, "notice");
                if (wanted) {
                  server = (server + 1) % SERVERS.length;       // the next server, around and around
                  log("* reconnecting to " + SERVERS[server] + " in " + backoff + " ms", "notice");
                  timer = setTimeout(open, backoff);
                  backoff = Math.min(8000, backoff * 2);
                }
                showState();
              };
            }

            function connect() {
              myNick = $("nick").value.trim() || "guest";
              wanted = true;
              open();
            }

            function send() {
              const text = $("message").value;
              if (ws && ws.readyState === WebSocket.OPEN && text !== "") {
                ws.send(text);
                $("message").value = "";
              }
            }

            $("connect").onclick = connect;
            $("close").onclick = () => { wanted = false; if (timer) clearTimeout(timer); ws.close(1000, "bye"); showState(); };
            $("send").onclick = send;
            $("message").addEventListener("keydown", (e) => { if (e.key === "Enter") send(); });
            showState();
            </script>
            </body>
            </html>
            """;
}
