package ch04;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.view.MaskingResults;
import wsfs.view.MaskingResults.Row;

/** The benchmark results file the notebook draws: written, read back, and the committed one is complete. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MaskingResultsTest {

    @Test
    void roundTrip() {
        List<Row> rows = List.of(new Row("readable", 1024, 2_000_000, 10_000), new Row("fast", 1024, 14_000_000, 50_000));
        String csv = MaskingResults.toCsv(List.of("a note"), rows);
        MaskingResults.Results back = MaskingResults.parse(csv);
        assertEquals(List.of("a note"), back.notes());
        assertEquals(rows, back.rows());
        assertEquals(7.0, back.speedup(1024), 1e-9);
        assertEquals(2048.0, rows.get(0).megabytesPerSecond(), 1e-9);
        assertEquals("1 KiB", MaskingResults.sizeName(1024));
        assertEquals("1 MiB", MaskingResults.sizeName(1 << 20));
        assertEquals("16 B", MaskingResults.sizeName(16));
        assertTrue(MaskingResults.svg(back).startsWith("<svg"));
        assertTrue(MaskingResults.table(back).contains("7.0x"));
    }

    @Test
    void committedResultsCoverEverySizeAndRoutine() throws Exception {
        Path file = Path.of("notebooks/data/04-masking-jmh.csv");
        assertTrue(Files.exists(file), "run: ./jbang jbang-scripts/bench/MaskingBench.java --out " + file);
        MaskingResults.Results results = MaskingResults.read(file);
        assertEquals(List.of(16, 1024, 65536, 1 << 20), results.sizes());
        assertEquals(8, results.rows().size());
        assertTrue(results.notes().stream().anyMatch(n -> n.startsWith("command: ./jbang jbang-scripts/bench/MaskingBench.java")));
    }
}
