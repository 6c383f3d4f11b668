package exercises;

import wsfs.conformance.CaseResult;
import wsfs.conformance.ConformanceCase;
import wsfs.conformance.ConformanceSuite;
import wsfs.conformance.FuzzingClient;
import wsfs.conformance.Verdict;
import wsfs.io.FrameReader;
import wsfs.protocol.AcceptKey;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static exercises.Stage.challenge;

/**
 * Chapter 20's challenge (no exercises: chapter 20 is the conformance runner): the runner's judge must not be
 * fooled by a peer that echoes everything right and then answers our Close with a code that section 7.4 keeps off
 * the wire. A tiny server written here plays that peer; the same server answering 1000 is the control.
 */
final class Stages20 {
    private Stages20() {
    }

    /**
     * A server that completes the handshake, echoes every data frame, answers a Ping, and answers a Close with a
     * Close carrying {@code closeCode} (whatever it is), then closes TCP. One connection at a time.
     */
    static final class CloseCodePeer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        private final int closeCode;

        CloseCodePeer(int closeCode) throws IOException {
            this.closeCode = closeCode;
            Thread.ofVirtual().start(this::serve);
        }

        String url() {
            return "ws://127.0.0.1:" + listener.getLocalPort() + "/";
        }

        private void serve() {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout(5000);
                    talk(s.getInputStream(), s.getOutputStream());
                } catch (Exception e) {
                    // the client went away, or the listener is closed: next connection, or the end
                }
            }
        }

        private void talk(InputStream in, OutputStream out) throws Exception {
            String head = new String(Stages14.readHead(in), StandardCharsets.ISO_8859_1);
            Matcher key = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)").matcher(head);
            if (!key.find()) {
                return;
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + AcceptKey.accept(key.group(1)) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            FrameReader reader = new FrameReader(in, Role.SERVER, 1 << 20);
            while (true) {
                Frame f = reader.read();
                Opcode answer = switch (f.opcode()) {
                    case PING -> Opcode.PONG;
                    case CLOSE -> Opcode.CLOSE;
                    case PONG -> null;
                    default -> f.opcode();
                };
                if (answer == Opcode.CLOSE) {
                    out.write(FrameCodec.encode(new Frame(true, 0, Opcode.CLOSE, null, new byte[] {(byte) (closeCode >> 8), (byte) closeCode})));
                    out.flush();
                    return;
                }
                if (answer != null) {
                    out.write(FrameCodec.encode(new Frame(f.fin(), 0, answer, null, f.payload().toByteArray())));
                    out.flush();
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    static CaseResult run(String caseId, int closeCode) throws Exception {
        ConformanceCase c = ConformanceSuite.all().stream().filter(x -> x.id().equals(caseId)).findFirst()
                .orElseThrow(() -> new StageFailure("the conformance suite", "a case " + caseId, "no such case"));
        try (CloseCodePeer peer = new CloseCodePeer(closeCode)) {
            return new FuzzingClient(URI.create(peer.url())).run(c);
        }
    }

    static String shown(CaseResult r) {
        return r.verdict().label() + " (observed: " + r.observed() + "; reason: " + r.reason() + ")";
    }

    static List<Stage> stages() {
        return List.of(
                challenge("20-forbidden-code", "a Close reply with 1005, 1006, 1015 or 999 is FAIL, however right the rest was",
                        "RFC 6455 sections 7.4.1 and 7.4.2: 1005, 1006 and 1015 MUST NOT be set in a Close frame, and 0-999 are not used",
                        "ConformanceSession turns a Close whose code is not CloseCode.sendable() into a PeerViolation naming section 7.4; the judge fails any case with a violation.", () -> {
                            String doing = "case 7.1.1 (send \"Hello World!\", then Close 1000) against a peer that echoes it and answers the Close with ";
                            CaseResult control = run("7.1.1", 1000);
                            Expect.isTrue(doing + "1000", control.verdict() == Verdict.PASS, "PASS", shown(control));
                            for (int code : new int[] {1005, 1006, 1015, 999}) {
                                CaseResult r = run("7.1.1", code);
                                Expect.isTrue(doing + code, r.verdict() == Verdict.FAIL && r.reason().contains("7.4"),
                                        "FAIL, with a reason that names section 7.4", shown(r));
                            }
                        }));
    }
}
