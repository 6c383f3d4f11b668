package ch06;

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
        List<Row> rows = List.of(new Row("readable", 1024, 2.0), new Row("fast", 1024, 14.0),
                new Row("arraycopy", 1024, 10.0));
        String csv = MaskingResults.toCsv(List.of("a note"), rows);
        assertTrue(csv.contains("\nroutine,size,gbps\nreadable,1024,2.000\n"), csv);
        MaskingResults.Results back = MaskingResults.parse(csv);
        assertEquals(List.of("a note"), back.notes());
        assertEquals(rows, back.rows());
        assertEquals(7.0, back.ratio("fast", "readable", 1024), 1e-9);
        assertEquals(1.4, back.ratio("fast", "arraycopy", 1024), 1e-9);
        assertEquals(List.of("readable", "fast", "arraycopy"), back.routines());
        assertEquals("1 KiB", MaskingResults.sizeName(1024));
        assertEquals("1 MiB", MaskingResults.sizeName(1 << 20));
        assertEquals("64 B", MaskingResults.sizeName(64));
        assertTrue(MaskingResults.svg(back).startsWith("<svg"));
        assertTrue(MaskingResults.table(back).contains("7.0x"), MaskingResults.table(back));
        assertTrue(MaskingResults.table(back).contains("1.40x"), MaskingResults.table(back));
    }

    @Test
    void committedResultsCoverEverySizeAndRoutine() throws Exception {
        Path file = Path.of("notebooks/data/06-masking-jmh.csv");
        assertTrue(Files.exists(file), "run: ./jbang jbang-scripts/bench/MaskingBench.java --out " + file);
        MaskingResults.Results results = MaskingResults.read(file);
        assertEquals(List.of(64, 1024, 65536, 1 << 20), results.sizes());
        assertEquals(MaskingResults.ROUTINES, results.routines());
        assertEquals(16, results.rows().size());
        assertTrue(results.notes().stream().anyMatch(n -> n.startsWith("command: ./jbang jbang-scripts/bench/MaskingBench.java")));
    }
}
