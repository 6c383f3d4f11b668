package ch26;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A person's mistakes on {@code 26_ScaleOut.java serve}: one line on standard error and exit status 2, no stack trace. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServeMistakesTest {
    record Run(int status, String err) {
    }

    static Run run(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "ScaleOut"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), err);
    }

    static void oneLine(Run run, String containing) {
        assertEquals(2, run.status(), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertTrue(run.err().contains(containing), run.err());
        assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void aMalformedRedisUrlIsOneLine() throws Exception {
        oneLine(run("serve", "--port", "0", "--redis", "http://127.0.0.1:6379"), "--redis needs a URL such as redis://");
    }

    @Test
    void aSharedOptionWithoutRedisIsOneLine() throws Exception {
        oneLine(run("serve", "--port", "0", "--peer", "http://127.0.0.1:8082"), "--peer needs --redis");
    }

    @Test
    void aRedisThatDoesNotAnswerIsOneLine() throws Exception {
        int nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = s.getLocalPort();   // closed again: nothing listens there
        }
        oneLine(run("serve", "--port", "0", "--redis", "redis://127.0.0.1:" + nobody), "cannot reach Redis at redis://127.0.0.1:" + nobody);
    }
}
