package ch19;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import wsfs.conformance.InteropExchange;

/** Turns the steps of an exchange into one JUnit test each, so a report names the step that failed. */
final class Checks {
    private Checks() {
    }

    /** Every step of the exchange (the 18 of {@link InteropExchange}) must be there. */
    static final List<String> EXPECTED = expected();

    private static List<String> expected() {
        List<String> names = new ArrayList<>();
        InteropExchange.SIZES.forEach(n -> names.add("text " + n + " bytes"));
        InteropExchange.SIZES.forEach(n -> names.add("binary " + n + " bytes"));
        names.addAll(List.of("fragmented message sent", "fragmented message received", "ping answered by pong",
                "server ping answered", "client close 4000", "server close 4001"));
        return List.copyOf(names);
    }

    static Stream<DynamicTest> tests(String pair, List<InteropExchange.Check> checks) {
        DynamicTest complete = DynamicTest.dynamicTest(pair + ": every step ran", () ->
                assertEquals(EXPECTED, checks.stream().map(InteropExchange.Check::name).toList()));
        return Stream.concat(Stream.of(complete), checks.stream().map(c -> DynamicTest.dynamicTest(pair + ": " + c.name(),
                () -> assertTrue(c.passed(), c.name() + ": " + c.detail()))));
    }

    /** The PASS/FAIL lines of a peer client (tests/ch19/peers/websockets_client.py) as checks. */
    static List<InteropExchange.Check> fromLines(List<String> lines) {
        List<InteropExchange.Check> checks = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("PASS ")) {
                checks.add(new InteropExchange.Check(line.substring(5), true, ""));
            } else if (line.startsWith("FAIL ")) {
                String rest = line.substring(5);
                int colon = rest.indexOf(": ");
                checks.add(new InteropExchange.Check(colon < 0 ? rest : rest.substring(0, colon), false,
                        colon < 0 ? "" : rest.substring(colon + 2)));
            }
        }
        return checks;
    }
}
