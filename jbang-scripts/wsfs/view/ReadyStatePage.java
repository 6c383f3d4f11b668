package wsfs.view;

/**
 * The HTML page {@link HandshakeServer} serves at / (chapter 03). Its script opens a WebSocket to the host and
 * port the page came from, offering the subprotocols chat and superchat, and lists every readyState it sees:
 * 0 CONNECTING right after {@code new WebSocket(...)}, 1 OPEN once the browser has checked our 101 response,
 * 3 CLOSED if the handshake fails. It sets {@code window.wsOpened} for the browser test.
 */
public final class ReadyStatePage {
    private ReadyStatePage() {
    }

    public static String html() {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>WebSocket from Scratch: the opening handshake</title>
                <style>
                  body { font-family: sans-serif; margin: 2em; max-width: 50em; }
                  #state { font-size: 2em; font-family: monospace; }
                  #log { font-family: monospace; }
                </style>
                </head>
                <body>
                <h1>Chapter 03: the opening handshake</h1>
                <p>This page opens <code>new WebSocket("ws://" + location.host + "/chat", ["chat", "superchat"])</code>.
                The browser sends the upgrade request; our Java server checks it and answers 101.</p>
                <p>readyState: <span id="state">?</span></p>
                <ol id="log"></ol>
                <script>
                  const names = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];
                  const log = (text) => {
                    const item = document.createElement("li");
                    item.textContent = text;
                    document.getElementById("log").append(item);
                  };
                  const show = (ws, event) => {
                    const state = ws.readyState + " " + names[ws.readyState];
                    document.getElementById("state").textContent = state;
                    log(event + ": readyState " + state);
                  };
                  window.wsOpened = false;
                  const ws = new WebSocket("ws://" + location.host + "/chat", ["chat", "superchat"]);
                  show(ws, "new WebSocket(...)");
                  ws.onopen = () => {
                    window.wsOpened = true;
                    show(ws, "open");
                    log("subprotocol: " + JSON.stringify(ws.protocol) + ", extensions: " + JSON.stringify(ws.extensions));
                  };
                  ws.onerror = () => log("error (the browser does not say why; see its console and the server's log)");
                  ws.onclose = (event) => show(ws, "close (code " + event.code + ")");
                </script>
                </body>
                </html>
                """;
    }
}
