package wsfs.app;

import java.util.ArrayList;
import java.util.List;

/**
 * The chat page of a room shared by several servers (chapter 26): chapter 18's page ({@link ChatPage#page}: the same
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

    static final String TEMPLATE = ChatPage.page("WebSocket from Scratch: chat room on several servers",
            "Chat room on several servers",
            "One room shared through Redis; if this server goes away, the page moves to the next one: <span id=\"servers\"></span>",
            """
            const own = (location.protocol === "https:" ? "wss://" : "ws://") + location.host;
            const SERVERS = [own].concat([/*PEERS*/].filter((s) => s !== own));
            let ws = null, myNick = "", server = 0, backoff = 500, wanted = false, timer = null;
            $("servers").textContent = SERVERS.join(", ");

            function showState() {
              showButtons(ws ? ws.readyState : WebSocket.CLOSED, wanted);
            }

            function open() {
              timer = null;
              ws = new WebSocket(SERVERS[server] + "/chat?nick=" + encodeURIComponent(myNick));
              showState();
              ws.addEventListener("open", () => { backoff = 500; log("* connected to " + ws.url, "notice"); showState(); });
              ws.onmessage = (event) => logLine(String(event.data));
              ws.onclose = (event) => {
                logClose(event);
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

            $("close").onclick = () => { wanted = false; if (timer) clearTimeout(timer); ws.close(1000, "bye"); showState(); };
            """);
}
