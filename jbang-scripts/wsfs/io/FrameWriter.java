package wsfs.io;

import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Role;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes frames to a stream (chapters 04 and 06). {@code role} is the side WE play.
 * <p>
 * A {@link Role#CLIENT} writer masks every frame with a fresh key from its {@link MaskingKeys}
 * (section 5.1: "a client MUST mask all frames that it sends to the server"; section 5.3: a new
 * unpredictable key for each frame); a key already in the frame is replaced, because reusing a key someone
 * else chose makes it predictable. A {@link Role#SERVER} writer never masks ("A server MUST NOT mask").
 * <p>
 * {@link #write} is synchronized and hands the whole frame, header and payload, to one {@code write} call,
 * then flushes: two threads writing at once (a reader thread answering a Ping while the application sends
 * a message) produce two whole frames, one after the other, never a mix (sections 5.4 and 5.5: control frames
 * may be injected between fragments, but never inside a frame).
 */
public final class FrameWriter {
    private final OutputStream out;
    private final Role role;
    private final MaskingKeys keys;

    /** @param keys where a client's keys come from; null means {@link MaskingKeys#secure()}. Ignored by a server. */
    public FrameWriter(OutputStream out, Role role, MaskingKeys keys) {
        this.out = out;
        this.role = role;
        this.keys = keys != null ? keys : role.masksOutgoing() ? MaskingKeys.secure() : null;
    }

    /** A writer with fresh {@link java.security.SecureRandom} keys for a client. */
    public FrameWriter(OutputStream out, Role role) {
        this(out, role, null);
    }

    public Role role() {
        return role;
    }

    /** Writes one frame, whole, in one write call, and flushes. */
    public synchronized void write(Frame f) throws IOException {
        Frame onWire = role.masksOutgoing() ? f.withMaskingKey(keys.next()) : f.withMaskingKey(null);
        out.write(FrameCodec.encode(onWire));
        out.flush();
    }
}
