package exercises;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Chinese texts of {@code ./course exercise} (issue 14), chosen by {@code --lang zh} or {@code COURSE_LANG=zh}:
 * for every EXERCISE marker in jbang-scripts/wsfs a Chinese line, keyed by the marker's English text
 * ({@code "id: task"}, see {@link #markerKey}); for every challenge a Chinese description, keyed as {@link HintsZh#key};
 * and the few sentences around them. The markers in the code stay English (stub and solution come from them); a
 * stub made in Chinese gets, right after each marker, one {@value #MARKER_PREFIX} line saying the same. Code names
 * and RFC section numbers stay as they are in the English text. tests/build/ExercisesZhTest fails when a marker or a
 * challenge has no Chinese text, or a Chinese text no marker or challenge: edit a marker, and its entry here changes
 * with it.
 */
public final class ExercisesZh {
    /** The start of the Chinese line a stub made in Chinese has right after each marker (after the indent). */
    public static final String MARKER_PREFIX = "// 中文：";

    private ExercisesZh() {
    }

    /** A marker's identity: its exercise, then its English text, as the marker line has them. */
    public static String markerKey(String exercise, String task) {
        return exercise + ": " + task;
    }

    /** The Chinese text of the marker of {@code exercise} whose English text is {@code task}, or null. */
    public static String marker(String exercise, String task) {
        return MARKERS.get(markerKey(exercise, task));
    }

    /** The Chinese description of a challenge, or null. */
    public static String challenge(Stage challenge) {
        return CHALLENGES.get(HintsZh.key(challenge));
    }

    public static Set<String> markerKeys() {
        return MARKERS.keySet();
    }

    public static Set<String> challengeKeys() {
        return CHALLENGES.keySet();
    }

    /** The Chinese TODO line of a stub (after the indent), under the English one. */
    static String todo(String chapter) {
        return "// TODO：写出这个方法体；./course check " + chapter + " --lang zh 会说明每个阶段期望什么。";
    }

    // ---- the sentences of ./course exercise and ./course solution ---------------------------------------------

    /** The list's column headings: exercise, chapter, lines, status, what to write. */
    static final List<String> LIST_COLUMNS = List.of("练习", "章", "行数", "状态", "要写什么");

    static String challengesHeading() {
        return "挑战，在一章的阶段全部通过之后做（./course check NN --challenges --lang zh）：";
    }

    static String listFooter(String challengeOnlyChapters) {
        return "./course exercise NN --lang zh 准备第 NN 章的练习；./course check NN --lang zh 检查它们（以及之前每一章的）。"
                + "\n第 " + challengeOnlyChapters + " 章没有练习，只有一个带检查的挑战：./course check NN 在你的工作区上运行它"
                + "（没有工作区时在课程自己的代码上运行）。";
    }

    static String workspaceCreated() {
        return "已创建 workspace/（jbang-scripts/ 的副本；git 会忽略它）。";
    }

    static String startsOver(String chapter) {
        return "第 " + chapter + " 章从头开始。";
    }

    static String writeTheseBodies(String chapter) {
        return "第 " + chapter + " 章：写出这些方法体：";
    }

    static String alreadyStarted(String chapter) {
        return "第 " + chapter + " 章的练习已经在工作区里（保持你离开时的样子；--reset 从头开始）：";
    }

    static String then(String chapter) {
        return "然后：./course check " + chapter + " --lang zh   （卡住时加 --hint；./course solution " + chapter + " 显示课程的代码）";
    }

    static String runsInTheScripts(String script) {
        return "你的代码也能在脚本里运行：./jbang workspace/jbang-scripts/" + script;
    }

    public static String solutionApplied(String chapter) {
        return "第 " + chapter + " 章的课程代码已经放进工作区。./course check " + chapter + " --lang zh 应该会通过。";
    }

    private static final Map<String, String> MARKERS = Map.ofEntries(
            Map.entry("01-exact-and-line: read exactly n bytes however TCP splits them; EOFException if the stream ends first (chapter 01)",
                    "无论 TCP 怎样拆分，都恰好读出 n 个字节；流先结束就抛出 EOFException（第 01 章）"),
            Map.entry("01-exact-and-line: read one line up to CRLF (or a bare LF), not a byte more; null at the end; at most maxBytes (RFC 9112 section 2.2)",
                    "读一行，直到 CRLF（或单独的 LF），多一个字节也不读；流结束时返回 null；最多 maxBytes 个字节（RFC 9112 第 2.2 节）"),
            Map.entry("01-read-head: read a head up to and including its empty line, not a byte more, at most maxBytes (RFC 9112 section 2.2)",
                    "读取头部，直到并包括它的空行，多一个字节也不读，最多 maxBytes 个字节（RFC 9112 第 2.2 节）"),
            Map.entry("01-read-head: true if the bytes so far end with CR LF",
                    "目前读到的字节以 CR LF 结尾时返回 true"),
            Map.entry("02-accept-key: base64(SHA-1(key + GUID)) over the key's ASCII text (RFC 6455 sections 1.3 and 4.2.2)",
                    "对 key 的 ASCII 文本计算 base64(SHA-1(key + GUID))（RFC 6455 第 1.3 节和第 4.2.2 节）"),
            Map.entry("02-accept-key: true if the key is base64 that decodes to exactly 16 bytes (RFC 6455 section 4.2.1 item 5)",
                    "key 是 base64、并且解码后恰好 16 个字节时返回 true（RFC 6455 第 4.2.1 节第 5 项）"),
            Map.entry("02-header-lists: split a field value at the commas outside quoted strings; trim each element, drop empty ones (RFC 9110 sections 5.6.1 and 5.6.4)",
                    "在引号字符串之外的逗号处拆分字段值；去掉每个元素两端的空白，丢掉空元素（RFC 9110 第 5.6.1 节和第 5.6.4 节）"),
            Map.entry("03-validate-request: check the request as RFC 6455 section 4.2.1 says, then build the 101 response of section 4.2.2",
                    "按 RFC 6455 第 4.2.1 节的要求检查请求，然后构造第 4.2.2 节的 101 响应"),
            Map.entry("03-verify-response: the client's checks of RFC 6455 section 4.1: 101, Upgrade, Connection, the accept value, extensions, subprotocol",
                    "客户端按 RFC 6455 第 4.1 节做的检查：101、Upgrade、Connection、accept 值、扩展、子协议"),
            Map.entry("05-header-lengths: bytes 0 and 1: FIN, RSV, opcode, MASK, 7-bit length; the rules they decide; which length form follows (RFC 6455 section 5.2)",
                    "第 0 和第 1 个字节：FIN、RSV、操作码、MASK、7 位长度；它们决定的规则；后面跟哪种长度形式（RFC 6455 第 5.2 节）"),
            Map.entry("05-header-lengths: the 16- or 64-bit extended payload length in network byte order (RFC 6455 section 5.2)",
                    "按网络字节序读出 16 位或 64 位的扩展载荷长度（RFC 6455 第 5.2 节）"),
            Map.entry("04-encoder: one frame as bytes: header, then the payload, masked if the frame has a key (RFC 6455 sections 5.2 and 5.3)",
                    "把一帧写成字节：先是帧头，然后是载荷，帧带掩码键时载荷要掩码（RFC 6455 第 5.2 节和第 5.3 节）"),
            Map.entry("04-encoder: the header with the minimal length form: 7, 16 or 64 bits (RFC 6455 section 5.2)",
                    "用最短的长度形式写出帧头：7 位、16 位或 64 位（RFC 6455 第 5.2 节）"),
            Map.entry("04-close-codes: may a Close frame carry this code: 1000-1003, 1007-1014 and 3000-4999 (RFC 6455 sections 7.4.1 and 7.4.2)",
                    "Close 帧能否携带这个代码：1000-1003、1007-1014 和 3000-4999（RFC 6455 第 7.4.1 节和第 7.4.2 节）"),
            Map.entry("04-close-codes: what any number means: the registered meaning, else the range of section 7.4.2 it falls in (RFC 6455 section 7.4)",
                    "任何数字的含义：登记的含义，否则是它落在第 7.4.2 节的哪个范围（RFC 6455 第 7.4 节）"),
            Map.entry("04-close-codes: in a few words, why a code may not be sent: unused, reserved, local only, unassigned or undefined (RFC 6455 section 7.4)",
                    "用几个词说明一个代码为什么不能发送：不使用、保留、仅限本地、未分配或未定义（RFC 6455 第 7.4 节）"),
            Map.entry("05-frame-reader: read one frame: header bytes until the parser has the header, then the payload, and return the Frame (RFC 6455 section 5.2)",
                    "读取一帧：先读帧头字节，直到解析器得到帧头，再读载荷，然后返回 Frame（RFC 6455 第 5.2 节）"),
            Map.entry("05-frame-reader: ask the stream for at most bytesNeeded() header bytes and feed them; the end of the stream is an EOFException saying where",
                    "向流请求最多 bytesNeeded() 个帧头字节并喂给解析器；流结束时抛出说明位置的 EOFException"),
            Map.entry("05-frame-reader: payload bytes straight into the frame's growing array, at most bytesNeeded() and PAYLOAD_CHUNK per read, fed to the parser in place",
                    "载荷字节直接读进帧的可增长数组，每次最多 bytesNeeded() 和 PAYLOAD_CHUNK 个，并原地喂给解析器"),
            Map.entry("06-mask-readable: XOR payload byte i with key[(keyOffset + i) % 4], one byte at a time (RFC 6455 section 5.3)",
                    "一次一个字节：载荷的第 i 个字节与 key[(keyOffset + i) % 4] 做 XOR（RFC 6455 第 5.3 节）"),
            Map.entry("06-mask-readable: a masked copy of the whole array from key octet 0; the input stays as it is",
                    "从掩码键的第 0 个字节开始，返回整个数组掩码后的副本；输入保持不变"),
            Map.entry("06-mask-readable: refuse a key that is not 4 bytes and a range outside the array",
                    "拒绝不是 4 个字节的掩码键，也拒绝超出数组的范围"),
            Map.entry("06-mask-fast: the same XOR eight bytes at a time with one long pattern, then the tail byte by byte (RFC 6455 section 5.3)",
                    "同样的 XOR，但用一个 long 型的模式一次处理八个字节，剩下的尾部再逐个字节处理（RFC 6455 第 5.3 节）"),
            Map.entry("07-reassemble: check the order of fragments (section 5.4) and the message size (section 10.4) before any payload arrives",
                    "在任何载荷到达之前，检查分片的顺序（第 5.4 节）和消息的大小（第 10.4 节）"),
            Map.entry("07-reassemble: a frame ended: with FIN the message is complete (text must not end inside a character), else wait for more (section 5.4)",
                    "一帧结束了：带 FIN 时消息完整（文本不能在一个字符的中间结束），否则等待后面的帧（第 5.4 节）"),
            Map.entry("07-utf8: one byte of the UTF-8 state machine: null if it may continue a valid text, else why not (RFC 3629 section 4, RFC 6455 section 8.1)",
                    "UTF-8 状态机的一个字节：它能接在合法文本后面时返回 null，否则返回原因（RFC 3629 第 4 节，RFC 6455 第 8.1 节）"),
            Map.entry("08-route-control: a control frame's payload is collected apart; a data frame goes to the assembler (RFC 6455 section 5.5)",
                    "控制帧的载荷单独收集；数据帧交给组装器（RFC 6455 第 5.5 节）"),
            Map.entry("08-route-control: control payload into its own buffer, data payload to the assembler, also between fragments (section 5.4)",
                    "控制帧的载荷放进它自己的缓冲区，数据帧的载荷交给组装器，在分片之间也是这样（第 5.4 节）"),
            Map.entry("08-route-control: a data frame ends in the assembler; a control frame becomes its event at once (section 5.5)",
                    "数据帧在组装器里结束；控制帧立即变成它的事件（第 5.5 节）"),
            Map.entry("08-match-pong: true only for the pong that answers the outstanding ping; measure its round trip (RFC 6455 sections 5.5.2 and 5.5.3)",
                    "只有回答尚未得到应答的那个 Ping 的 Pong 才返回 true；测量它的往返时间（RFC 6455 第 5.5.2 节和第 5.5.3 节）"),
            Map.entry("08-match-pong: the counter in a pong payload (8 bytes, big-endian), or empty if it is not one of ours",
                    "Pong 载荷里的计数器（8 个字节，大端序）；不是我们发出的 Ping 的回答时返回 empty"),
            Map.entry("09-close-payload: read a Close body: empty, or a 2-byte code that may be sent and a UTF-8 reason (RFC 6455 sections 5.5.1 and 7.4)",
                    "读取 Close 帧的载荷：为空，或者是一个允许发送的 2 字节关闭码加上 UTF-8 的关闭原因（RFC 6455 第 5.5.1 节和第 7.4 节）"),
            Map.entry("09-closing-states: we start closing: our Close once, then CLOSING (RFC 6455 sections 5.5.1 and 7.1.2)",
                    "由我们发起关闭：我们的 Close 帧只发一次，然后进入 CLOSING（RFC 6455 第 5.5.1 节和第 7.1.2 节）"),
            Map.entry("09-closing-states: their Close arrived: answer once, echoing the code (RFC 6455 section 5.5.1)",
                    "对端的 Close 帧到了：只回答一次，回显它的关闭码（RFC 6455 第 5.5.1 节）"),
            Map.entry("09-closing-states: fail the connection: a Close with the code and the reason cut to 123 bytes, unless one was sent (section 7.1.7)",
                    "使连接失败：发一个带关闭码、关闭原因截断到 123 字节的 Close 帧，除非已经发过一个（第 7.1.7 节）"),
            Map.entry("09-closing-states: the server (or a failing endpoint) closes TCP first; the client waits (section 7.1.1)",
                    "服务器（或使连接失败的端点）先关闭 TCP；客户端等待（第 7.1.1 节）"),
            Map.entry("09-closing-states: TCP is closed: CLOSED; clean only if both Close frames were exchanged and nothing failed (sections 7.1.4, 7.1.5)",
                    "TCP 已关闭：进入 CLOSED；只有双方都交换了 Close 帧并且没有失败，才算干净地关闭（第 7.1.4 节、第 7.1.5 节）"),
            Map.entry("10-act: turn what the receiver made of a frame into events: a Pong for each Ping, an answer to a Close, then discard (sections 5.5.1, 5.5.2, 1.4)",
                    "把接收器对一帧的处理结果变成事件：每个 Ping 回一个 Pong，回答 Close，然后丢弃其后的输入（第 5.5.1 节、第 5.5.2 节、第 1.4 节）"),
            Map.entry("10-failure: a broken rule becomes a Failure event and one Close with its code; discard what follows (section 7.1.7)",
                    "违反的规则变成一个 Failure 事件和一个带其关闭码的 Close 帧；丢弃其后的输入（第 7.1.7 节）"),
            Map.entry("10-failure: the reason names the rule and its section, at most 123 bytes of UTF-8, the section kept (sections 5.5, 5.5.1)",
                    "关闭原因写明规则和章节号，最多 123 字节的 UTF-8，章节号保留（第 5.5 节、第 5.5.1 节）"),
            Map.entry("11-memory-budget: take the bytes only if they fit under the capacity, all or nothing, safely from many threads (compare-and-set; RFC 6455 section 10.4's limits)",
                    "只在不超过容量时拿走这些字节，要么全拿要么不拿，多个线程同时调用也安全（compare-and-set；RFC 6455 第 10.4 节的限制）"),
            Map.entry("11-memory-budget: give back bytes taken with tryReserve",
                    "归还用 tryReserve 拿走的字节"),
            Map.entry("11-memory-budget: make the reservation want bytes: give back what is no longer needed, take what is; a spent budget is a 1013 violation (section 10.4)",
                    "把预留调整为 want 个字节：归还不再需要的，拿走需要的；预算用完就是一个 1013 的违规（第 10.4 节）"),
            Map.entry("11-memory-budget: the connection is closed: give everything back",
                    "连接已关闭：全部归还"),
            Map.entry("11-outbox-bound: queue one message's frames, all or none: CLOSED after our Close, OVERFLOW past the bound (one big message may pass when no data waits), OVER_BUDGET when the shared budget is spent",
                    "把一条消息的帧放进队列，要么全放要么不放：我们的 Close 之后是 CLOSED，超出上限是 OVERFLOW（没有数据在等时一条大消息可以通过），共享预算用完是 OVER_BUDGET"),
            Map.entry("11-outbox-bound: queue a Ping or Pong ahead of the data that has not started (section 5.4), within the bound",
                    "把 Ping 或 Pong 排在还没开始写的数据之前（第 5.4 节），不超出上限"),
            Map.entry("12-frame-clock: a frame ended: the clock stops, and starts again with the next byte (unless closing stopped the watch)",
                    "一帧结束了：时钟停下，下一个字节到来时重新开始（除非关闭已经停止了计时）"),
            Map.entry("12-frame-clock: closing: nothing read from now on is timed",
                    "正在关闭：从现在起读到的字节都不再计时"),
            Map.entry("12-frame-clock: bytes arrived: the first one after a boundary starts the frame's clock (System.nanoTime() | 1, never 0)",
                    "字节到了：边界之后的第一个字节启动这一帧的时钟（System.nanoTime() | 1，绝不为 0）"),
            Map.entry("12-frame-clock: one byte read (or the end): tell the clock",
                    "读到一个字节（或流的结尾）：告诉时钟"),
            Map.entry("12-frame-clock: bytes read (or the end): tell the clock how many",
                    "读到若干字节（或流的结尾）：告诉时钟读到了多少"),
            Map.entry("12-writer-drain: take batches from the outbox and write them, in order, until the batch that ends with our Close (then the FIN when failing or aborting, and close TCP on an abort, section 7.1.7), the end of the outbox, or an I/O error (close the transport)",
                    "从发件箱一批一批地取出帧并按顺序写出，直到以我们的 Close 结尾的那一批（然后在使连接失败或中止时发送 FIN，中止时关闭 TCP，第 7.1.7 节）、发件箱结束，或者 I/O 错误（关闭传输层）"),
            Map.entry("12-writer-drain: one batch in one write, in chunks of WRITE_CHUNK each stamped in writeStartedAt, flushed; always give the batch back with outbox.written",
                    "一批帧用一次写出，按 WRITE_CHUNK 分块、每块在 writeStartedAt 里记下时间，然后 flush；无论如何都用 outbox.written 把这一批交还"),
            Map.entry("14-accept-loop: accept until stop(); each socket into open, then served on a virtual thread of its own; a failed accept is logged once per burst and backed off (50 ms doubling to 1.6 s), never the end",
                    "一直 accept 到 stop()；每个套接字先放进 open，再在它自己的虚拟线程上服务；accept 失败时每一阵只记录一次日志并退避（从 50 ms 起加倍，最多 1.6 s），绝不就此结束"),
            Map.entry("14-answer-request: no Upgrade: the hooks answer (426), null; no endpoint: 404; shutting down: 503; admit or its refusal; else the endpoint's listener (RFC 6455 section 4.2.2, RFC 9110 section 15.5)",
                    "没有 Upgrade：由钩子应答（426），返回 null；没有端点：404；正在关闭：503；admit 或者它的拒绝；否则返回端点的监听器（RFC 6455 第 4.2.2 节，RFC 9110 第 15.5 节）"),
            Map.entry("13-read-loop: read what is waiting into one buffer, feed it a frame at a time, dispatch each frame's events before the next; a violation fails the connection (sections 5.2, 7.1.7)",
                    "把已经到达的字节读进一个缓冲区，一次一帧地交给解析器，在下一帧之前分发这一帧的事件；违反协议就使连接失败（第 5.2 节、第 7.1.7 节）"),
            Map.entry("13-dispatch: hand each event to the listener in order, pongs also to the heartbeat, a failure to onError (sections 5.5.2, 5.5.3, 7.1.7)",
                    "按顺序把每个事件交给监听器，Pong 还要交给心跳，失败交给 onError（第 5.5.2 节、第 5.5.3 节、第 7.1.7 节）"));

    private static final Map<String, String> CHALLENGES = Map.ofEntries(
            Map.entry("01-read-head: bare LFs: LF LF and CRLF LF end a head too",
                    "单独的 LF：LF LF 和 CRLF LF 也能结束头部"),
            Map.entry("02-accept-key: the RFC's own key of section 4.1 is valid (erratum 3150)",
                    "RFC 自己在第 4.1 节给出的 key 是合法的（勘误 3150）"),
            Map.entry("03-validate-request: a page from another origin gets 403",
                    "来自另一个源的页面得到 403"),
            Map.entry("04-encoder: the longest header: 64-bit length and a masking key, 14 bytes",
                    "最长的帧头：64 位长度加上掩码键，共 14 个字节"),
            Map.entry("05-header-lengths: non-minimal lengths and a 64-bit length with its top bit set: 1002",
                    "不是最短形式的长度，以及最高位为 1 的 64 位长度：1002"),
            Map.entry("06-mask-fast: a payload cut into pieces anywhere, each masked on its own, equals the whole",
                    "载荷在任意位置切成几段、每段单独掩码，结果与整个载荷一起掩码相同"),
            Map.entry("07-utf8: agree with the JDK's strict decoder on every 1- and 2-byte input and every edge of the longer forms",
                    "对每个 1 字节和 2 字节的输入，以及更长形式的每个边界，与 JDK 的严格解码器结论一致"),
            Map.entry("08-route-control: ten pings between the fragments of a message, one byte at a time",
                    "一条消息的分片之间夹着十个 Ping，一次一个字节地到达"),
            Map.entry("09-closing-states: a reason over 123 bytes is cut, never inside a character",
                    "超过 123 字节的关闭原因被截断，但绝不在一个字符的中间截断"),
            Map.entry("10-act: every split of the input gives the same events and bytes",
                    "输入无论怎么切分，得到的事件和字节都相同"),
            Map.entry("11-memory-budget: sixteen threads race for the last bytes: never more than the capacity",
                    "十六个线程争抢最后的字节：绝不超过容量"),
            Map.entry("12-writer-drain: a hundred small frames that wait go out in a handful of writes",
                    "一百个在等的小帧只用寥寥几次写就发出"),
            Map.entry("14-accept-loop: two bursts of failures: one line each, and the second pause starts again at 50 ms",
                    "两阵失败：每阵一行日志，第二阵的暂停重新从 50 ms 开始"),
            Map.entry("13-read-loop: invalid UTF-8 fails the connection mid-frame, before the rest arrives",
                    "非法的 UTF-8 在帧的中途就使连接失败，不等其余部分到达"),
            Map.entry("15-cap-retry: at the cap the next client gets 503 with Retry-After; after one leaves, a new one is let in",
                    "达到上限时，下一个客户端得到带 Retry-After 的 503；有一个离开之后，新的客户端可以进来"),
            Map.entry("16-masked-server: a server that masks its frames gets a Close 1002 from our client",
                    "一个给自己的帧加掩码的服务器，会收到我们客户端发出的 Close 1002"),
            Map.entry("17-close-rules: close() refuses 1001 and a 124-byte reason, and sends 4000 \"bye\" as it was given",
                    "close() 拒绝 1001 和 124 字节的原因，并把 4000 \"bye\" 原样发出"),
            Map.entry("18-text-only: a member who sends binary is closed with 1003; the others keep chatting",
                    "发送二进制消息的成员被以 1003 关闭；其他人继续聊天"),
            Map.entry("19-jdk-agrees: the JDK's client and our server agree on subprotocols and on the Close answer",
                    "JDK 的客户端和我们的服务器在子协议和 Close 帧的回答上一致"),
            Map.entry("20-forbidden-code: a Close reply with 1005, 1006, 1015 or 999 is FAIL, however right the rest was",
                    "回答的 Close 帧带 1005、1006、1015 或 999 就是 FAIL，其余部分再正确也一样"),
            Map.entry("21-one-write: 8 messages sent while the writer is blocked leave in 2 writes, every frame intact",
                    "写线程阻塞期间发出的 8 条消息分 2 次写出，每一帧都完整"),
            Map.entry("21-fast-mask: the fast masking routine gives the readable one's bytes on 1 MiB at every start and key offset, once compiled",
                    "快速的掩码例程在编译之后，对 1 MiB 数据的每个起点和每个掩码键偏移，都给出与易读版本相同的字节"),
            Map.entry("22-decline: offers our Deflater cannot honour are declined, and the next offer is taken",
                    "我们的 Deflater 无法兑现的提议被拒绝，并接受下一个提议"),
            Map.entry("22-client-fails: the client fails an answer that breaks RFC 7692 section 7, naming the rule",
                    "客户端使违反 RFC 7692 第 7 节的应答失败，并指明规则"),
            Map.entry("23-bomb: a 64 KiB frame that inflates to 64 MiB gets 1009 before the memory is spent",
                    "一个 64 KiB、解压后有 64 MiB 的帧，在内存耗尽之前得到 1009"),
            Map.entry("23-rsv1-first-frame: RSV1 on a continuation frame is 1002; the RFC's second \"Hello\" inflates with context takeover",
                    "续帧上的 RSV1 是 1002；RFC 的第二个 \"Hello\" 借助上下文接管解压"),
            Map.entry("24-key-and-deadline: the TLS server refuses a key that is not its certificate's, and a silent peer stalls no one",
                    "TLS 服务器拒绝不属于其证书的私钥，一个沉默的对端也不会拖住任何人"),
            Map.entry("25-name-and-trust: the wss:// client checks the certificate's signature and its name",
                    "wss:// 客户端检查证书的签名和它的名称"),
            Map.entry("26-exactly-once: an entry added twice with the same message id (a retried XADD) reaches each member once",
                    "用同一个消息 id 添加了两次的条目（重试的 XADD）只送达每个成员一次"));
}
