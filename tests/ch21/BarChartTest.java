package ch21;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.view.BarChart;
import wsfs.view.BenchTable;

/** The notebook's charts: one panel per row of a bench CSV, a bar per server at the median, well-formed SVG. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BarChartTest {

    @Test
    void onePanelPerRowOneBarPerServerTheHighlightedOneDarker() throws Exception {
        BenchTable t = BenchTable.parse(BenchTableTest.CSV);
        List<BarChart.Panel> panels = BarChart.panels(t, List.of("large mb_per_s"), "ours");
        assertEquals(1, panels.size());
        assertEquals("MB/s", panels.get(0).unit());
        assertEquals(List.of(new BarChart.Bar("ours", 436, 424, 441, true), new BarChart.Bar("netty", 189, 183, 202, false)),
                panels.get(0).bars());
        String svg = BarChart.svg("a <chart> & more", panels);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(2, doc.getElementsByTagName("rect").getLength() - 1, "two bars and the background");
        assertTrue(svg.contains("<title>ours: 436 [424-441] MB/s</title>"), svg);
        assertThrows(IllegalArgumentException.class, () -> BarChart.panels(t, List.of("nope x"), "ours"));
    }
}
