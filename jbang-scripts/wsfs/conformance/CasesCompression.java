package wsfs.conformance;

import wsfs.protocol.Message;
import wsfs.protocol.PerMessageDeflate;
import wsfs.protocol.Role;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The compression cases (chapter 23), numbered like the public suite's categories 12 ("different payloads") and
 * 13 ("different parameters"): each case negotiates permessage-deflate with one parameter set, sends messages of
 * one kind and size (whole, or in fragments) and expects every one echoed intact.
 * <ul>
 *   <li>12.K.S: payload kind K (1 JSON chat lines, 2 random bytes, 3 prose, 4 HTML, 5 structured binary), with the
 *       default parameters; size S: 1-10 are 16 B to 128 KiB in one frame, 11-18 are 1 KiB to 128 KiB in
 *       256-byte fragments.</li>
 *   <li>13.P.S: parameter set P (1 defaults, 2 client_no_context_takeover, 3 server_no_context_takeover, 4 both,
 *       5 server_max_window_bits=15, 6 server_max_window_bits=9, 7 both no_context_takeover with
 *       server_max_window_bits=9), JSON payloads, the same 18 sizes. 13.5-13.7 limit the SERVER's window, which
 *       only a client can ask for, so they test servers only; a server may decline 13.6 and 13.7 (ours does: its
 *       Deflater cannot use 9 bits), which is allowed and judged INFORMATIONAL.</li>
 * </ul>
 *
 * @param id        "12.1.3"
 * @param peers     which roles the case tests
 * @param offer     the fuzzer's parameters: what it offers as a client, what it asks for as a server
 * @param kind      the payload kind, 1-5 as in category 12
 * @param size      bytes per message
 * @param fragment  fragment size, 0 for one frame per message
 * @param mayDecline true if declining the offer is a correct answer (the server may not support it)
 */
public record CasesCompression(String id, Set<Role> peers, PerMessageDeflate.Options offer, int kind, int size,
                               int fragment, boolean mayDecline) {

    static final int[] WHOLE_SIZES = {16, 64, 256, 1024, 4096, 8192, 16384, 32768, 65536, 131072};
    static final int[] FRAGMENTED_SIZES = {1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072};
    static final String[] KINDS = {"", "JSON chat lines", "random bytes", "prose", "HTML", "structured binary"};

    /** Every case of categories 12 and 13, in id order. */
    public static List<CasesCompression> all() {
        List<CasesCompression> all = new ArrayList<>();
        Set<Role> both = Set.of(Role.SERVER, Role.CLIENT);
        for (int kind = 1; kind <= 5; kind++) {
            addSizes(all, "12." + kind, both, PerMessageDeflate.Options.defaults(), kind, false);
        }
        PerMessageDeflate.Options[] sets = {
            PerMessageDeflate.Options.defaults(), new PerMessageDeflate.Options(false, true, 0),
            new PerMessageDeflate.Options(true, false, 0), new PerMessageDeflate.Options(true, true, 0),
            new PerMessageDeflate.Options(false, false, 15), new PerMessageDeflate.Options(false, false, 9),
            new PerMessageDeflate.Options(true, true, 9)};
        for (int p = 1; p <= sets.length; p++) {
            addSizes(all, "13." + p, p <= 4 ? both : Set.of(Role.SERVER), sets[p - 1], 1, p >= 6);
        }
        return all;
    }

    private static void addSizes(List<CasesCompression> all, String group, Set<Role> peers,
                                 PerMessageDeflate.Options offer, int kind, boolean mayDecline) {
        int n = 1;
        for (int size : WHOLE_SIZES) {
            all.add(new CasesCompression(group + "." + n++, peers, offer, kind, size, 0, mayDecline));
        }
        for (int size : FRAGMENTED_SIZES) {
            all.add(new CasesCompression(group + "." + n++, peers, offer, kind, size, 256, mayDecline));
        }
    }

    /** The cases that test a peer of this role. */
    public static List<CasesCompression> forPeer(Role peer) {
        return all().stream().filter(c -> c.peers().contains(peer)).toList();
    }

    public String description() {
        return "Offer \"" + PerMessageDeflate.offer(offer) + "\"; echo " + KINDS[kind] + " of " + size + " bytes"
                + (fragment == 0 ? " in one frame" : " in " + fragment + "-byte fragments");
    }

    /** How many messages the case sends: about 256 KiB in all, at least 2 (context takeover needs a second one). */
    public int messages(double scale) {
        return (int) Math.max(2, Math.min(100, Math.round(scale * 262144.0 / size)));
    }

    /** The i-th message of the case: the same bytes on every run. */
    public Message message(int i) {
        Random random = new Random(31L * size + 7L * kind + i);
        return switch (kind) {
            case 1 -> Message.text(fill(random, i, (r, at) -> "{\"type\":\"chat\",\"room\":\"lobby\",\"user\":\"user"
                    + r.nextInt(7) + "\",\"seq\":" + at + ",\"text\":\"hello again\"},"));
            case 2 -> {
                byte[] b = new byte[size];
                random.nextBytes(b);
                yield Message.binary(b);
            }
            case 3 -> Message.text(fill(random, i, (r, at) -> PROSE[r.nextInt(PROSE.length)] + " "));
            case 4 -> Message.text(fill(random, i, (r, at) -> "<li class=\"item\"><a href=\"/items/" + r.nextInt(1000)
                    + "\">Item " + at + "</a></li>\n"));
            default -> {
                byte[] b = new byte[size];
                for (int at = 0; at < size; at++) {
                    b[at] = (byte) (at % 64 < 48 ? at / 64 : random.nextInt(4));   // records with small noise
                }
                yield Message.binary(b);
            }
        };
    }

    private interface Piece {
        String next(Random random, int at);
    }

    /** Text of exactly {@code size} bytes (ASCII pieces, so cutting is safe). */
    private String fill(Random random, int i, Piece piece) {
        StringBuilder s = new StringBuilder(size + 128);
        for (int at = i * 1000; s.length() < size; at++) {
            s.append(piece.next(random, at));
        }
        s.setLength(size);
        return new String(s.toString().getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
    }

    private static final String[] PROSE = ("the quick brown fox jumps over a lazy dog while the connection stays open "
            + "and every message travels compressed across the wire so that repeated words cost almost nothing").split(" ");
}
