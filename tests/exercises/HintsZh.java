package exercises;

import java.util.Map;
import java.util.Set;

/**
 * The Chinese versions of the exercise hints (issue 14), chosen by {@code ./course check NN --lang zh} or
 * {@code COURSE_LANG=zh}: {@link #longHint} for every long hint of {@link Hints} (the same keys), {@link #shortHint}
 * for every stage's short hint, by the stage's identity (its exercise and its name, see {@link #key}). Code names,
 * method names and RFC section numbers stay as they are in the English hint. tests/build/HintsZhTest fails when a
 * stage or a long hint has no Chinese version, or a Chinese version no English counterpart: rename a stage, and its
 * entry here is renamed with it.
 */
public final class HintsZh {
    private HintsZh() {
    }

    /** A stage's identity: its exercise, then its name (unique across the catalog). */
    public static String key(Stage stage) {
        return key(stage.exercise(), stage.name());
    }

    static String key(String exercise, String stageName) {
        return exercise + ": " + stageName;
    }

    /** The Chinese long hint of an exercise (the key of {@link Hints}), or null. */
    public static String longHint(String exercise) {
        return LONG.get(exercise);
    }

    /** The Chinese short hint of a stage, or null. */
    public static String shortHint(Stage stage) {
        return SHORT.get(key(stage));
    }

    /** The exercises with a Chinese long hint. */
    public static Set<String> longHintKeys() {
        return LONG.keySet();
    }

    /** The stages ({@link #key}) with a Chinese short hint. */
    public static Set<String> shortHintKeys() {
        return SHORT.keySet();
    }

    /** The exercises with an English long hint, to compare with {@link #longHintKeys}. */
    public static Set<String> englishLongHintKeys() {
        return Hints.keys();
    }

    /** The English long hint of an exercise, or null. */
    public static String englishLongHint(String exercise) {
        return Hints.of(exercise);
    }

