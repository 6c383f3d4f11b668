package ch20;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.conformance.ConformanceCase;
import wsfs.conformance.ConformanceSuite;
import wsfs.protocol.Role;
import wsfs.protocol.Utf8Validator;
import wsfs.conformance.Utf8Vectors;

/** The catalog itself: ids, sizes, the UTF-8 vectors' verdicts. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConformanceCatalogTest {

    @Test
    void idsAreUniqueAndInOrder() {
        List<ConformanceCase> all = ConformanceSuite.all();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            assertTrue(seen.add(all.get(i).id()), "duplicate id " + all.get(i).id());
            if (i > 0) {
                assertTrue(ConformanceCase.ID_ORDER.compare(all.get(i - 1).id(), all.get(i).id()) < 0);
            }
        }
    }

    @Test
    void theCatalogIsSubstantial() {
        Map<Integer, Integer> servers = ConformanceSuite.countByCategory(Role.SERVER);
        Map<Integer, Integer> clients = ConformanceSuite.countByCategory(Role.CLIENT);
        assertEquals(Map.of(1, 16, 2, 11, 3, 7, 4, 10, 5, 20, 6, 165, 7, 40, 9, 54, 10, 6), servers);
        assertEquals(servers, clients, "10.2.1 is for servers only, 10.2.2 for clients only");
        assertEquals(329, servers.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void everyPlanBuildsAndHasAnExpectation() {
        for (ConformanceCase c : ConformanceSuite.all()) {
            if (c.category() == 9) {
                continue; // megabytes each; built when they run
            }
            ConformanceCase.Plan p = c.plan();
            assertFalse(p.steps().isEmpty(), c.id());
            assertFalse(p.expectation().summary().isBlank(), c.id());
        }
    }

    @Test
    void filtersSelectByIdPrefix() {
        assertEquals(165, ConformanceSuite.select("6.*", Role.SERVER).size());
        assertEquals(List.of("7.9.3"), ConformanceSuite.select("7.9.3", Role.SERVER).stream().map(ConformanceCase::id).toList());
        assertEquals(16 + 40, ConformanceSuite.select("1.*,7.*", Role.SERVER).size());
        assertEquals(11, ConformanceSuite.select("6.6.*", Role.SERVER).size());
    }

    /** Our vectors' "valid" flags agree with Java's strict decoder and with chapter 07's validator. */
    @Test
    void utf8VectorsAreLabelledCorrectly() {
        int n = 0;
        for (Utf8Vectors.Group g : Utf8Vectors.groups()) {
            for (Utf8Vectors.Vector v : g.vectors()) {
                assertEquals(v.valid(), strictlyValid(v.bytes().toByteArray()), g.title() + ": " + v.hex());
                assertEquals(v.valid(), Utf8Validator.isValid(v.bytes().toByteArray()), g.title() + ": " + v.hex());
                n++;
            }
        }
        assertEquals(132, n, "cases 6.5.1 to 6.23.7");
    }

    static boolean strictlyValid(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
