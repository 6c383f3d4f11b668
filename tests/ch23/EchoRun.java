package ch23;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import wsfs.io.DeflateNegotiation;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.protocol.ByteString;
import wsfs.protocol.DeflateAgreement;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;
import wsfs.protocol.PerMessageDeflate;
import wsfs.view.WireTap;

/** Our client with deflate against an echo server: many messages, each echo checked, RSV1 seen on the wire. */
final class EchoRun {
    private EchoRun() {
    }

    static List<Message> messages() {
        Random random = new Random(7692);
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            out.add(Message.text("{\"type\":\"chat\",\"room\":\"lobby\",\"user\":\"user" + (i % 7)
                    + "\",\"text\":\"hello number " + i + "\"}"));
        }
        out.add(Message.text(""));
        out.add(Message.text("é€😀".repeat(100)));
        out.add(Message.text("lorem ipsum dolor ".repeat(60000)));
        for (int n : new int[]{0, 1, 125, 126, 65535, 65536, 300000}) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            out.add(Message.binary(b));
        }
        out.add(Message.binary(new byte[1 << 20]));
        return out;
    }

    /** Runs the exchange; returns what the server agreed to. */
    static DeflateAgreement run(String url, PerMessageDeflate.Options ours) throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        AtomicReference<DeflateAgreement> agreed = new AtomicReference<>();
        AtomicInteger compressedFrames = new AtomicInteger();
        WebSocketClient.Options options = WebSocketClient.Options.defaults()
                .withLimits(Limits.defaults().withMaxMessageSize(8L << 20))
                .withTap(t -> {
                    if (t.direction() == WireTap.Direction.RECEIVED && (t.header().rsv() & 4) != 0) {
                        compressedFrames.incrementAndGet();
                    }
                });
        WebSocketConnection c = WebSocketClient.connect(url, options, new WebSocketListener() {
            @Override
            public void onText(WebSocketConnection c, String text) {
                received.add(text);
            }

            @Override
            public void onBinary(WebSocketConnection c, ByteString data) {
                received.add(data.toByteArray());
            }
        }, DeflateNegotiation.client(ours, agreed::set));
        try {
            List<Message> all = messages();
            for (Message m : all) {
                assertTrue(c.send(m));
                Object got = received.poll(10, TimeUnit.SECONDS);
                assertNotNull(got, "no echo of a " + m.opcode() + " message of " + m.payload().length() + " bytes");
                if (m instanceof Message.Text(String text)) {
                    assertEquals(text, got);
                } else {
                    assertArrayEquals(m.payload().toByteArray(), (byte[]) got);
                }
            }
            assertTrue(c.sendFragmented(Message.text("fragmented and compressed"), 5));
            assertEquals("fragmented and compressed", received.poll(10, TimeUnit.SECONDS));
            assertTrue(compressedFrames.get() >= all.size(), "compressed echoes: " + compressedFrames.get());
        } finally {
            c.close();
            c.awaitClosed(Duration.ofSeconds(5));
        }
        return agreed.get();
    }
}
