package wsfs.conformance;

import wsfs.protocol.Role;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One conformance test case (chapter 20), numbered like the Autobahn|Testsuite's (1.1.1, 6.4.1, ...):
 * a script of {@link CaseStep}s the fuzzer plays on its own connection and the {@link CaseExpectation}
 * the peer's reaction is judged against. The plan is built only when the case runs, so the catalog can
 * hold hundreds of cases, some with 16 MiB payloads, without holding their bytes.
 *
 * @param id          "6.4.1": category, group, number
 * @param description what the fuzzer does, in one or two sentences
 * @param peers       which kind of peer the case tests: {@link Role#SERVER} (run by {@link FuzzingClient}),
 *                    {@link Role#CLIENT} (run by {@link FuzzingServer}), or both
 * @param timeBound   how long the whole case may take before the fuzzer gives up on the peer
 * @param planner     builds the script and the expectation
 */
public record ConformanceCase(String id, String description, Set<Role> peers, Duration timeBound,
                              Supplier<Plan> planner) {

    /** The script and what it must produce. */
    public record Plan(List<CaseStep> steps, CaseExpectation expectation) {
        public Plan {
            steps = List.copyOf(steps);
        }
    }

    /** The default time bound: generous for a peer that answers at once, short enough for a suite. */
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(4);

    public static ConformanceCase of(String id, String description, Supplier<Plan> planner) {
        return new ConformanceCase(id, description, Set.of(Role.CLIENT, Role.SERVER), DEFAULT_BOUND, planner);
    }

    public ConformanceCase onlyFor(Role peer) {
        return new ConformanceCase(id, description, Set.of(peer), timeBound, planner);
    }

    public ConformanceCase bound(Duration value) {
        return new ConformanceCase(id, description, peers, value, planner);
    }

    public Plan plan() {
        return planner.get();
    }

    /** The first number of the id: 1 framing, 2 ping/pong, ... 10 miscellaneous. */
    public int category() {
        return Integer.parseInt(id.substring(0, id.indexOf('.') < 0 ? id.length() : id.indexOf('.')));
    }

    /** Orders "6.9.1" before "6.10.1": number by number, not as text. */
    public static final Comparator<String> ID_ORDER = (a, b) -> {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    /**
     * Whether this case's id matches a filter such as "6.*", "7.9.3", "1.1.*,2.*" or "6.4.*": each
     * comma-separated pattern is an id where "*" stands for any rest.
     */
    public boolean matches(String filter) {
        for (String pattern : filter.split(",")) {
            String p = pattern.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("*") || p.equals(id)) {
                return true;
            }
            if (p.endsWith("*") && (id + ".").startsWith(p.substring(0, p.length() - 1))) {
                return true;
            }
            if (p.endsWith(".*") && id.equals(p.substring(0, p.length() - 2))) {
                return true;
            }
        }
        return false;
    }
}
