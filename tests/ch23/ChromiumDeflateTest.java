package ch23;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import browser.HeadlessChromium;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.DeflateNegotiation;
import wsfs.io.EchoListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.Connection;
import wsfs.protocol.FrameHeader;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Frame;
import wsfs.protocol.Message;
import wsfs.protocol.PerMessageDeflate;
import wsfs.protocol.ProtocolViolation;

/**
 * Headless Chromium, which offers "permessage-deflate; client_max_window_bits" by default, against our server with
 * deflate on: the page sends 100 JSON messages (context takeover across them), a 200 KB text and 64 KiB of binary,
 * checks every echo, and reports ws.extensions. The server counts the compressed (RSV1) frames Chromium sent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChromiumDeflateTest {
    static final String PAGE = """
            <!doctype html><meta charset="utf-8"><title>deflate</title><script>
            window.result = null;
            const ws = new WebSocket("ws://" + location.host + "/ws");
            ws.binaryType = "arraybuffer";
            const sent = [];
            for (let i = 0; i < 100; i++) sent.push(JSON.stringify({type: "chat", room: "lobby", user: "user" + (i % 7), text: "hello number " + i}));
            sent.push("lorem ipsum dolor ".repeat(11200));
            const bin = new Uint8Array(65536); for (let i = 0; i < bin.length; i++) bin[i] = (i * 31) % 251;
            sent.push(bin.buffer);
            let i = 0, ok = 0;
            const same = (a, b) => typeof a === "string" ? a === b
                : (b instanceof ArrayBuffer && a.byteLength === b.byteLength && new Uint8Array(a).every((x, k) => x === new Uint8Array(b)[k]));
            ws.onopen = () => ws.send(sent[0]);
            ws.onmessage = (e) => {
              if (same(sent[i], e.data)) ok++;
              i++;
              if (i < sent.length) ws.send(sent[i]); else ws.close(1000);
            };
            ws.onclose = (e) => { window.result = {extensions: ws.extensions, ok: ok, total: sent.length, code: e.code}; };
            </script>""";

    /** Counts the frames that arrive with RSV1 set, then passes everything to the real extension. */
    static Connection.Extension counting(Connection.Extension inner, AtomicInteger compressed) {
        return new Connection.Extension() {
            public int rsvBits() {
                return inner.rsvBits();
            }

            public FrameParser.Sink incoming(FrameParser.Sink receiver) {
                FrameParser.Sink next = inner.incoming(receiver);
                return new FrameParser.Sink() {
                    public void header(FrameHeader h) throws ProtocolViolation {
                        if ((h.rsv() & 4) != 0) {
                            compressed.incrementAndGet();
                        }
                        next.header(h);
                    }

                    public void payload(FrameHeader h, byte[] d, int off, int len) throws ProtocolViolation {
                        next.payload(h, d, off, len);
                    }

                    public void end(FrameHeader h) throws ProtocolViolation {
                        next.end(h);
                    }
                };
            }

            public List<Frame> outgoing(Message message, int fragmentSize) {
                return inner.outgoing(message, fragmentSize);
            }
        };
    }

    @Test
    @SuppressWarnings("unchecked")
    void chromiumCompressesWithOurServerBothWays() throws Exception {
        AtomicInteger compressed = new AtomicInteger();
        WebSocketServer.Extensions deflate = DeflateNegotiation.server(PerMessageDeflate.Options.defaults(), line -> { });
        WebSocketServer.Extensions watched = request -> deflate.negotiate(request)
                .map(a -> new WebSocketServer.Extensions.Agreed(a.responseHeader(), counting(a.extension(), compressed)));
        try (WebSocketServer server = WebSocketServer.start(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults().withPage("/", WebSocketServer.Page.html(PAGE)),
                request -> request.target().equals("/ws") ? new EchoListener() : null, watched);
             HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.driver().get("http://127.0.0.1:" + server.port() + "/");
            chromium.waitFor("window.result !== null", Duration.ofSeconds(40));
            Map<String, Object> result = (Map<String, Object>) chromium.script("return window.result;");
            assertEquals("permessage-deflate", result.get("extensions"), result.toString());
            assertEquals(102L, ((Number) result.get("ok")).longValue(), result.toString());
            assertEquals(1000L, ((Number) result.get("code")).longValue(), result.toString());
            assertTrue(compressed.get() >= 100, "Chromium sent " + compressed.get() + " compressed messages");
        }
    }
}
