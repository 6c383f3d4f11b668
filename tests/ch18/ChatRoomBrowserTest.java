package ch18;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import browser.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import wsfs.app.ChatRoom;
import wsfs.io.SimpleWebSocketClient;

/**
 * Two headless Chromium pages in the room, plus one of our own clients: each sees the others' messages, and the
 * join and leave notices. The page is the real one served by the room; the browsers' own WebSocket does the work.
 * With -Dwsfs.updateScreenshot=true the test also copies its screenshot to chapters/img/18-chat-room.png.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ChatRoomBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    static void joinAs(HeadlessChromium browser, String pageUrl, String nick) {
        WebDriver d = browser.driver();
        d.get(pageUrl);
        d.findElement(By.id("nick")).clear();
        d.findElement(By.id("nick")).sendKeys(nick);
        d.findElement(By.id("connect")).click();
        awaitLine(browser, "* " + nick + " joined");
        assertEquals("OPEN (1)", d.findElement(By.id("state")).getText());
    }

    static void awaitLine(HeadlessChromium browser, String text) {
        browser.waitFor("[...document.querySelectorAll('#log .line')].some(l => l.textContent.includes("
                + jsString(text) + "))", WAIT);
    }

    static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @SuppressWarnings("unchecked")
    static List<String> log(HeadlessChromium browser) {
        return (List<String>) browser.script("return [...document.querySelectorAll('#log .line')].map(l => l.textContent);");
    }

    @Test
    void twoBrowsersAndOurClientChat() throws Exception {
        try (ChatRoom room = ChatRoom.start(0);
             HeadlessChromium ann = HeadlessChromium.start();
             HeadlessChromium bob = HeadlessChromium.start()) {
            ann.driver().manage().window().setSize(new Dimension(900, 720));
            joinAs(ann, room.pageUrl(), "ann");
            joinAs(bob, room.pageUrl(), "bob");
            awaitLine(ann, "* bob joined (2 in the room)");

            SimpleWebSocketClient carol = SimpleWebSocketClient.connect(room.chatUrl("carol (Java)"));
            assertEquals("* carol (Java) joined (3 in the room)", carol.recv());

            ann.driver().findElement(By.id("message")).sendKeys("hello from Chromium, grüß euch!", Keys.ENTER);
            awaitLine(bob, "ann: hello from Chromium, grüß euch!");
            assertEquals("ann: hello from Chromium, grüß euch!", carol.recv());

            bob.driver().findElement(By.id("message")).sendKeys("hi ann <b>not bold</b>");
            bob.driver().findElement(By.id("send")).click();
            awaitLine(ann, "bob: hi ann <b>not bold</b>");
            assertEquals("bob: hi ann <b>not bold</b>", carol.recv());
            assertEquals(0L, ann.script("return document.querySelectorAll('#log b').length;"), "text, never HTML");

            carol.send("and hello from a Java client");
            assertEquals("carol (Java): and hello from a Java client", carol.recv(), "everyone, the sender too");
            awaitLine(ann, "carol (Java): and hello from a Java client");
            awaitLine(bob, "carol (Java): and hello from a Java client");

            bob.driver().findElement(By.id("close")).click();
            awaitLine(bob, "* disconnected: code 1000");
            awaitLine(ann, "* bob left (2 in the room)");
            assertEquals("* bob left (2 in the room)", carol.recv());
            assertEquals("CLOSED (3)", bob.driver().findElement(By.id("state")).getText());
            assertTrue(log(bob).getLast().endsWith("clean: true"), log(bob).toString());

            carol.close();
            awaitLine(ann, "* carol (Java) left (1 in the room)");
            List<String> annLog = log(ann);
            assertTrue(annLog.contains("ann: hello from Chromium, grüß euch!"), annLog.toString());
            screenshot(ann);
        }
    }

    /** Always saved under target/; copied into the chapter when asked to (a person checks it, then commits it). */
    static void screenshot(HeadlessChromium browser) throws Exception {
        Path shot = ((TakesScreenshot) browser.driver()).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of(System.getProperty("basedir", "."), "target", "18-chat-room.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        if (Boolean.getBoolean("wsfs.updateScreenshot")) {
            Path chapter = Path.of(System.getProperty("basedir", "."), "chapters", "img", "18-chat-room.png");
            Files.createDirectories(chapter.getParent());
            Files.copy(shot, chapter, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
