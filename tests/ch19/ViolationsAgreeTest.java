package ch19;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import wsfs.app.InteropEcho;
import wsfs.conformance.PeerProcess;
import wsfs.conformance.RawFrame;
import wsfs.conformance.ViolationProbe;
import wsfs.io.WebSocketServer;
import wsfs.protocol.ByteString;

/**
 * The same broken frames sent to three servers: ours, Python websockets and Node ws. Where the RFC fixes the
 * close code, all three must agree with it (they do; the reasons differ, and the RFC leaves them free).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ViolationsAgreeTest {
    static final byte[] KEY = {0x11, 0x22, 0x33, 0x44};
    static final Map<String, String> SERVERS = new LinkedHashMap<>();
    static final List<AutoCloseable> RUNNING = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        WebSocketServer ours = WebSocketServer.start(0, WebSocketServer.Options.defaults(), new InteropEcho());
        RUNNING.add(ours);
        SERVERS.put("ours", ours.url());
        PeerProcess python = PeerProcess.startServer(List.of(Peers.python(), "websockets_server.py", "0"),
                Peers.directory(), Duration.ofSeconds(30));
        RUNNING.add(python);
        SERVERS.put("websockets", python.url());
        PeerProcess node = PeerProcess.startServer(List.of(Peers.node(), "ws_server.js", "0"),
                Peers.directory(), Duration.ofSeconds(30));
        RUNNING.add(node);
        SERVERS.put("ws", node.url());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : RUNNING) {
            c.close();
        }
    }

    record Case(String rule, int expected, ByteString wire) {
        Case(String rule, int expected, byte[] wire) {
            this(rule, expected, ByteString.of(wire));
        }
    }

    static byte[] masked(int opcode, byte[] payload) {
        return RawFrame.of(opcode, payload).mask(KEY).toBytes();
    }

    static byte[] close(int code) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(code >> 8);
        b.write(code);
        return masked(0x8, b.toByteArray());
    }

    static List<Case> cases() {
        return List.of(
                new Case("5.1 an unmasked client frame", 1002, RawFrame.of(0x1, "hi".getBytes(StandardCharsets.UTF_8)).toBytes()),
                new Case("5.2 RSV1 without an extension", 1002, RawFrame.of(0x1, new byte[] {'a'}).rsv(4).mask(KEY).toBytes()),
                new Case("5.2 reserved opcode 0x3", 1002, masked(0x3, new byte[0])),
                new Case("5.4 continuation with nothing to continue", 1002, masked(0x0, new byte[] {'x'})),
                new Case("5.5 ping with 126 bytes", 1002, masked(0x9, new byte[126])),
                new Case("5.5 fragmented ping", 1002, RawFrame.of(0x9, new byte[1]).fin(false).mask(KEY).toBytes()),
                new Case("5.5.1 close body of 1 byte", 1002, masked(0x8, new byte[] {3})),
                new Case("7.4.1 close code 1005 on the wire", 1002, close(1005)),
                new Case("7.4.2 close code 999", 1002, close(999)),
                new Case("7.4.2 close code 2999", 1002, close(2999)),
                new Case("8.1 invalid UTF-8 in a text message", 1007, masked(0x1, new byte[] {(byte) 0xff})),
                new Case("5.5.1 invalid UTF-8 in a close reason", 1007, masked(0x8, new byte[] {3, (byte) 0xe8, (byte) 0xff})),
                new Case("7.4.2 close code 4000 is echoed", 4000, close(4000)),
                new Case("5.5.1 an empty close is answered with an empty close", 1005, masked(0x8, new byte[0])));
    }

    @TestFactory
    Stream<DynamicTest> everyServerClosesWithTheRfcsCode() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            for (var server : SERVERS.entrySet()) {
                tests.add(DynamicTest.dynamicTest(c.rule() + ": " + server.getKey(), () -> {
                    ViolationProbe.Answer answer = ViolationProbe.send(server.getValue(), c.wire().toByteArray());
                    assertEquals(c.expected(), answer.code(), server.getKey() + " answered " + answer);
                }));
            }
        }
        return tests.stream();
    }
}
