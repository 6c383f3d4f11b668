package ch18;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch15.EchoModeOptionsTest;
import ch14.ServeProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code 18_ChatRoom.java serve --port N} on a port in use: one line naming the port, exit status 2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatRoomPortInUseTest {

    @Test
    void aPortInUseIsOneLineAndExitStatus2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServeProcess serve = ServeProcess.start(0, "ChatRoomApp", "serve", "--port",
                     String.valueOf(taken.getLocalPort()))) {
            assertEquals(2, serve.awaitExit(Duration.ofSeconds(20)), serve.output());
            EchoModeOptionsTest.assertPortInUseLine(serve.lines(), taken.getLocalPort());
        }
    }
}
