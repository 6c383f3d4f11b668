package wsfs.app;

import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * websocketd's idea with our server (chapter 15): every WebSocket connection starts its own process, each line
 * the process writes to standard output becomes a text message, and each text message the client sends becomes
 * a line on the process's standard input. When the process exits, the connection is closed with 1000; when the
 * client closes, the process's standard input is closed and, if it does not exit within a second, it is killed.
 * Any program that reads and writes lines becomes a WebSocket server, in any language, without knowing it.
 * <pre>
 * WebSocketServer.start(8080, WebSocketServer.Options.defaults(), new StdioBridge(List.of("sh", "-c", "...")));
 * </pre>
 * Binary messages cannot become lines; they close the connection with 1003 (unsupported data).
 * Standard error is passed through to our own standard error.
 */
public final class StdioBridge implements WebSocketListener {
    private final List<String> command;
    private final Map<WebSocketConnection, Process> processes = new ConcurrentHashMap<>();

    public StdioBridge(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("websocketd needs a command to run");
        }
        this.command = List.copyOf(command);
    }

    @Override
    public void onOpen(WebSocketConnection c) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            c.close(CloseCode.INTERNAL_ERROR, "could not start the program");
            return;
        }
        processes.put(c, process);
        Thread.ofVirtual().name("stdout-to-ws").start(() -> pump(c, process));
    }

    /** Each line of the program's output is one text message; the end of the output closes the connection. */
    private void pump(WebSocketConnection c, Process process) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                c.sendText(line);
            }
            int status = process.waitFor();
            c.close(CloseCode.NORMAL_CLOSURE, "the program exited with status " + status);
        } catch (IOException e) {
            c.close(CloseCode.INTERNAL_ERROR, "lost the program's output");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onText(WebSocketConnection c, String text) {
        Process process = processes.get(c);
        if (process == null) {
            return;
        }
        try {
            OutputStream in = process.getOutputStream();
            in.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            // the program has closed its input or exited; pump() closes the connection when its output ends
        }
    }

    @Override
    public void onBinary(WebSocketConnection c, ByteString data) {
        c.close(CloseCode.UNSUPPORTED_DATA, "websocketd passes text lines only");
    }

    @Override
    public void onClose(WebSocketConnection c, CloseEvent event) {
        Process process = processes.remove(c);
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close(); // end of input: a well-behaved program finishes now
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