    private static final Map<String, String> LONG = Map.ofEntries(
            Map.entry("01-exact-and-line", """
                    readExactly：in.readNBytes(n) 会一直循环，直到读满 n 个字节或流结束；少于 n 个就说明流已经结束。
                    readLine：用一个 ByteArrayOutputStream，每次 in.read() 一个字节。读到 -1：如果什么都还没读到，返回 null，否则抛出
                    EOFException。读到 '\\n'：这一行结束；去掉它前面的一个 '\\r'。每次写入之前先检查上限。"""),
            Map.entry("01-read-head", """
                    每个字节都要保留（头部要整个返回），同时统计当前行的字节数。
                    读到 '\\n' 时：如果这一行是空的（0 个字节，或者只有 '\\r'），头部就完整了；否则开始新的一行。
                    保留一个字节之前先检查上限；在空行之前读到 -1，就是 EOFException。"""),
            Map.entry("02-accept-key", """
                    步骤：concatenated = key + GUID；sha1 = sha1(concatenated.getBytes(US_ASCII))；
                    accept = Base64.getEncoder().encodeToString(sha1)。计算时从不对 key 做解码。
                    isValidKey：长度为 24，以 "==" 结尾，并且 Base64.getDecoder().decode(key).length == 16。"""),
            Map.entry("02-header-lists", """
                    对值只扫描一遍：用一个 StringBuilder 收集当前元素，再用一个标志记住“是否在引号内”。
                    '"' 翻转这个标志（它本身保留）；在引号内，反斜杠连同它后面的一个字符原样保留。
                    引号外的逗号结束当前元素：strip() 之后，不为空就保留，然后开始新的元素；值结束时同样处理。"""),
            Map.entry("03-validate-request", """
                    按第 4.2.1 节的顺序检查：方法是 GET，版本是 HTTP/1.1，恰好一个 Host，Upgrade 含有记号 websocket，
                    Connection 含有记号 Upgrade，Sec-WebSocket-Version 恰好是一个 "13"（否则回 426，并带上 Upgrade 和
                    Sec-WebSocket-Version: 13 两个字段），一个合法的 key，源策略（403），然后选定子协议，
                    并构造 HttpResponse.switchingProtocols(AcceptKey.accept(key), subprotocol)。"""),
            Map.entry("03-verify-response", """
                    按第 4.1 节的顺序检查：状态码是 101，Upgrade 含有记号 websocket，Connection 含有记号 Upgrade，
                    恰好一个 Sec-WebSocket-Accept 并且等于 AcceptKey.accept(key)，请求没有提供扩展时不能有 Sec-WebSocket-Extensions，
                    最多一个 Sec-WebSocket-Protocol，并且它在 protocols 之中。每一项失败都 throw fail(reason)。"""),
            Map.entry("05-header-lengths", """
                    firstTwoBytes：b0 = head[0] & 0xff，b1 = head[1] & 0xff。依次检查 RSV、操作码（Opcode.fromCode）、控制帧
                    （FIN、length <= 125）、MASK 位是否与角色相符。extra = FrameCodec.extendedLengthBytes(b1)：为 0 时调用
                    lengthKnown(FrameCodec.sevenBitLength(b1), sink)；否则 state = EXTENDED_LENGTH，headTarget = 2 + extra。
                    extendedLength：n = bigEndian(head, 2, headTarget - 2)，然后调用 lengthKnown(n, sink)。"""),
            Map.entry("04-encoder", """
                    writeHeader：out[0] = fin | rsv << 4 | opcode。第 1 字节放 MASK 位（key != null 时为 0x80）和 7 位长度，
                    或者 126 加 2 个字节，或者 127 加 8 个字节，高位字节在前（LengthForm.minimalFor）。然后是掩码键。
                    encode：先检查控制帧，分配 headerLength + payload 大小的数组，写帧头，把载荷复制到帧头后面，
                    再用 Masking.applyFast(out, at, length, key, 0) 对这份副本做掩码。"""),
            Map.entry("04-close-codes", """
                    sendable()：1000-1003、1007-1014 和 3000-4999，其余都不行。meaning()：有登记含义的代码返回登记含义，
                    否则返回它所在的范围（小于 1000、1004、1016-2999、3000-3999、4000-4999、大于 4999），每句都注明出处的节。
                    whyNotSendable()：用几个词说明同样的范围，以及“1005/1006/1015 only reports locally what happened”。"""),
            Map.entry("05-frame-reader", """
                    read()：用一个 OneFrame 接收器；在它未完成时，先 readHeaderBytes(frame)，直到解析器报告了帧头，再
                    readPayloadBytes(frame)；最后用帧头和载荷数组构造 Frame 返回。readHeaderBytes：n = in.read(headerBytes, 0,
                    bytesNeeded())；n < 0 是 EOFException（在帧开始之前，或在帧头中间）；然后 parser.feed(headerBytes, 0, n, frame)。
                    readPayloadBytes：数组满了就扩大，最多读 min(bytesNeeded(), 剩余空间, PAYLOAD_CHUNK) 个字节到 frame.filled 处，再喂给解析器。"""),
            Map.entry("06-mask-readable", """
                    for (int i = 0; i < length; i++) data[offset + i] ^= key[(keyOffset + i) & 3];
                    check：key.length 必须是 4（否则 IllegalArgumentException），再用 Objects.checkFromIndexSize(offset, length, data.length) 检查范围。"""),
            Map.entry("06-mask-fast", """
                    pattern：对 j 从 0 到 7，pattern |= (key[(keyOffset + j) & 3] & 0xffL) << (8 * j)（LONGS 是小端序）。
                    然后 for (i = 0; i + 8 <= length; i += 8) LONGS.set(data, offset + i, (long) LONGS.get(data, offset + i) ^ pattern);
                    最后剩下的字节逐个用 key[(keyOffset + i) & 3] 处理（8 是 4 的倍数）。"""),
            Map.entry("07-reassemble", """
                    header：控制帧，以及一帧还没结束又来一个帧头，都是编程错误；CONTINUATION 要求有一条已打开的分片消息，
                    TEXT/BINARY 则要求没有（1002，5.4）；buffer.size() + length > max 是 1009（10.4）；
                    首帧时 open = opcode；current = header；received = 0。
                    frameEnded：current = null，fragments++；没有 FIN：fragmented = true，返回空。有 FIN：取出 buffer 的内容并重置它，
                    open = null，fragmented = false；TEXT：先 utf8.finish()，再返回 Message.Text；否则返回 Message.Binary。"""),
            Map.entry("07-utf8", """
                    need == 0：00..7F 是 ASCII；80..BF 缺少前导字节；C0、C1 是超长形式；C2..DF 调用 start(b, 1, 80, BF)；
                    E0..EF 调用 start(b, 2, E0 ? A0 : 80, ED ? 9F : BF)；F0..F4 调用 start(b, 3, F0 ? 90 : 80, F4 ? 8F : BF)；其余字节永远不会出现。
                    need > 0：b 必须在 80..BF 之内，并且在 lo..hi 之内；然后 need--，codePoint = codePoint << 6 | b & 0x3F，
                    lo = 80，hi = BF。每接受一个字节就 offset++；没问题时返回 null，有问题时返回一句说明。"""),
            Map.entry("08-route-control", """
                    header：控制帧 -> control = new byte[(int) length]，controlFilled = 0；数据帧 -> assembler.header。
                    payload：控制帧 -> arraycopy 到 control 中；数据帧 -> assembler.payload。
                    end：数据帧 -> assembler.end（可能产生一个消息事件）；控制帧 -> onEvent.accept(controlEvent(opcode, control))。"""),
            Map.entry("08-match-pong", """
                    pongReceived：seq = sequenceOf(payload)。在 synchronized (this) 之内：如果已停止、seq 为空、没有未应答的 ping，
                    或者号码不同，就返回 false；否则 rtt = now - sentAtNanos，更新 lastRoundTrip，answered++，
                    outstanding = 0。在锁之外：listener.onRoundTrip(seq, rtt)；返回 true。
                    sequenceOf：8 个字节 -> ByteBuffer.wrap(payload).getLong()，否则 OptionalLong.empty()。"""),
            Map.entry("09-close-payload", """
                    0 个字节：EMPTY。1 个字节：1002（5.5.1）。超过 125 个字节：1002（5.5）。code = 大端序的 16 位；不满足
                    CloseCode.sendable(code)：1002（7.4.1）。关闭原因必须通过 Utf8Validator 的检查：否则 1007（5.5.1）。"""),
            Map.entry("09-closing-states", """
                    close：先 frame = payload.toFrame()（它负责校验）；不是 OPEN 或已经发过：返回空；否则记下已发送，进入
                    CLOSING，返回这个帧。closeReceived：第二次收到是 IllegalStateException；received = payload；OPEN
                    -> CLOSING；除非我们已经发过 Close，否则用同一个关闭码应答（收到 EMPTY 就回 EMPTY）。fail：failed，进入 CLOSING，
                    除非已经发过 Close 或者这个关闭码不可发送，否则发出一个带该关闭码和截断后原因的 Close。
                    closesTransportFirst：SERVER || failed || !complete()。transportClosed：CLOSED；只有 complete() 且没有 failed 时
                    才发出正常关闭的事件，否则是 CloseEvent.abnormal()。"""),
            Map.entry("10-act", """
                    对接收器的事件做一个 switch。MessageReceived(Text) -> TextReceived；(Binary) -> BinaryReceived。
                    PingReceived：只有 handshake.maySend() 时才 queue(ping.reply())，然后加入事件。PongReceived：只加入事件，
                    不排队任何帧。CloseReceived：payload = ClosePayload.parse(bytes)（它会抛出 1002/1007），然后
                    handshake.closeReceived(payload).ifPresent(this::queue)，discarding = true，加入事件。"""),
            Map.entry("10-failure", """
                    failed：discarding = true；handshake.fail(violation.closeCode(), reasonFor(violation)).ifPresent(this::queue)；
                    events.add(new Failure(violation))。reasonFor：full = rule + " (" + section + ")"；它的 UTF-8 不超过
                    ClosePayload.MAX_REASON_BYTES 就返回它；否则 ClosePayload.truncate(rule, 123 - 章节部分的字节数 - 3)
                    + "..." + section。"""),
            Map.entry("11-memory-budget", """
                    MemoryBudget 只保存一个计数器，不保存字节。tryReserve：循环 { now = used.get()；now + bytes > capacity ->
                    false；compareAndSet(now, now + bytes) -> true }，这样两个线程永远不会拿走同一份最后的字节。
                    release：addAndGet(-bytes)。MessageReservation.follow(want)：比 reserved 少 -> 归还差额；比它多 -> 用 tryReserve
                    预留差额，失败就返回 ProtocolViolation(TRY_AGAIN_LATER, "10.4", ...)；reserved = want。releaseAll：release(reserved)，reserved = 0。"""),
            Map.entry("11-outbox-bound", """
                    都在锁内。offerMessage：size = 各帧长度之和；finished -> CLOSED；dataBytes > 0 且 queuedBytes + size > maxBytes
                    -> OVERFLOW（没有数据在等时，一条大消息可以通过）；budget.tryReserve(size) 为 false -> OVER_BUDGET；然后把每一帧作为
                    Encoded(ByteString.wrapOwned(f), Kind.DATA) 放进 data，queuedBytes 和 dataBytes 加上 size，deferred ? this.deferred = true :
                    ready.signal()。offerControl：finished -> CLOSED；queuedBytes + length > maxBytes -> OVERFLOW；否则放进 control（先被取走），计数，signal。"""),
            Map.entry("12-frame-clock", """
                    两个字段：betweenFrames（在帧边界时为 true）和 frameStartedAt（帧与帧之间为 0）。got(n)：n > 0 且 betweenFrames ->
                    betweenFrames = false，frameStartedAt = System.nanoTime() | 1（| 1 保证它不会是 0）。read()：b = super.read()；
                    got(b < 0 ? 0 : 1)。read(b, off, len)：n = super.read(...)；got(n)。betweenFrames()：如果 watching，betweenFrames = true，
                    frameStartedAt = 0。stopWatching()：watching = false，betweenFrames = false，frameStartedAt = 0。"""),
            Map.entry("12-writer-drain", """
                    writeLoop：try { while (!(batch = outbox.takeSome(WRITE_CHUNK)).isEmpty()) { write(batch)；如果最后一帧是 Kind.CLOSE：
                    closeAfterOurClose 或 failing 时 shutdownOutput()，closeAfterOurClose 时 close()；return } } catch IOException ->
                    transport.close()；InterruptedException -> 重新设置中断；finally done.countDown()。write：一帧原样写出，多帧先拼进一个
                    ByteArrayOutputStream；每个 WRITE_CHUNK：writeStartedAt = System.nanoTime() | 1，bytes.writeTo(out, at, n)；flush；
                    finally 里 writeStartedAt = 0，并调用 outbox.written(batch)。"""),
            Map.entry("14-accept-loop", """
                    while (running)：在 try 中 socket = listener.accept()。IOException：如果 !running 就返回（是 stop() 关闭了
                    监听套接字）；一阵连续失败只记录第一次；backoff 为 0 时取 ACCEPT_BACKOFF_MIN，否则 min(MAX, backoff * 2)；
                    pause(backoff)；continue。失败之后的下一次成功记录 "accepting again after N failed accepts"，并把两者清零。
                    然后 open.add(socket)，再 Thread.ofVirtual().start(() -> serve.accept(socket))。"""),
            Map.entry("14-answer-request", """
                    不是升级请求（ServerHandshake.isUpgradeRequest）：hooks.answerPlainRequest(request, out)，返回 null。
                    handler = endpoint.open(request)；为 null：throw refuse(out, new HandshakeRejected(404, ...))。不在运行：
                    以 503 拒绝。hooks.admit(request)，它的 HandshakeRejected 同样经过 refuse。最后返回 handler。"""),
            Map.entry("13-read-loop", """
                    两个缓冲区：空闲时用的小缓冲区，和只在字节源源不断到来时才取用的 64 KiB 缓冲区。循环：在帧边界上调用
                    in.betweenFrames()（如果已经有字节在等，再调用 in.frameStarted()）；at == filled 时，先 writer.writeDeferred()，
                    选好缓冲区，filled = in.read(...)；什么也没读到 -> core.receive(buffer, 0, -1)，分发，返回。否则
                    step = core.receive(buffer, at, filled - at)；at += step.consumed()；SlowPeer.refused(...)；
                    dispatch(step.events(), true)；step.closing() -> transport.startCloseTimeout()、finishTcp()，返回。
                    catch IOException：报告 abortCause；如果不是我们有意关闭的，就报告 e。"""),
            Map.entry("13-dispatch", """
                    按顺序对 Connection 的事件做 switch：TextReceived / BinaryReceived -> notify(listener.onText / onBinary)；
                    PingReceived -> notify(listener.onPing)（Pong 已经由核心排进队列）；PongReceived -> 先交给心跳（如果有的话），
                    再 listener.onPong；CloseReceived -> 什么也不做（应答已经排队，读循环负责结束 TCP）；
                    Failure -> reportFailure 为真时 notifyQuietly(f.violation())。"""),
            Map.entry("15-cap-retry", """
                    课程的代码：jbang-scripts/wsfs/io/ConnectionCap.java。admit() 把这个连接计入，或者在已经有 maxConnections
                    个连接打开时抛出带 Retry-After 字段的 HandshakeRejected(503, ...)；每个被接纳的连接结束时 release() 恰好
                    运行一次，所以离开的客户端会给下一个客户端腾出位置。"""),
            Map.entry("16-masked-server", """
                    课程的代码：jbang-scripts/wsfs/io/WebSocketClient.java 把输入输出流交给一个 Role.CLIENT 的 WebSocketConnection，
                    它的 FrameParser 以一个带 1002 的 ProtocolViolation 拒绝带掩码的帧（第 5.1 节）；随后连接失败：
                    发出一个 Close 1002（和客户端发出的每一帧一样带掩码），并以 1002 调用 onClose。"""),
            Map.entry("17-close-rules", """
                    课程的代码：jbang-scripts/wsfs/io/BrowserStyleWebSocket.java 中的 close(int, String)：1000 和 3000-4999 以外的关闭码
                    抛出 "InvalidAccessError: ..."，超过 123 个 UTF-8 字节的原因抛出 "SyntaxError: ..."，两者都在任何东西入队之前；
                    允许的关闭码放进一个 CloseRequest，排在已在等待的消息之后。"""),
            Map.entry("18-text-only", """
                    课程的代码：jbang-scripts/wsfs/app/ChatRoom.java 中的 Member 监听器。onBinary：
                    c.close(CloseCode.UNSUPPORTED_DATA, "this room carries text only")。随后连接调用 onClose，
                    成员在那里离开 members()，聊天室向其他人说 "* NAME left (N in the room)"。"""),
            Map.entry("19-jdk-agrees", """
                    课程的代码：jbang-scripts/wsfs/io/ServerHandshake.java（子协议是客户端 Sec-WebSocket-Protocol 列表中第一个
                    服务器策略支持的；一个都没有 -> 不带这个字段，HttpResponse.switchingProtocols）
                    和 jbang-scripts/wsfs/protocol/CloseHandshake.java（closeReceived 用 ClosePayload.of(code) 应答）。
                    JDK 的客户端拒绝一个带着它没有提出的子协议的 101（第 4.1 节）。"""),
            Map.entry("20-forbidden-code", """
                    课程的代码：jbang-scripts/wsfs/conformance/ConformanceSession.java 中的 parseClose：一个不满足
                    CloseCode.of(code).sendable() 的 2 字节关闭码会变成一个指明第 7.4 节的 WireEvent.PeerViolation；
                    ConformanceJudge.judge 在比较回显或结束方式之前，只要用例有任何违规就判它失败。"""),
            Map.entry("21-one-write", """
                    课程的代码：jbang-scripts/wsfs/io/Outbox.java 中的 takeSome(maxBytes)：排在最前的帧以及它后面的每一帧，
                    最多 maxBytes，并且最多到我们自己的 Close 为止；jbang-scripts/wsfs/io/OutboxWriter.java 中的 write(batch)：
                    多于一个帧时，先在一个 ByteArrayOutputStream 中拼接，再用一次 out.write 写出，然后调用 outbox.written。"""),
            Map.entry("21-fast-mask", """
                    课程的代码：jbang-scripts/wsfs/protocol/Masking.java 中的 applyFast。图案的第 j 个字节是
                    key[(keyOffset + j) & 3]，位于第 8j..8j+7 位（小端序，与 VarHandle 读取 long 的方式一致）；尾部对同一个 i
                    继续使用 key[(keyOffset + i) & 3]，而不是从掩码键的第 0 个字节重新开始。"""));

