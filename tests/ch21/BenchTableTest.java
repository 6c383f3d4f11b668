package ch21;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.view.BenchTable;

/** The benchmark CSV read back and printed as the benchmark prints it, with every ratio to the reference server. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BenchTableTest {
    static final String CSV = """
            # ./course bench, 3 rounds
            scenario,server,metric,unit,median,min,max,rounds,failed,values
            rtt,ours,msg_per_s,msg/s,7517,844,7571,3,0,7571;844;7517
            rtt,netty,msg_per_s,msg/s,6594,5831,7077,3,0,6594;7077;5831
            rtt,ours,pinned,bool,1.00,1.00,1.00,3,0,1;1;1
            rtt,netty,pinned,bool,1.00,1.00,1.00,3,0,1;1;1
            large,ours,mb_per_s,MB/s,436,424,441,3,0,441;424;436
            large,netty,mb_per_s,MB/s,189,183,202,3,0,189;183;202
            """;

    @Test
    void everyCellIsMedianMinMaxWithItsRatioToTheReference() {
        BenchTable t = BenchTable.parse(CSV);
        assertEquals(List.of("ours", "netty"), t.servers());
        assertEquals(List.of("rtt msg_per_s", "rtt pinned", "large mb_per_s"), t.rows());
        assertEquals("netty", t.defaultReference());
        assertEquals(List.of("./course bench, 3 rounds"), t.comments());
        assertEquals("""
                scenario metric  ours                   netty
                rtt msg_per_s    7517 [844-7571] 1.14x  6594 [5831-7077]
                rtt pinned       1.00 [1.00-1.00]       1.00 [1.00-1.00]
                large mb_per_s   436 [424-441] 2.31x    189 [183-202]
                """, t.text("netty"));
    }

    @Test
    void aCheckMetricHasNoRatioAndAMissingCellIsADash() {
        BenchTable t = BenchTable.parse(CSV + "idle,ours,heap_per_conn_kib,KiB,5.10,4.91,5.21,3,0,5.1;4.91;5.21\n");
        BenchTable.Cell pinned = t.cell("rtt", "pinned", "ours").orElseThrow();
        assertTrue(t.ratio(pinned, "netty").isEmpty());
        assertTrue(t.text("netty").contains("idle heap_per_conn_kib  5.10 [4.91-5.21]       -"), t.text("netty"));
    }

    @Test
    void aFailedCellSaysSo() {
        BenchTable t = BenchTable.parse(CSV + "fanin,ours,failed,round,,,,1,1,\n");
        assertTrue(t.text("netty").contains("fanin failed     1 failed"), t.text("netty"));
    }

    @Test
    void aLineThatIsNotACellNamesItsNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchTable.parse(CSV + "rtt,ours,oops\n"));
        assertTrue(e.getMessage().startsWith("line 9 "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchTable.parse("# only a comment\n"));
    }

    @Test
    void theCommittedRunGivesTheChaptersRatios() throws Exception {
        BenchTable echo = BenchTable.parse(Files.readString(Path.of("notebooks/data/21-bench-echo.csv")));
        assertEquals(List.of("ours", "netty", "jetty", "undertow"), echo.servers());
        String text = echo.text("netty");
        for (String ratio : List.of("7517 [844-7571] 1.14x", "151107 [77019-168492] 1.11x", "50589 [50512-54079] 0.77x",
                "436 [424-441] 2.31x", "5.10 [4.91-5.21] 2.13x")) {
            assertTrue(text.contains(ratio), ratio + " in\n" + text);
        }
        BenchTable polling = BenchTable.parse(Files.readString(Path.of("notebooks/data/21-bench-polling.csv")));
        assertEquals("websocket", polling.defaultReference());
        assertTrue(polling.text("websocket").contains("4896 [4890-4897] 12.49x"), polling.text("websocket"));
    }
}
