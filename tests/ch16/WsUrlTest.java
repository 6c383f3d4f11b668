package ch16;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.WsUrl;

/** RFC 6455 section 3: ws URLs, the resource name and the Host header. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WsUrlTest {

    @Test
    void defaultPortIs80AndPathIsSlash() {
        WsUrl url = WsUrl.parse("ws://example.com");
        assertEquals("example.com", url.host());
        assertEquals(80, url.port());
        assertEquals("/", url.resourceName());
        assertEquals("example.com", url.hostHeader());
    }

    @Test
    void portPathAndQueryAreKept() {
        WsUrl url = WsUrl.parse("ws://127.0.0.1:9913/chat/room?nick=ann%20b&x=1");
        assertEquals("127.0.0.1", url.host());
        assertEquals(9913, url.port());
        assertEquals("/chat/room?nick=ann%20b&x=1", url.resourceName());
        assertEquals("/chat/room", url.path());
        assertEquals("nick=ann%20b&x=1", url.query());
        assertEquals("127.0.0.1:9913", url.hostHeader());
    }

    @Test
    void queryWithoutPathGetsSlash() {
        WsUrl url = WsUrl.parse("ws://h:1?a=b");
        assertEquals("/?a=b", url.resourceName());
    }

    @Test
    void schemeAndHostAreCaseInsensitive() {
        WsUrl url = WsUrl.parse("WS://LocalHost:8080/Path");
        assertEquals("localhost", url.host());
        assertEquals("/Path", url.resourceName(), "the path is case-sensitive and kept as is");
        assertNull(url.query());
    }

    @Test
    void ipv6LiteralKeepsBracketsInHostHeader() {
        WsUrl url = WsUrl.parse("ws://[::1]:8080/");
        assertEquals("[::1]:8080", url.hostHeader());
        assertEquals("::1", url.socketHost());
    }

    @Test
    void wssParsesWithPort443ButChapter08sClientRefusesIt() {
        // Until chapter 25 WsUrl refused wss:// as "out of scope"; now it parses (default port 443, section 3)
        // and chapter 16's plain-TCP client says that wss needs chapter 25's TLS client.
        WsUrl url = WsUrl.parse("wss://echo.example/");
        assertTrue(url.secure());
        assertEquals(443, url.port());
        assertEquals("echo.example", url.hostHeader());
        assertEquals("wss://echo.example/", url.toString());
        assertEquals("echo.example:80", WsUrl.parse("wss://echo.example:80/").hostHeader());
        var e = assertThrows(IllegalArgumentException.class,
                () -> wsfs.io.WebSocketClient.connect("wss://echo.example/", new wsfs.io.WebSocketListener() { }));
        assertTrue(e.getMessage().contains("TLS"), e.getMessage());
        assertTrue(e.getMessage().contains("chapter 25"), e.getMessage());
    }

    @Test
    void otherSchemesFragmentsAndMissingHostAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WsUrl.parse("http://example.com/"));
        assertThrows(IllegalArgumentException.class, () -> WsUrl.parse("ws://example.com/#top"));
        assertThrows(IllegalArgumentException.class, () -> WsUrl.parse("ws:///path"));
        assertThrows(IllegalArgumentException.class, () -> WsUrl.parse("example.com:80"));
        assertThrows(IllegalArgumentException.class, () -> WsUrl.parse("ws://exa mple.com/"));
    }

    @Test
    void toStringRebuildsTheUrl() {
        assertEquals("ws://h:1/a?b", WsUrl.parse("ws://h:1/a?b").toString());
        assertEquals("ws://h/", WsUrl.parse("ws://h:80").toString());
    }
}
