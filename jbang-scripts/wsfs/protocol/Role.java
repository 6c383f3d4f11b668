package wsfs.protocol;

/**
 * Which end of the connection this code plays (chapter 04). Section 5.1: a client MUST mask every frame it sends,
 * a server MUST NOT mask any frame it sends; each side MUST fail the connection when the other breaks this.
 */
public enum Role {
    CLIENT,
    SERVER;

    /** Whether frames sent by this role are masked. */
    public boolean masksOutgoing() {
        return this == CLIENT;
    }

    /** Whether frames received by this role must be masked (they come from the other role). */
    public boolean expectsMaskedIncoming() {
        return this == SERVER;
    }

    public Role peer() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
