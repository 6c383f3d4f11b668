package wsfs.conformance;

import wsfs.io.ClientHandshake;
import wsfs.io.FrameReader;
import wsfs.io.WsUrl;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Frame;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends a server frames that break a rule and reports how it closes the connection (chapter 19). With it the
 * interoperability tests ask each server the same question, "what do you do with this?", and compare the
 * answers: the close code, and the reason it gives. A correct endpoint's code is fixed by the RFC; the reason
 * is free text.
 */
public final class ViolationProbe {
    private ViolationProbe() {
    }

    /** What came back: the server's frames before its Close, then its Close (null if none arrived). */
    public record Answer(List<Frame> before, ClosePayload close, String note) {
        /** The close code's number (as the table in chapter 19 prints it), or -1 if no Close frame arrived. */
        public int code() {
            return close == null ? -1 : close.code().code();
        }

        @Override
        public String toString() {
            return close == null ? "no Close (" + note + ")"
                    : close.code().code() + (close.reason().isEmpty() ? "" : " \"" + close.reason() + "\"");
        }
    }

    /**
     * Connects to {@code url} as a client, does the opening handshake, writes {@code wire} (raw frame bytes, e.g.
     * from {@link RawFrame}) and reads the server's frames until its Close, the end of the stream, or 5 seconds.
     */
    public static Answer send(String url, byte[]... wire) throws IOException {
        WsUrl target = WsUrl.parse(url);
        if (target.secure()) {
            throw new IllegalArgumentException("the probe speaks plain ws:// only, not TLS: " + url);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.socketHost(), target.port()), 5_000);
            socket.setSoTimeout(5_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            ClientHandshake.of(target.host(), target.port(), target.resourceName(), List.of(), Map.of()).perform(in, out);
            for (byte[] bytes : wire) {
                out.write(bytes);
            }
            out.flush();
            FrameReader reader = new FrameReader(in, Role.CLIENT, 1 << 20);
            List<Frame> before = new ArrayList<>();
            try {
                while (true) {
                    Frame f = reader.read();
                    if (f.opcode() == Opcode.CLOSE) {
                        return new Answer(before, ClosePayload.parse(f.payload().toByteArray()), "");
                    }
                    before.add(f);
                }
            } catch (SocketTimeoutException e) {
                return new Answer(before, null, "still open after 5 s");
            } catch (IOException e) {
                return new Answer(before, null, e.getMessage());
            }
        }
    }
}