    private static final Map<String, String> SHORT = Map.ofEntries(
            Map.entry(key("01-exact-and-line",
                    "exactly n bytes, however the network splits them"),
                    "循环直到读满 n 个字节（InputStream.readNBytes 会替你循环），并且不要多读它们之后的任何一个字节。"),
            Map.entry(key("01-exact-and-line",
                    "exactly n bytes: EOFException if the stream ends first"),
                    "流结束时 readNBytes 返回的字节会少于要求的数量；把长度与 n 比较，不够就抛出 EOFException。"),
            Map.entry(key("01-exact-and-line",
                    "a CRLF line, and not a byte more"),
                    "每次读一个字节，直到 '\\n'；去掉它前面的 '\\r'；把其余部分作为 ISO-8859-1 文本返回。"),
            Map.entry(key("01-exact-and-line",
                    "a bare LF ends a line too"),
                    "前面没有 '\\r' 的 '\\n' 同样结束一行。"),
            Map.entry(key("01-exact-and-line",
                    "null at the end of the stream, EOFException inside a line"),
                    "这一行一个字节都还没读到就遇到 -1：返回 null；读到一些字节之后遇到 -1：对端在一行的中间离开了，抛出 EOFException。"),
            Map.entry(key("01-exact-and-line",
                    "a line longer than maxBytes is refused"),
                    "统计这一行的字节数；超过 maxBytes 就抛出 new ByteStreams.LineTooLongException(maxBytes)。"),
            Map.entry(key("01-read-head",
                    "a head up to its empty line, and not a byte more"),
                    "统计当前行的字节数；结束一个空行（或者只含一个 '\\r' 的行）的 '\\n' 就结束了头部。"),
            Map.entry(key("01-read-head",
                    "a head is bounded by maxBytes"),
                    "保留下一个字节之前先检查大小；超过 maxBytes 就抛出 LineTooLongException。"),
            Map.entry(key("01-read-head",
                    "EOFException if the stream ends before the empty line"),
                    "流结束时 read() 返回 -1：抛出 EOFException，头部不完整。"),
            Map.entry(key("01-read-head",
                    "bare LFs: LF LF and CRLF LF end a head too"),
                    "空行就是紧跟在上一个 '\\n' 之后的 '\\n'，中间可以有、也可以没有一个 '\\r'。"),
            Map.entry(key("02-accept-key",
                    "the accept value of the RFC's sample key"),
                    "把 AcceptKey.GUID 接在 key 的文本后面，对得到的 ASCII 字节做 SHA-1（用 sha1 辅助方法），再把这 20 个字节做 base64 编码。"),
            Map.entry(key("02-accept-key",
                    "the key as the client wrote it, not decoded"),
                    "不要对 key 做 base64 解码：GUID 接在客户端发来的那 24 个字符后面。"),
            Map.entry(key("02-accept-key",
                    "a key is base64 of exactly 16 bytes"),
                    "24 个字符、以 \"==\" 结尾，并且 Base64.getDecoder().decode 得到 16 个字节（捕获 IllegalArgumentException）。"),
            Map.entry(key("02-header-lists",
                    "Connection: keep-alive, Upgrade is a list of two"),
                    "逐个字符扫描值；遇到逗号时，把收集到的内容 strip()，不为空就保留。"),
            Map.entry(key("02-header-lists",
                    "whitespace around elements and empty elements are dropped"),
                    "每个元素都要 strip()（空格和制表符是可选空白），空元素丢掉，两端的也一样。"),
            Map.entry(key("02-header-lists",
                    "a list split over repeated fields, names in any case"),
                    "list(name) 已经把这个名字的所有字段合在一起了；你的拆分每次只需处理一个值。"),
            Map.entry(key("02-header-lists",
                    "a comma inside a quoted string does not split"),
                    "用一个标志：'\"' 打开或关闭引号状态；在引号内，反斜杠后面的字符原样取下。"),
            Map.entry(key("02-accept-key",
                    "the RFC's own key of section 4.1 is valid (erratum 3150)"),
                    "用 Base64.getDecoder() 解码并数字节数；不要要求填充位下面的比特为零。"),
            Map.entry(key("03-validate-request",
                    "a browser's request gets the 101 with the accept value"),
                    "所有检查都通过时：HttpResponse.switchingProtocols(AcceptKey.accept(key), subprotocol)。"),
            Map.entry(key("03-validate-request",
                    "only a GET, only HTTP/1.1: else 400"),
                    "request.method() 必须是 \"GET\"，request.version() 必须是 \"HTTP/1.1\"；否则 throw new HandshakeRejected(400, reason, section)。"),
            Map.entry(key("03-validate-request",
                    "exactly one Host: else 400"),
                    "headers().all(\"Host\") 必须恰好有一个非空的值。"),
            Map.entry(key("03-validate-request",
                    "Upgrade: websocket and Connection: Upgrade, as tokens"),
                    "headers().hasToken(\"Upgrade\", \"websocket\") 和 hasToken(\"Connection\", \"Upgrade\")：作为记号（token）比较，不区分大小写，可以出现在一个列表里。"),
            Map.entry(key("03-validate-request",
                    "another version gets 426 and Sec-WebSocket-Version: 13"),
                    "版本缺失或不是 \"13\"：new HandshakeRejected(426, reason, section, HttpHeaders.of(\"Upgrade\", \"websocket\", \"Sec-WebSocket-Version\", \"13\"))。"),
            Map.entry(key("03-validate-request",
                    "one key of 16 bytes: else 400"),
                    "headers().all(\"Sec-WebSocket-Key\") 必须只有一个值，并且 AcceptKey.isValidKey 必须接受它。"),
            Map.entry(key("03-validate-request",
                    "the first subprotocol offered that the server speaks"),
                    "按顺序遍历 headers().list(\"Sec-WebSocket-Protocol\")；选出第一个在 policy.subprotocols() 中的子协议。"),
            Map.entry(key("03-validate-request",
                    "a page from another origin gets 403"),
                    "调用 policy.origins().allows(origin, host)；拒绝时用 new HandshakeRejected(403, reason, \"RFC 6455 section 10.2\")（RFC 6455 第 10.2 节）。"),
            Map.entry(key("03-verify-response",
                    "the RFC's 101 is accepted, with its subprotocol"),
                    "所有检查都通过时：return new Result(request, response, 选定的子协议或 Optional.empty())。"),
            Map.entry(key("03-verify-response",
                    "anything but 101 fails: a 200 from a web server, a 403"),
                    "response.status() 必须是 101；否则 throw fail(\"The server answered ...\")。"),
            Map.entry(key("03-verify-response",
                    "Upgrade: websocket and Connection: Upgrade, as tokens"),
                    "h.hasToken(\"Upgrade\", \"websocket\") 和 h.hasToken(\"Connection\", \"Upgrade\")，不区分大小写。"),
            Map.entry(key("03-verify-response",
                    "exactly one Sec-WebSocket-Accept, and the right one"),
                    "AcceptKey.accept(key) 必须等于唯一的那个 Sec-WebSocket-Accept，按原样精确比较（base64 区分大小写）。"),
            Map.entry(key("03-verify-response",
                    "no extension and no subprotocol we did not offer"),
                    "请求没有提供扩展时，h.list(\"Sec-WebSocket-Extensions\") 必须为空；最多一个子协议，并且是 protocols 中的一个。"),
            Map.entry(key("05-header-lengths",
                    "a 7-bit length: an unmasked \"Hello\" read by a client"),
                    "b0 & 0x80 是 FIN，(b0 >> 4) & 7 是 RSV 位，b0 & 0x0F 是操作码；小于 126 时 FrameCodec.sevenBitLength(b1) 就是长度。"),
            Map.entry(key("05-header-lengths",
                    "a masked \"Hello\" read by a server"),
                    "长度一确定就调用 lengthKnown(length, sink)：masked() 时它会读取掩码键，并完成帧头。"),
            Map.entry(key("05-header-lengths",
                    "FIN=0, then a continuation frame"),
                    "FIN 是第 0 字节的最高位；操作码 0 是 CONTINUATION。"),
            Map.entry(key("05-header-lengths",
                    "a 16-bit length: 256 bytes (7E 01 00)"),
                    "对 126：设置 state = State.EXTENDED_LENGTH 和 headTarget = 2 + 2；随后 extendedLength() 读取 bigEndian(head, 2, 2)。"),
            Map.entry(key("05-header-lengths",
                    "a 64-bit length: 65536 bytes (7F 00 00 00 00 00 01 00 00)"),
                    "对 127，扩展长度是 8 个字节：headTarget = 2 + 8，以及 bigEndian(head, 2, 8)。"),
            Map.entry(key("05-header-lengths",
                    "the header arrives one byte at a time"),
                    "把状态保存在字段里（state、headTarget），绝不放在局部变量中：feed() 可能在任何一个字节之后停下。"),
            Map.entry(key("05-header-lengths",
                    "RSV bits with no extension: 1002"),
                    "(rsv & ~allowedRsv) != 0 时就是违规：throw violation(\"5.2\", ...)。"),
            Map.entry(key("05-header-lengths",
                    "a fragmented ping, a 126-byte ping: 1002"),
                    "opcode.isControl()：必须置 FIN，且 7 位长度最多为 MAX_CONTROL_PAYLOAD（126 和 127 已经太长了）。"),
            Map.entry(key("05-header-lengths",
                    "a server refuses unmasked frames, a client masked ones: 1002"),
                    "masked = (b1 & 0x80) != 0；与 role.expectsMaskedIncoming() 比较。"),
            Map.entry(key("05-header-lengths",
                    "a length above the limit: 1009 from the header alone"),
                    "lengthKnown(...) 会检查 maxFramePayload：长度一确定就调用它。"),
            Map.entry(key("04-encoder",
                    "an unmasked text frame \"Hello\""),
                    "writeHeader：第 0 字节 = (fin ? 0x80 : 0) | rsv << 4 | opcode；长度最多为 125 时，第 1 字节 = 长度。"),
            Map.entry(key("04-encoder",
                    "a masked \"Hello\": the key, then the masked payload"),
                    "第 1 字节中的 MASK 位 0x80，长度之后是 4 个掩码键字节，然后对载荷的副本调用 Masking.applyFast。"),
            Map.entry(key("04-encoder",
                    "125 bytes in 7 bits, 126 in 16 bits, 65536 in 64 bits"),
                    "LengthForm.minimalFor(length) 告诉你用哪种写法；16 位：先写 126，再写 length >>> 8、length；64 位：先写 127，再写 8 个字节，高位在前。"),
            Map.entry(key("04-encoder",
                    "a control frame over 125 bytes is refused"),
                    "encode 先检查 f.opcode().isControl() 和载荷长度：IllegalArgumentException。"),
            Map.entry(key("05-header-lengths",
                    "whatever the encoder writes, the parser reads back"),
                    "无论哪种长度写法、有没有掩码，encode 和 parse 都必须一致。"),
            Map.entry(key("05-header-lengths",
                    "non-minimal lengths and a 64-bit length with its top bit set: 1002"),
                    "在 extendedLength() 中：16 位长度小于 126、64 位长度小于 65536，或者是一个负的 long，都违反第 5.2 节。"),
            Map.entry(key("04-close-codes",
                    "the codes a Close frame may carry"),
                    "sendable() 只在这三个范围内为 true：(code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)。"),
            Map.entry(key("04-close-codes",
                    "1005, 1006 and 1015 never go on the wire; nor 1004, 0-999, 1016-2999, 5000+"),
                    "1005、1006 和 1015 只在本地报告发生了什么；1004 和 1016-2999 是保留的；小于 1000 和大于 4999 的不使用。"),
            Map.entry(key("04-close-codes",
                    "3000-4999 belong to applications"),
                    "应用程序用这些代码关闭连接：sendable() 为 true，meaning() 说出所在的范围。"),
            Map.entry(key("04-close-codes",
                    "every number has a meaning, and a reason when it may not be sent"),
                    "meaning()：有登记含义就返回它，否则返回范围；whyNotSendable()：这个范围的简短理由。"),
            Map.entry(key("04-encoder",
                    "the longest header: 64-bit length and a masking key, 14 bytes"),
                    "65536 个字节需要 64 位形式（127 后跟 8 个字节，高位在前）；有掩码键时置 MASK 位，掩码键跟在长度后面。"),
            Map.entry(key("05-frame-reader",
                    "FrameReader reads the RFC's frames from a stream"),
                    "read()：帧未完成时，先 readHeaderBytes，直到解析器报告帧头，然后 readPayloadBytes。"),
            Map.entry(key("05-frame-reader",
                    "one byte per read(), a masked 300-byte frame"),
                    "向流请求的字节数绝不超过 parser.bytesNeeded()；一直读到解析器说帧结束了为止。"),
            Map.entry(key("05-frame-reader",
                    "exactly one frame: the next frame's bytes stay in the stream"),
                    "帧头和载荷都一样，最多请求 bytesNeeded() 个字节：这样下一帧的字节一个也不会被读走。"),
            Map.entry(key("05-frame-reader",
                    "the end of the stream is an EOFException that says where"),
                    "in.read(...) < 0：在帧开始之前是 \"the stream ended before the next frame\"；在帧中间就如实说明。"),
            Map.entry(key("06-mask-readable",
                    "unmask section 5.7's masked \"Hello\""),
                    "对 i 从 0 到 length-1：data[offset + i] ^= key[(keyOffset + i) & 3]。"),
            Map.entry(key("06-mask-readable",
                    "masking twice gives the bytes back"),
                    "用同一个掩码键字节 XOR 两次就是恒等变换：不能有别的东西改动数据。"),
            Map.entry(key("06-mask-readable",
                    "a piece that starts at payload offset 3 starts at key octet 3"),
                    "keyOffset 是这一段在掩码键中的起始位置：用 key[(keyOffset + i) & 3]。"),
            Map.entry(key("06-mask-readable",
                    "copy() masks a copy and leaves its input alone"),
                    "copy()：克隆数组，对克隆做掩码，返回它。"),
            Map.entry(key("06-mask-readable",
                    "a key that is not 4 bytes is refused"),
                    "check()：key.length != 4 是 IllegalArgumentException；范围用 Objects.checkFromIndexSize 检查。"),
            Map.entry(key("06-mask-fast",
                    "eight at a time agrees with the rule for every length 0-64 and key offset 0-3"),
                    "构造一个 long，它的第 j 个字节是 key[(keyOffset + j) & 3]（小端序：左移 8*j），以 8 为步长用 LONGS.get/set 做 XOR，然后逐字节处理尾部。"),
            Map.entry(key("06-mask-fast",
                    "at an unaligned offset, and not a byte outside the range"),
                    "从 offset + i 开始索引这些 long（VarHandle 接受任何下标），long 循环只在 i + 8 <= length 时继续。"),
            Map.entry(key("06-mask-fast",
                    "a payload cut into pieces anywhere, each masked on its own, equals the whole"),
                    "从载荷偏移 p 开始的一段，从掩码键的第 p % 4 个字节开始：传入 keyOffset = p & 3，并让图案按它轮转。"),
            Map.entry(key("07-reassemble",
                    "one frame with FIN=1 is one message"),
                    "在 frameEnded() 中：FIN 置位时，取出 buffer.toByteArray()，重置各个字段，返回 Text 或 Binary 消息。"),
            Map.entry(key("07-reassemble",
                    "three fragments are one message"),
                    "header()：记住第一帧的操作码（open）；没有 FIN 时，frameEnded() 设置 fragmented 并返回空。"),
            Map.entry(key("07-reassemble",
                    "binary fragments keep their bytes; the next message starts fresh"),
                    "一条消息结束后，open、fragmented 和 buffer 都被重置，所以下一条消息从空开始。"),
            Map.entry(key("07-reassemble",
                    "a continuation with no message open: 1002"),
                    "header()：在 !fragmented 时收到操作码 CONTINUATION，是 ProtocolViolation(PROTOCOL_ERROR, \"5.4\", ...)。"),
            Map.entry(key("07-reassemble",
                    "a new TEXT frame inside a fragmented message: 1002"),
                    "header()：在 fragmented 时收到 TEXT 或 BINARY 操作码，违反第 5.4 节。"),
            Map.entry(key("07-reassemble",
                    "a message over the limit: 1009 from the header"),
                    "header()：buffer.size() + header.payloadLength() > maxMessageSize 是 ProtocolViolation(MESSAGE_TOO_BIG, \"10.4\", ...)。"),
            Map.entry(key("07-utf8",
                    "valid text: 1- to 4-byte characters"),
                    "need == 0 时：00..7F 是 ASCII，C2..DF 开始 1 个后续字节，E0..EF 开始 2 个，F0..F4 开始 3 个（start(b, n, lo, hi)）；否则遇到 80..BF 就 need--。"),
            Map.entry(key("07-utf8",
                    "a character split between two pieces is fine"),
                    "把 need、lo 和 hi 保存在字段里，这样 feed() 可以停在一个字符中间，下一次调用时接着处理。"),
            Map.entry(key("07-utf8",
                    "a continuation byte with no lead byte, a byte that never appears: 1007"),
                    "need == 0 而 b 在 80..BF 之内，或者 b 是 C0、C1、F5..FF：返回一句说明原因的话（不是 null）。"),
            Map.entry(key("07-utf8",
                    "overlong forms, surrogates, code points above U+10FFFF: 1007"),
                    "第一个后续字节的范围取决于前导字节：E0 -> A0..BF，ED -> 80..9F，F0 -> 90..BF，F4 -> 80..8F。"),
            Map.entry(key("07-utf8",
                    "a text that ends inside a character: 1007 at finish()"),
                    "finish() 报告 need > 0；step() 只需保证 need 正确。"),
            Map.entry(key("07-utf8",
                    "a bad byte fails at once, in the first fragment"),
                    "从破坏文本的那个字节起就返回问题；MessageAssembler.payload 会在每一段到达时就把它喂进来。"),
            Map.entry(key("07-utf8",
                    "agree with the JDK's strict decoder on every 1- and 2-byte input and every edge of the longer forms"),
                    "任何不一致都是 step() 中某个字节范围差了一。"),
            Map.entry(key("08-route-control",
                    "a ping becomes a PingReceived with its payload"),
                    "header()：对控制帧操作码，创建 control = new byte[length]；payload() 复制到其中；end() 用 controlEvent(...) 调用 onEvent。"),
            Map.entry(key("08-route-control",
                    "a ping between two fragments: the ping at once, then the whole message"),
                    "数据帧的 header、payload 和 end 交给 assembler；控制帧的从来不交给它。"),
            Map.entry(key("08-route-control",
                    "the same, one byte at a time"),
                    "payload()：用 System.arraycopy(data, offset, control, controlFilled, length) 复制进来，然后 controlFilled += length。"),
            Map.entry(key("08-route-control",
                    "pong and close events"),
                    "controlEvent(opcode, payload) 生成对应的事件；end() 把它传出去。"),
            Map.entry(key("08-match-pong",
                    "the counter in a pong payload: 8 bytes, big-endian"),
                    "sequenceOf：null 或不是 8 个字节 -> OptionalLong.empty()；否则 ByteBuffer.wrap(payload).getLong()。"),
            Map.entry(key("08-match-pong",
                    "the pong for the outstanding ping is matched; an unsolicited one is not"),
                    "pongReceived：在锁之内，把 sequenceOf(payload) 与 outstanding 比较（0 表示没有未应答的 ping）；匹配时设置 outstanding = 0，计数，并调用 onRoundTrip。"),
            Map.entry(key("08-route-control",
                    "ten pings between the fragments of a message, one byte at a time"),
                    "控制帧的处理路径不能碰 assembler 的任何状态。"),
            Map.entry(key("09-close-payload",
                    "an empty body: no status code (1005, only reported)"),
                    "body.length == 0：返回 ClosePayload.EMPTY。"),
            Map.entry(key("09-close-payload",
                    "code 1000 and the reason \"bye\""),
                    "code = ((body[0] & 0xff) << 8) | (body[1] & 0xff)；关闭原因是 new String(body, 2, length - 2, UTF_8)。"),
            Map.entry(key("09-close-payload",
                    "one byte is no code: 1002"),
                    "body.length == 1 时就是违规：ProtocolViolation(PROTOCOL_ERROR, \"5.5.1\", ...)。"),
            Map.entry(key("09-close-payload",
                    "codes that may not be sent: 1002"),
                    "CloseCode.sendable(code) 是唯一的判断依据；其他关闭码以 1002 拒绝，并注明第 7.4.1 节。"),
            Map.entry(key("09-close-payload",
                    "a reason that is not UTF-8: 1007"),
                    "用一个 Utf8Validator 检查 body[2..]（feed、finish）；把它报告的违规转换成 INVALID_PAYLOAD。"),
            Map.entry(key("09-closing-states",
                    "we close: one Close, CLOSING, nothing more to send"),
                    "close()：用 payload.toFrame() 校验；如果是 OPEN 且还没发过任何东西，记下已发送，进入 CLOSING，返回这个帧；否则返回空。"),
            Map.entry(key("09-closing-states",
                    "their Close is answered once, echoing the code"),
                    "closeReceived()：记住它；如果我们还什么都没发，就用 ClosePayload.of(code) 应答，收到空的 Close 则用 EMPTY 应答。"),
            Map.entry(key("09-closing-states",
                    "the server closes TCP first; the client waits"),
                    "closesTransportFirst()：role == SERVER，或者 failed，或者握手没有完成。"),
            Map.entry(key("09-closing-states",
                    "clean with their code after both Close frames; 1006 without"),
                    "transportClosed()：CLOSED；complete() 且没有 failed -> new CloseEvent(received code, reason, true)（收到的关闭码和原因）；否则 CloseEvent.abnormal()。"),
            Map.entry(key("09-closing-states",
                    "failing: a Close with the code and the rule, never clean"),
                    "fail()：failed = true；进入 CLOSING；除非已经发出过 Close，否则发送 new ClosePayload(code, ClosePayload.truncateReason(reason))。"),
            Map.entry(key("09-closing-states",
                    "a reason over 123 bytes is cut, never inside a character"),
                    "ClosePayload.truncateReason 在字符边界处截断；Close 必须仍然是合法的 UTF-8。"),
            Map.entry(key("10-act",
                    "a masked text becomes TextReceived"),
                    "在 act() 里，完整的文本消息变成一个事件：case Receiver.MessageReceived(Message.Text(String text)) -> events.add(new TextReceived(text))。"),
            Map.entry(key("10-act",
                    "a binary message becomes BinaryReceived"),
                    "二进制消息同样变成一个事件：case Receiver.MessageReceived(Message.Binary(ByteString data)) -> events.add(new BinaryReceived(data))。"),
            Map.entry(key("10-act",
                    "a ping between two fragments is answered at once"),
                    "case Receiver.PingReceived ping：如果 handshake.maySend()，就 queue(ping.reply())；然后 events.add(new PingReceived(ping.payload()))。"),
            Map.entry(key("10-act",
                    "a pong is reported, never answered"),
                    "case Receiver.PongReceived pong -> events.add(new PongReceived(pong.payload()))；不排队任何帧。"),
            Map.entry(key("10-act",
                    "a Close is answered with its code, and what follows is discarded"),
                    "case Receiver.CloseReceived close：ClosePayload.parse(...)，handshake.closeReceived(payload).ifPresent(this::queue)，discarding = true，再加入事件。"),
            Map.entry(key("10-act",
                    "every split of the input gives the same events and bytes"),
                    "解析器在两次调用之间保留自己的状态；无论怎么切分，act() 对每个完整的帧只运行一次。"),
            Map.entry(key("10-failure",
                    "a continuation with no message open: one Failure, one Close 1002"),
                    "在 failed() 里做三件事：discarding = true；handshake.fail(code, reasonFor(violation)).ifPresent(this::queue)；events.add(new Failure(violation))。"),
            Map.entry(key("10-failure",
                    "invalid UTF-8 fails with 1007 before the rest of its frame"),
                    "坏字节一到，组装器就抛出异常；无论是哪一层抛出的，其余的事都由 failed() 完成。"),
            Map.entry(key("10-failure",
                    "a Close body of one byte: 1002, and no answer echoing it"),
                    "ClosePayload.parse 在 act() 里抛出异常；receive 捕获它并调用 failed()：Close 帧带的是 1002。"),
            Map.entry(key("10-failure",
                    "a long rule is cut to 123 bytes and keeps its section"),
                    "reasonFor()：如果 rule + \" (\" + section + \")\" 不超过 123 字节就用它；否则 ClosePayload.truncate(rule, 123 - 章节部分 - 3) + \"...\" + section。"),
            Map.entry(key("11-memory-budget",
                    "bytes are taken while they fit, refused when they do not"),
                    "tryReserve：如果 used + bytes > capacity，就返回 false，什么也不拿；否则加上它们并返回 true。"),
            Map.entry(key("11-memory-budget",
                    "bytes given back can be taken again"),
                    "release(bytes)：used 减去 bytes（bytes <= 0 时什么也不做）。"),
            Map.entry(key("11-memory-budget",
                    "a message's reservation follows its announced length, then goes back"),
                    "follow(want)：want < reserved -> 归还差额；want > reserved -> 用 tryReserve 预留差额，否则返回一个 1013 的违规。"),
            Map.entry(key("11-outbox-bound",
                    "a message within the bound is queued, in order"),
                    "offerMessage：没有 finished、没有超出上限、预算已预留：把每一帧作为 Kind.DATA 加入，计入字节数，signal ready。"),
            Map.entry(key("11-outbox-bound",
                    "past the bound: OVERFLOW, and nothing of the message is queued"),
                    "dataBytes > 0 && queuedBytes + size > maxBytes -> Offer.OVERFLOW，在加入任何东西之前判断。"),
            Map.entry(key("11-outbox-bound",
                    "one message larger than the bound passes when no data waits"),
                    "上限只在已经有数据在等时才起作用（dataBytes > 0）。"),
            Map.entry(key("11-outbox-bound",
                    "the shared budget spent: OVER_BUDGET"),
                    "budget.tryReserve(size) 为 false -> Offer.OVER_BUDGET（在检查上限之后、加入之前）。"),
            Map.entry(key("11-outbox-bound",
                    "nothing after our Close: CLOSED"),
                    "finished -> Offer.CLOSED，最先判断。"),
            Map.entry(key("11-outbox-bound",
                    "a Ping goes ahead of the waiting data"),
                    "offerControl：没有超出上限时，加入控制帧队列（写线程先取它），计入字节数，signal ready。"),
            Map.entry(key("11-memory-budget",
                    "sixteen threads race for the last bytes: never more than the capacity"),
                    "读 used，检查，然后 compareAndSet(now, now + bytes)，放在循环里：先 get 再 add 会让两个线程拿走同一份字节。"),
            Map.entry(key("12-frame-clock",
                    "between frames no clock runs; a frame's first byte starts it"),
                    "got(n)：n > 0 且 betweenFrames -> betweenFrames = false，frameStartedAt = System.nanoTime() | 1。"),
            Map.entry(key("12-frame-clock",
                    "the clock keeps the frame's start across reads"),
                    "只有边界之后的第一次读取才启动时钟；同一帧后面的读取不改动 frameStartedAt。"),
            Map.entry(key("12-frame-clock",
                    "betweenFrames() stops the clock; the next byte starts it again"),
                    "betweenFrames()：watching 时，betweenFrames = true，frameStartedAt = 0。"),
            Map.entry(key("12-frame-clock",
                    "the end of the stream starts nothing; closing stops the watch"),
                    "read() = -1 和 read(...) = -1 不算读到字节；stopWatching()：watching = false，betweenFrames = false，frameStartedAt = 0。"),
            Map.entry(key("12-writer-drain",
                    "the reading thread's own frames: written by writeDeferred, in one write"),
                    "write(batch)：一帧原样写出；多帧先拼成一个数组；然后 flush；finally 里调用 outbox.written(batch)。"),
            Map.entry(key("12-writer-drain",
                    "the writer drains the outbox in its order and stops after our Close"),
                    "writeLoop：只要 takeSome(WRITE_CHUNK) 不为空就写出它；如果它的最后一帧是 Kind.CLOSE，就返回（先处理 FIN 和中止）。"),
            Map.entry(key("12-writer-drain",
                    "an abort: our Close, then TCP is closed at once"),
                    "写完带我们 Close 的那一批之后：closeAfterOurClose 或 failing 时 transport.shutdownOutput()；closeAfterOurClose 时 transport.close()。"),
            Map.entry(key("12-writer-drain",
                    "a write that fails closes the transport and gives the bytes back"),
                    "在 writeLoop 里捕获 IOException：transport.close()；write() 无论发生什么都在 finally 里把这一批交还。"),
            Map.entry(key("12-writer-drain",
                    "a big frame goes out in 64 KiB chunks, each stamped"),
                    "for (at = 0; at < length; at += WRITE_CHUNK) { writeStartedAt = System.nanoTime() | 1；写出这一块 }；最后 writeStartedAt = 0。"),
            Map.entry(key("12-writer-drain",
                    "a hundred small frames that wait go out in a handful of writes"),
                    "takeSome(WRITE_CHUNK) 交出所有在等的帧；write 在唯一的一次写之前把它们拼成一个数组。"),
            Map.entry(key("14-accept-loop",
                    "each client is served on a virtual thread of its own, once it is in the open set"),
                    "在 while (running) 循环中：socket = listener.accept()；先 open.add(socket)，再 Thread.ofVirtual().start(() -> serve.accept(socket))，每个客户端一个虚拟线程。"),
            Map.entry(key("14-accept-loop",
                    "stop() ends the loop while accept() waits, with no log line"),
                    "stop() 关闭监听套接字，于是 accept() 抛出异常：如果 !running，就一言不发地返回。"),
            Map.entry(key("14-accept-loop",
                    "a failed accept is not the end: one log line per burst, then the next client is served"),
                    "catch (IOException e)：只记录一阵失败中的第一次（\"accept failed: ...; backing off ...\"），暂停，continue；下一次成功时记录 \"accepting again after N failed accepts\"。"),
            Map.entry(key("14-accept-loop",
                    "the pause doubles with each failure in a row: 50, 100, 200, 400 ms"),
                    "backoff = backoff == 0 ? ACCEPT_BACKOFF_MIN : min(ACCEPT_BACKOFF_MAX, backoff * 2)；在下一次 accept() 之前 pause(backoff)。"),
            Map.entry(key("14-accept-loop",
                    "stop() ends a pause at once"),
                    "pause(millis) 在 stop() 会打开的 stopping 门闩上等待：不要用 Thread.sleep。"),
            Map.entry(key("14-answer-request",
                    "an upgrade request for an endpoint's path gets 101 and takes one place"),
                    "是升级请求，endpoint.open(request) 不为 null，服务器在运行，hooks.admit(request) 通过：返回这个监听器。"),
            Map.entry(key("14-answer-request",
                    "a request without Upgrade gets the hooks' answer: 426 with Upgrade: websocket"),
                    "不是升级请求时（!ServerHandshake.isUpgradeRequest(request)）：hooks.answerPlainRequest(request, out)，然后 return null。"),
            Map.entry(key("14-answer-request",
                    "a path no endpoint serves gets 404, and takes no place"),
                    "endpoint.open(request) == null：在 hooks.admit 之前 throw refuse(out, new HandshakeRejected(404, ...))。"),
            Map.entry(key("14-answer-request",
                    "a refusal of the hooks is written with its status and fields: 503, Retry-After"),
                    "在 hooks.admit 外面 catch (HandshakeRejected r)：throw refuse(out, r)，它会写出这个状态码和各个字段。"),
            Map.entry(key("14-accept-loop",
                    "two bursts of failures: one line each, and the second pause starts again at 50 ms"),
                    "失败之后成功一次时：先记录日志，再把 failures 置 0、暂停时间清零，这样下一阵失败又从 50 ms 开始。"),
            Map.entry(key("13-read-loop",
                    "a masked text is echoed, unmasked"),
                    "循环：缓冲区用完后，把正在等待的数据读进它；core.receive(buffer, at, filled - at) 最多处理一帧，按 step.consumed() 推进 at，然后 dispatch(step.events(), true)；read 返回 -1 就是 EOF。"),
            Map.entry(key("13-read-loop",
                    "a message in three fragments is echoed as one message"),
                    "core 里面的 Connection 负责重组；读循环只负责喂字节和分发事件。"),
            Map.entry(key("13-read-loop",
                    "frames that arrive one byte per TCP segment"),
                    "不要假定一次 read() 就是一帧：Connection 会保留它还没处理完的部分。"),
            Map.entry(key("13-read-loop",
                    "an unmasked frame from a client: Close 1002, then TCP closed"),
                    "Connection 把 Close 排进队列，并通过 step.closing() 告知；然后 transport.startCloseTimeout()、finishTcp()，再返回。"),
            Map.entry(key("13-dispatch",
                    "a ping is answered with a pong carrying its payload"),
                    "Connection 已经把 Pong 排进了队列；case Connection.PingReceived p -> notify(() -> listener.onPing(this, p.payload()))。"),
            Map.entry(key("13-dispatch",
                    "a ping between fragments is answered before the echo"),
                    "事件按顺序到来：先是 ping 的事件，等最后一个分片到达时，才是消息的事件。"),
            Map.entry(key("13-dispatch",
                    "a Close is answered with a Close echoing its code, then the server closes TCP"),
                    "case Connection.CloseReceived：不用告诉监听器什么；应答的 Close 已经排队，读循环负责结束 TCP。"),
            Map.entry(key("13-read-loop",
                    "invalid UTF-8 fails the connection mid-frame, before the rest arrives"),
                    "Connection 在每一段载荷到达时就检查它；读循环必须立即喂入它读到的数据，而不是等整个帧到齐。"),
            Map.entry(key("15-cap-retry",
                    "at the cap the next client gets 503 with Retry-After; after one leaves, a new one is let in"),
                    "WebSocketServer 的 ConnectionCap：已有 maxConnections 个连接打开时，admit() 以 503 和 Retry-After 拒绝；release() 在每个被接纳的连接结束时运行一次，计数随之下降。"),
            Map.entry(key("16-masked-server",
                    "a server that masks its frames gets a Close 1002 from our client"),
                    "客户端用 Role.CLIENT 的 FrameParser 读取：带掩码的帧是一个带 1002 的 ProtocolViolation，连接以携带这个关闭码的 Close 帧失败（和客户端的每一帧一样带掩码）。"),
            Map.entry(key("17-close-rules",
                    "close() refuses 1001 and a 124-byte reason, and sends 4000 \"bye\" as it was given"),
                    "BrowserStyleWebSocket.close(int, String)：先检查关闭码，再检查原因的 UTF-8 长度，都在任何东西入队之前；然后把 Close 排在已在等待的消息之后。"),
            Map.entry(key("18-text-only",
                    "a member who sends binary is closed with 1003; the others keep chatting"),
                    "ChatRoom 的监听器：onBinary 以 CloseCode.UNSUPPORTED_DATA 关闭这个成员；onClose 向仍在聊天室里的每个人说明谁离开了。"),
            Map.entry(key("19-jdk-agrees",
                    "the JDK's client and our server agree on subprotocols and on the Close answer"),
                    "ServerHandshake.validate 选出客户端提出的、服务器支持的第一个子协议（一个都没有时 HttpResponse 不发送这个字段）；CloseHandshake.closeReceived 用 ClosePayload.of(code) 应答。"),
            Map.entry(key("20-forbidden-code",
                    "a Close reply with 1005, 1006, 1015 or 999 is FAIL, however right the rest was"),
                    "ConformanceSession 把关闭码不满足 CloseCode.sendable() 的 Close 变成一个指明第 7.4 节的 PeerViolation；判定程序对任何带违规的用例都判失败。"),
            Map.entry(key("21-one-write",
                    "8 messages sent while the writer is blocked leave in 2 writes, every frame intact"),
                    "OutboxWriter.writeLoop 调用 outbox.takeSome(WRITE_CHUNK)（所有在等待的帧，最多 64 KiB），write(batch) 把它们合并成一次 out.write 调用。"),
            Map.entry(key("21-fast-mask",
                    "the fast masking routine gives the readable one's bytes on 1 MiB at every start and key offset, once compiled"),
                    "Masking.applyFast：用 key[(keyOffset + j) & 3] 构造 8 字节的图案，循环 i < whole，其中 whole = length & ~7，然后逐字节处理尾部。"),
            Map.entry(key("22-decline",
                    "offers our Deflater cannot honour are declined, and the next offer is taken"),
                    "PerMessageDeflate.accept 按顺序遍历各个提议；对 server_max_window_bits 小于 15、未知的参数名、重复的参数，acceptOne 抛出 Declined（第 7 节）；第一个通过检查的提议胜出。"),
            Map.entry(key("22-client-fails",
                    "the client fails an answer that breaks RFC 7692 section 7, naming the rule"),
                    "PerMessageDeflate.verifyOne 把应答与提议的内容比较：提议过的 server_no_context_takeover 必须保留，没有提议过的 client_max_window_bits 不能出现在应答中。"),
            Map.entry(key("23-bomb",
                    "a 64 KiB frame that inflates to 64 MiB gets 1009 before the memory is spent"),
                    "DeflateExtension 把解压出来的字节分块（MessageInflater.CHUNK）交给 assembler；assembler 在每一块的 header 处检查大小。"),
            Map.entry(key("23-rsv1-first-frame",
                    "RSV1 on a continuation frame is 1002; the RFC's second \"Hello\" inflates with context takeover"),
                    "DeflateExtension 的处理阶段在每个帧头处检查 RSV1；除非协商了 no_context_takeover，解压器（inflater）在消息之间保留它的窗口。"),
            Map.entry(key("24-key-and-deadline",
                    "the TLS server refuses a key that is not its certificate's, and a silent peer stalls no one"),
                    "TlsConfig.server 用私钥对一个随机挑战签名，再用证书的公钥验证；TlsConfig.serverLayer 在连接自己的线程上运行 TLS 握手，TlsHandshake.run 在握手截止时间到达时关闭套接字。"),
            Map.entry(key("25-name-and-trust",
                    "the wss:// client checks the certificate's signature and its name"),
                    "TlsClientLayer.of 设置 SSLParameters.setEndpointIdentificationAlgorithm(\"HTTPS\") 和 SNI 名称；TlsTrust.of 用 --ca 文件构造 TrustManager；TlsFailed.explain 把 JDK 的异常变成一行说明。"),
            Map.entry(key("26-exactly-once",
                    "an entry added twice with the same message id (a retried XADD) reaches each member once"),
                    "SharedChatRoom 的读取方记住它已投递过的 mid（recentMids），跳过 mid 已经见过的条目。"));
}
