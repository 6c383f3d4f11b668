package ch26;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.app.RedisProcess;
import wsfs.protocol.CloseCode;

/**
 * Two chat server processes on one Redis; one is killed (SIGKILL, as a crash). Its member sees the connection end
 * without a closing handshake (1006), reconnects to the other server, gets the recent lines and goes on; the
 * other server notices the silence (heartbeat) and announces the lost member's leave.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KilledServerTest {

    @Test
    void aKilledServersMemberSeesACloseAndContinuesOnAnotherServer() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             ChatServerProcess one = ChatServerProcess.start("--redis", redis.url(), "--server-id", "one");
             ChatServerProcess two = ChatServerProcess.start("--redis", redis.url(), "--server-id", "two")) {
            Member ann = Member.join("ann", one.chatUrl("ann"));
            ann.await("* ann joined (1 in the room)");
            Member bob = Member.join("bob", two.chatUrl("bob"));
            bob.await("* bob joined (2 in the room)");
            ann.send("hello before the crash");
            bob.await("ann: hello before the crash");

            one.kill();
            assertTrue(ann.awaitClosed(), "ann's connection ends when her server dies");
            assertEquals(CloseCode.ABNORMAL_CLOSURE.code(), ann.closeEvent.code().code(), "no Close frame: 1006");
            assertTrue(!ann.closeEvent.wasClean());

            bob.await("* ann left (its server stopped answering; 1 in the room)");   // within the heartbeat's bound
            Member again = Member.join("ann", two.chatUrl("ann"));                  // what the page does
            List<String> history = again.await("* ann joined (2 in the room)");
            assertTrue(history.contains("ann: hello before the crash"), "the recent lines from the stream: " + history);
            again.send("I am back, on server two");
            bob.await("ann: I am back, on server two");
            again.await("ann: I am back, on server two");
            again.close();
            bob.close();
        }
    }
}
