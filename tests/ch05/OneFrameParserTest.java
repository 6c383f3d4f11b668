package ch05;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The project has one frame parser (issue 9: frames were parsed in four places, the control-payload limit
 * checked in five with four wordings). Reading the 7-bit length field ({@code & 0x7F} on the second byte) is
 * how every hand-made frame parser starts, so only {@code FrameParser} may do it; and the number 125 as the
 * control-payload limit is written in one place.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OneFrameParserTest {
    static final Path LIBRARY = Path.of("jbang-scripts");
    static final Pattern LENGTH_FIELD = Pattern.compile("&\\s*0x7[fF]\\b");
    static final Pattern CONTROL_LIMIT = Pattern.compile("(>|<=?)\\s*125\\b");

    static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(LIBRARY)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    static List<String> offenders(Pattern pattern) throws IOException {
        List<String> found = new java.util.ArrayList<>();
        for (Path p : sources()) {
            if (p.endsWith(Path.of("wsfs", "protocol", "FrameParser.java")) || p.endsWith(Path.of("wsfs", "protocol", "FrameCodec.java"))) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                if (pattern.matcher(lines.get(i)).find()) {
                    found.add(p + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        return found;
    }

    @Test
    void onlyTheParserReadsTheLengthField() throws IOException {
        assertTrue(Files.exists(LIBRARY.resolve("wsfs/protocol/FrameParser.java")));
        assertEquals(List.of(), offenders(LENGTH_FIELD), "frame bytes decoded outside FrameParser");
    }

    @Test
    void theControlPayloadLimitIsWrittenOnce() throws IOException {
        assertEquals(List.of(), offenders(CONTROL_LIMIT), "use FrameParser.MAX_CONTROL_PAYLOAD");
    }
}
