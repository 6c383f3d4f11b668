package wsfs.conformance;

import wsfs.protocol.Role;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog of conformance cases (chapter 20), organised like the Autobahn|Testsuite's categories so results
 * can be compared: 1 framing, 2 ping/pong, 3 reserved bits, 4 opcodes, 5 fragmentation, 6 UTF-8 handling,
 * 7 close handling, 9 limits and performance, 10 miscellaneous. (Autobahn's 12 and 13, permessage-deflate,
 * are outside this course.)
 */
public final class ConformanceSuite {
    private ConformanceSuite() {
    }

    /** Category number to title. */
    public static final Map<Integer, String> CATEGORIES = categories();

    private static Map<Integer, String> categories() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(1, "Framing");
        m.put(2, "Pings/Pongs");
        m.put(3, "Reserved bits");
        m.put(4, "Opcodes");
        m.put(5, "Fragmentation");
        m.put(6, "UTF-8 handling");
        m.put(7, "Close handling");
        m.put(9, "Limits/Performance");
        m.put(10, "Miscellaneous");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Every case, in id order. */
    public static List<ConformanceCase> all() {
        List<ConformanceCase> all = new ArrayList<>();
        all.addAll(CasesFraming.all());
        all.addAll(CasesFragmentation.all());
        all.addAll(CasesUtf8.all());
        all.addAll(CasesClose.all());
        all.addAll(CasesLimits.all());
        all.addAll(CasesMisc.all());
        all.sort((a, b) -> ConformanceCase.ID_ORDER.compare(a.id(), b.id()));
        return all;
    }

    /** The cases for a kind of peer whose id matches {@code filter} ("*", "6.*", "1.*,7.*", "7.9.3"). */
    public static List<ConformanceCase> select(String filter, Role peer) {
        return all().stream().filter(c -> c.peers().contains(peer)).filter(c -> c.matches(filter)).toList();
    }

    /** How many cases each category holds for this kind of peer. */
    public static Map<Integer, Integer> countByCategory(Role peer) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        CATEGORIES.keySet().forEach(k -> counts.put(k, 0));
        for (ConformanceCase c : all()) {
            if (c.peers().contains(peer)) {
                counts.merge(c.category(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
