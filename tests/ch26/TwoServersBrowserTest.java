package ch26;

import static org.junit.jupiter.api.Assertions.assertEquals;

import browser.HeadlessChromium;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import wsfs.app.ChatRoomLan;
import wsfs.app.RedisProcess;
import wsfs.app.SharedChatRoom;

/**
 * Two headless Chromium pages, each served by and connected to a different server of one room: each sees the
 * other's lines. Then the first server shuts down: its page reconnects by itself (backoff) to the other server
 * of its list and chats on.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TwoServersBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void joinAs(HeadlessChromium browser, String pageUrl, String nick) {
        WebDriver d = browser.driver();
        d.get(pageUrl);
        d.findElement(By.id("nick")).clear();
        d.findElement(By.id("nick")).sendKeys(nick);
        d.findElement(By.id("connect")).click();
        awaitLine(browser, "* " + nick + " joined");
    }

    static void awaitLine(HeadlessChromium browser, String text) {
        browser.waitFor("[...document.querySelectorAll('#log .line')].some(l => l.textContent.includes('"
                + text.replace("\\", "\\\\").replace("'", "\\'") + "'))", WAIT);
    }

    @Test
    void twoPagesOnTwoServersChatAndThePageMovesWhenItsServerDies() throws Exception {
        int portA = freePort();
        int portB = freePort();
        try (RedisProcess redis = RedisProcess.start();
             SharedChatRoom b = SharedChatRoom.start(ChatRoomLan.loopback(), portB,
                     new SharedChatRoom.Options(redis.url(), "lobby", "b", List.of("http://127.0.0.1:" + portA)), l -> { });
             HeadlessChromium ann = HeadlessChromium.start();
             HeadlessChromium bob = HeadlessChromium.start()) {
            SharedChatRoom a = SharedChatRoom.start(ChatRoomLan.loopback(), portA,
                    new SharedChatRoom.Options(redis.url(), "lobby", "a", List.of("http://127.0.0.1:" + portB)), l -> { });
            try {
                joinAs(ann, a.pageUrl(), "ann");
                joinAs(bob, b.pageUrl(), "bob");
                awaitLine(ann, "* bob joined (2 in the room)");
                ann.driver().findElement(By.id("message")).sendKeys("hello from Chromium on server a", Keys.ENTER);
                awaitLine(bob, "ann: hello from Chromium on server a");
                bob.driver().findElement(By.id("message")).sendKeys("hi from Chromium on server b", Keys.ENTER);
                awaitLine(ann, "bob: hi from Chromium on server b");
            } finally {
                a.close();                                   // 1001 to ann's page: it moves to server b
            }
            awaitLine(ann, "* reconnecting to ws://127.0.0.1:" + portB);
            awaitLine(ann, "* connected to ws://127.0.0.1:" + portB);
            awaitLine(bob, "* ann left");
            awaitLine(bob, "* ann joined (2 in the room)");
            ann.waitFor("document.getElementById('state').textContent === 'OPEN (1)'", WAIT);
            ann.driver().findElement(By.id("message")).sendKeys("still here, now on server b", Keys.ENTER);
            awaitLine(bob, "ann: still here, now on server b");
            assertEquals(List.of("ann"), List.of("ann").stream().filter(n -> b.localMembers().contains(n)).toList());
        }
    }
}
