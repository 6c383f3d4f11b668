package ch21;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import wsfs.view.FlameGraph;

/** Stacks merged into a tree, drawn as well-formed SVG with a box per method; a real JFR recording read back. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FlameGraphTest {

    static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> titles(Document svg) {
        NodeList titles = svg.getElementsByTagName("title");
        return java.util.stream.IntStream.range(0, titles.getLength()).mapToObj(i -> titles.item(i).getTextContent()).toList();
    }

    @Test
    void stacksMergeIntoATreeAndEveryMethodGetsABoxWithItsShare() throws Exception {
        FlameGraph.Node root = FlameGraph.root();
        for (int i = 0; i < 3; i++) {
            root.add(List.of("java.lang.Thread.run", "wsfs.io.WebSocketConnection.readLoop", "wsfs.protocol.Masking.applyFast"));
        }
        root.add(List.of("java.lang.Thread.run", "wsfs.io.WebSocketConnection.writeLoop"));
        root.add(List.of("app.Main.<init>"));                       // a name that must be escaped in XML
        assertEquals(5, root.samples());
        assertEquals(4, root.samplesWith("java.lang.Thread.run"));
        assertEquals(3, root.samplesWith("wsfs.protocol.Masking.applyFast"));

        Document svg = parse(FlameGraph.svg(root, "a <test> & more"));
        assertEquals("svg", svg.getDocumentElement().getTagName());
        List<String> titles = titles(svg);
        assertTrue(titles.contains("wsfs.protocol.Masking.applyFast: 3 samples, 60.0 %"), titles.toString());
        assertTrue(titles.contains("wsfs.io.WebSocketConnection.writeLoop: 1 sample, 20.0 %"), titles.toString());
        assertTrue(titles.contains("app.Main.<init>: 1 sample, 20.0 %"), titles.toString());
        assertTrue(FlameGraph.svg(root, "t").contains("fill=\"" + FlameGraph.Kind.PROTOCOL.colour() + "\""));
        assertEquals(" 60.0 %  wsfs.protocol.Masking.applyFast", FlameGraph.hottest(root, 1).get(0));
    }

    @Test
    void framesAreColouredByWhereTheirCodeLives() {
        assertEquals(FlameGraph.Kind.PROTOCOL, FlameGraph.Kind.of("wsfs.protocol.FrameParser.feed"));
        assertEquals(FlameGraph.Kind.IO, FlameGraph.Kind.of("wsfs.io.Outbox.takeSome"));
        assertEquals(FlameGraph.Kind.JDK, FlameGraph.Kind.of("sun.nio.ch.SocketDispatcher.read0"));
        assertEquals(FlameGraph.Kind.JDK, FlameGraph.Kind.of("jdk.internal.vm.Continuation.yield"));
        assertEquals(FlameGraph.Kind.OTHER, FlameGraph.Kind.of("io.netty.channel.nio.NioIoHandler.run"));
    }

    @Test
    void aRecordingWithAKnownHotMethodShowsIt(@TempDir Path dir) throws Exception {
        Path jfr = dir.resolve("hot.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
            recording.start();
            long until = System.nanoTime() + 1_500_000_000L;
            long sink = 0;
            while (System.nanoTime() < until) {
                sink += HotLoop.spin(200_000);
            }
            recording.stop();
            recording.dump(jfr);
            assertTrue(sink != 42, "keeps the loop's result alive");
        }
        FlameGraph.Node root = FlameGraph.fromJfr(jfr);
        assertTrue(root.samples() > 0, "the recording has CPU samples");
        long hot = root.samplesWith("ch21.HotLoop.spin");
        assertTrue(hot * 2 > root.samples(), "HotLoop.spin is on the stack in most samples: " + hot + " of " + root.samples());
        Document svg = parse(FlameGraph.svg(root, jfr.getFileName().toString()));
        assertTrue(titles(svg).stream().anyMatch(t -> t.startsWith("ch21.HotLoop.spin: ")), titles(svg).toString());
        assertTrue(Files.size(jfr) > 0);
    }
}
