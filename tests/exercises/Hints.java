package exercises;

import java.util.Map;
import java.util.Set;

/** The longer hints of {@code ./course check NN --hint}: the idea of each exercise in a few lines. */
final class Hints {
    private Hints() {
    }

    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("01-exact-and-line", """
                    readExactly: in.readNBytes(n) loops until n bytes or the end; fewer than n means the stream ended.
                    readLine: a ByteArrayOutputStream, one in.read() at a time. -1: null if nothing was read, else
                    EOFException. '\\n': the line is done; drop one '\\r' before it. Check the bound before each write."""),
            Map.entry("01-read-head", """
                    Keep every byte (the head is returned whole) and count the bytes of the current line.
                    At '\\n': if the line was empty (0 bytes, or just '\\r'), the head is complete; else start a new line.
                    The bound is checked before a byte is kept; -1 before the empty line is an EOFException."""),
            Map.entry("02-accept-key", """
                    steps: concatenated = key + GUID; sha1 = sha1(concatenated.getBytes(US_ASCII));
                    accept = Base64.getEncoder().encodeToString(sha1). The key is never decoded for this.
                    isValidKey: length 24, ends with "==", and Base64.getDecoder().decode(key).length == 16."""),
            Map.entry("02-header-lists", """
                    One pass over the value with a StringBuilder for the current element and a flag "inside quotes".
                    '"' flips the flag (and is kept); inside quotes a backslash keeps itself and the next character.
                    A comma outside quotes ends the element: strip() it, keep it if not empty, start a new one; the same at the end."""),
            Map.entry("03-validate-request", """
                    Check in the order of section 4.2.1: method GET, version HTTP/1.1, one Host, Upgrade has the token
                    websocket, Connection has the token Upgrade, Sec-WebSocket-Version is exactly one "13" (else 426 with
                    Upgrade and Sec-WebSocket-Version: 13 fields), one valid key, the origin policy (403), then choose the
                    subprotocol and build HttpResponse.switchingProtocols(AcceptKey.accept(key), subprotocol)."""),
            Map.entry("03-verify-response", """
                    Check in the order of section 4.1: status 101, Upgrade has the token websocket, Connection has the token
                    Upgrade, exactly one Sec-WebSocket-Accept equal to AcceptKey.accept(key), no Sec-WebSocket-Extensions unless
                    the request offered some, at most one Sec-WebSocket-Protocol and one of protocols. Each failure: throw fail(reason)."""),
            Map.entry("05-header-lengths", """
                    firstTwoBytes: b0 = head[0] & 0xff, b1 = head[1] & 0xff. Check RSV, opcode (Opcode.fromCode), control
                    frames (FIN, length <= 125), the MASK bit against the role. extra = FrameCodec.extendedLengthBytes(b1): 0 means
                    lengthKnown(FrameCodec.sevenBitLength(b1), sink); else state = EXTENDED_LENGTH and headTarget = 2 + extra.
                    extendedLength: n = bigEndian(head, 2, headTarget - 2), then lengthKnown(n, sink)."""),
            Map.entry("04-encoder", """
                    writeHeader: out[0] = fin | rsv << 4 | opcode. Byte 1 carries the MASK bit (0x80 when key != null) and
                    the 7-bit length, or 126 + 2 bytes, or 127 + 8 bytes, high byte first (LengthForm.minimalFor). Then
                    the key. encode: check control frames, allocate headerLength + payload, write the header, copy the
                    payload after it and mask that copy with Masking.applyFast(out, at, length, key, 0)."""),
            Map.entry("04-close-codes", """
                    sendable(): 1000-1003, 1007-1014 and 3000-4999, nothing else. meaning(): the registered meaning when the
                    code has one, else the range it falls in (below 1000, 1004, 1016-2999, 3000-3999, 4000-4999, above
                    4999), each sentence naming its section. whyNotSendable(): the same ranges in a few words, and
                    "1005/1006/1015 only reports locally what happened"."""),
            Map.entry("05-frame-reader", """
                    read(): a OneFrame sink; while it is not complete, readHeaderBytes(frame) until the parser has reported
                    the header, then readPayloadBytes(frame); return the Frame from the header and the payload array.
                    readHeaderBytes: n = in.read(headerBytes, 0, bytesNeeded()); n < 0 is an EOFException (before a frame or
                    inside its header); then parser.feed(headerBytes, 0, n, frame). readPayloadBytes: grow the array when
                    full, read at most min(bytesNeeded(), room, PAYLOAD_CHUNK) into it at frame.filled, feed that piece."""),
            Map.entry("06-mask-readable", """
                    for (int i = 0; i < length; i++) data[offset + i] ^= key[(keyOffset + i) & 3];
                    check: key.length must be 4 (IllegalArgumentException), Objects.checkFromIndexSize(offset, length, data.length)."""),
            Map.entry("06-mask-fast", """
                    pattern: for j in 0..7, pattern |= (key[(keyOffset + j) & 3] & 0xffL) << (8 * j) (LONGS is little-endian).
                    Then for (i = 0; i + 8 <= length; i += 8) LONGS.set(data, offset + i, (long) LONGS.get(data, offset + i) ^ pattern);
                    then the remaining bytes one at a time with key[(keyOffset + i) & 3] (8 is a multiple of 4)."""),
            Map.entry("07-reassemble", """
                    header: control frames and a header inside a frame are programming errors; CONTINUATION needs an open
                    fragmented message, TEXT/BINARY needs none (1002, 5.4); buffer.size() + length > max is 1009 (10.4);
                    open = opcode for a first frame; current = header; received = 0.
                    frameEnded: current = null, fragments++; no FIN: fragmented = true, empty. FIN: take the buffer, reset
                    it, open = null, fragmented = false; TEXT: utf8.finish(), then Message.Text; else Message.Binary."""),
            Map.entry("07-utf8", """
                    need == 0: 00..7F ASCII; 80..BF no lead; C0, C1 overlong; C2..DF start(b, 1, 80, BF);
                    E0..EF start(b, 2, E0 ? A0 : 80, ED ? 9F : BF); F0..F4 start(b, 3, F0 ? 90 : 80, F4 ? 8F : BF); else never.
                    need > 0: b must be in 80..BF and in lo..hi; then need--, codePoint = codePoint << 6 | b & 0x3F,
                    lo = 80, hi = BF. offset++ for every accepted byte; return null when fine, a sentence when not."""),
            Map.entry("08-route-control", """
                    header: control -> control = new byte[(int) length], controlFilled = 0; data -> assembler.header.
                    payload: control -> arraycopy into control; data -> assembler.payload.
                    end: data -> assembler.end (a message event, maybe); control -> onEvent.accept(controlEvent(opcode, control))."""),
            Map.entry("08-match-pong", """
                    pongReceived: seq = sequenceOf(payload). Under synchronized (this): return false if stopped, empty,
                    no ping outstanding, or another number; else rtt = now - sentAtNanos, lastRoundTrip, answered++,
                    outstanding = 0. Outside the lock: listener.onRoundTrip(seq, rtt); return true.
                    sequenceOf: 8 bytes -> ByteBuffer.wrap(payload).getLong(), else OptionalLong.empty()."""),
            Map.entry("09-close-payload", """
                    0 bytes: EMPTY. 1 byte: 1002 (5.5.1). Over 125: 1002 (5.5). code = big-endian 16 bits; not
                    CloseCode.sendable(code): 1002 (7.4.1). The reason must pass a Utf8Validator: else 1007 (5.5.1)."""),
            Map.entry("09-closing-states", """
                    close: frame = payload.toFrame() first (it validates); not OPEN or already sent: empty; else sent,
                    CLOSING, the frame. closeReceived: a second one is an IllegalStateException; received = payload; OPEN
                    -> CLOSING; answer with the same code (EMPTY for EMPTY) unless we sent one. fail: failed, CLOSING,
                    a Close with the code and the truncated reason unless one was sent or the code is not sendable.
                    closesTransportFirst: SERVER || failed || !complete(). transportClosed: CLOSED; clean event only
                    when complete() and not failed, else CloseEvent.abnormal()."""),
            Map.entry("10-act", """
                    One switch over the receiver's event. MessageReceived(Text) -> TextReceived; (Binary) -> BinaryReceived.
                    PingReceived: queue(ping.reply()) only if handshake.maySend(), then the event. PongReceived: the event,
                    nothing queued. CloseReceived: payload = ClosePayload.parse(bytes) (it throws 1002/1007), then
                    handshake.closeReceived(payload).ifPresent(this::queue), discarding = true, the event."""),
            Map.entry("10-failure", """
                    failed: discarding = true; handshake.fail(violation.closeCode(), reasonFor(violation)).ifPresent(this::queue);
                    events.add(new Failure(violation)). reasonFor: full = rule + " (" + section + ")"; if its UTF-8 is at most
                    ClosePayload.MAX_REASON_BYTES return it; else ClosePayload.truncate(rule, 123 - bytes of the section - 3)
                    + "..." + section."""),
            Map.entry("11-memory-budget", """
                    MemoryBudget holds a counter, not bytes. tryReserve: loop { now = used.get(); now + bytes > capacity ->
                    false; compareAndSet(now, now + bytes) -> true }, so two threads never take the same last bytes.
                    release: addAndGet(-bytes). MessageReservation.follow(want): less than reserved -> release the
                    difference; more -> tryReserve the difference or return ProtocolViolation(TRY_AGAIN_LATER, "10.4", ...);
                    reserved = want. releaseAll: release(reserved), reserved = 0."""),
            Map.entry("11-outbox-bound", """
                    Under the lock. offerMessage: size = the frames' lengths; finished -> CLOSED; dataBytes > 0 and
                    queuedBytes + size > maxBytes -> OVERFLOW (one big message passes when no data waits); budget.tryReserve(size)
                    false -> OVER_BUDGET; then every frame into data as Encoded(ByteString.wrapOwned(f), Kind.DATA),
                    queuedBytes and dataBytes += size, and deferred ? this.deferred = true : ready.signal(). offerControl: finished
                    -> CLOSED; queuedBytes + length > maxBytes -> OVERFLOW; else into control (taken first), count, signal."""),
            Map.entry("12-frame-clock", """
                    Two fields: betweenFrames (true at a boundary) and frameStartedAt (0 between frames). got(n): n > 0 and
                    betweenFrames -> betweenFrames = false, frameStartedAt = System.nanoTime() | 1 (the | 1 keeps it from being 0).
                    read(): b = super.read(); got(b < 0 ? 0 : 1). read(b, off, len): n = super.read(...); got(n).
                    betweenFrames(): if watching, betweenFrames = true and frameStartedAt = 0. stopWatching(): watching = false,
                    betweenFrames = false, frameStartedAt = 0."""),
            Map.entry("12-writer-drain", """
                    writeLoop: try { while (!(batch = outbox.takeSome(WRITE_CHUNK)).isEmpty()) { write(batch); if the last is
                    Kind.CLOSE: shutdownOutput() when closeAfterOurClose or failing, close() when closeAfterOurClose; return } }
                    catch IOException -> transport.close(); InterruptedException -> interrupt again; finally done.countDown().
                    write: one frame as it is, several joined in a ByteArrayOutputStream; for each WRITE_CHUNK: writeStartedAt =
                    System.nanoTime() | 1, bytes.writeTo(out, at, n); flush; finally writeStartedAt = 0 and outbox.written(batch)."""),
            Map.entry("14-accept-loop", """
                    while (running): socket = listener.accept() in a try. IOException: if !running return (stop() closed the
                    listener); log the first failure of a burst only; backoff = 0 ? ACCEPT_BACKOFF_MIN : min(MAX, backoff * 2);
                    pause(backoff); continue. After failures, the next success logs "accepting again after N failed accepts"
                    and resets both. Then open.add(socket) and Thread.ofVirtual().start(() -> serve.accept(socket))."""),
            Map.entry("14-answer-request", """
                    Not an upgrade request (ServerHandshake.isUpgradeRequest): hooks.answerPlainRequest(request, out), return
                    null. handler = endpoint.open(request); null: throw refuse(out, new HandshakeRejected(404, ...)). Not
                    running: refuse 503. hooks.admit(request), its HandshakeRejected through refuse too. Then return handler."""),
            Map.entry("13-read-loop", """
                    Two buffers: the small idle one and the 64 KiB busy one, taken only while bytes keep coming. Loop: at a
                    frame boundary in.betweenFrames() (and in.frameStarted() if bytes already wait); once at == filled,
                    writer.writeDeferred(), pick the buffer, filled = in.read(...); nothing read -> core.receive(buffer, 0, -1),
                    dispatch, return. Else step = core.receive(buffer, at, filled - at); at += step.consumed();
                    SlowPeer.refused(...); dispatch(step.events(), true); step.closing() -> transport.startCloseTimeout(),
                    finishTcp(), return. catch IOException: report abortCause, or e unless we closed on purpose."""),
            Map.entry("13-dispatch", """
                    switch over the Connection's events, in order: TextReceived / BinaryReceived -> notify(listener.onText /
                    onBinary); PingReceived -> notify(listener.onPing) (the core queued the pong); PongReceived -> the
                    heartbeat (if any) then listener.onPong; CloseReceived -> nothing (the answer is queued, the read loop
                    finishes TCP); Failure -> notifyQuietly(f.violation()) if reportFailure."""),
            Map.entry("15-cap-retry", """
                    The course's code: jbang-scripts/wsfs/io/ConnectionCap.java. admit() counts the connection in, or throws
                    HandshakeRejected(503, ...) with a Retry-After field when maxConnections are open; release() runs once
                    for each admitted connection when it ends, so a client that has gone makes room for the next."""),
            Map.entry("16-masked-server", """
                    The course's code: jbang-scripts/wsfs/io/WebSocketClient.java hands the streams to a WebSocketConnection in
                    Role.CLIENT, whose FrameParser refuses a masked frame (section 5.1) with a ProtocolViolation carrying 1002;
                    the connection then fails: a Close 1002, masked like every frame a client sends, and onClose with 1002."""),
            Map.entry("17-close-rules", """
                    The course's code: jbang-scripts/wsfs/io/BrowserStyleWebSocket.java, close(int, String): a code other than 1000
                    or 3000-4999 throws "InvalidAccessError: ...", a reason over 123 UTF-8 bytes throws "SyntaxError: ...", both
                    before anything is queued; an allowed code goes into a CloseRequest behind the messages already waiting."""),
            Map.entry("18-text-only", """
                    The course's code: jbang-scripts/wsfs/app/ChatRoom.java, the Member listener. onBinary:
                    c.close(CloseCode.UNSUPPORTED_DATA, "this room carries text only"). The connection then calls onClose,
                    where the member leaves members() and the room says "* NAME left (N in the room)" to the others."""),
            Map.entry("19-jdk-agrees", """
                    The course's code: jbang-scripts/wsfs/io/ServerHandshake.java (the subprotocol is the first one in the
                    client's Sec-WebSocket-Protocol list that the policy speaks; none -> no field, HttpResponse.switchingProtocols)
                    and jbang-scripts/wsfs/protocol/CloseHandshake.java (closeReceived answers with ClosePayload.of(code)).
                    The JDK's client refuses a 101 whose subprotocol it did not offer (section 4.1)."""),
            Map.entry("20-forbidden-code", """
                    The course's code: jbang-scripts/wsfs/conformance/ConformanceSession.java, parseClose: a 2-byte code that
                    is not CloseCode.of(code).sendable() becomes a WireEvent.PeerViolation naming section 7.4, and
                    ConformanceJudge.judge fails a case with any violation before it compares the echo or the ending."""),
            Map.entry("21-one-write", """
                    The course's code: jbang-scripts/wsfs/io/Outbox.java, takeSome(maxBytes): the first frame in line and every
                    one behind it, up to maxBytes and up to our Close; jbang-scripts/wsfs/io/OutboxWriter.java, write(batch):
                    more than one frame is joined in a ByteArrayOutputStream and written with one out.write, then outbox.written."""),
            Map.entry("21-fast-mask", """
                    The course's code: jbang-scripts/wsfs/protocol/Masking.java, applyFast. The pattern's byte j is
                    key[(keyOffset + j) & 3] at bits 8j..8j+7 (little-endian, as the VarHandle reads the longs); the tail
                    continues with key[(keyOffset + i) & 3] for the same i, not from key octet 0."""));

    static String of(String exercise) {
        return HINTS.get(exercise);
    }

    /** The exercises with a long hint (HintsZh has a Chinese one for each). */
    static Set<String> keys() {
        return HINTS.keySet();
    }
}
