package wsfs.app;

import wsfs.protocol.OriginPolicy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Where the chat room listens and which pages may join it (chapter 18): the LAN mode of
 * {@code 18_ChatRoom.java serve --bind ADDRESS}, so that a classroom chats across laptops.
 * <p>
 * <b>The address.</b> By default the room listens on 127.0.0.1, which only this machine can reach. With
 * {@code --bind 0.0.0.0} it listens on every interface, with {@code --bind 192.168.1.20} on that one address;
 * {@link #shareUrls} are the page addresses to put on the projector.
 * <p>
 * <b>The Origin policy</b> (RFC 6455 section 10.2). A browser lets a page from any site open a WebSocket to any
 * server; it only tells the server, in the Origin field, which site the page came from, and a page cannot forge
 * that field. A server that should only serve its own page must therefore check Origin (section 10.2: "servers
 * that are not intended to process input from any web page but only for certain sites SHOULD verify the
 * |Origin| field"), and refuse the others with 403 (section 4.2.2). The room accepts exactly:
 * <ul>
 * <li>the origins of the URLs it printed: {@code http://ADDRESS:PORT} for each address it can be reached at
 *     (with {@code 0.0.0.0}, every address of every interface that is up, plus 127.0.0.1 and localhost);</li>
 * <li>the origins named with {@code --origin} (for example a page served by another machine or port);</li>
 * <li>requests without Origin: they do not come from a browser page (a browser always sends it), so they cannot
 *     carry a visitor's cookies by surprise (our Java clients, websocat, Python).</li>
 * </ul>
 * It does not compare Origin with the request's Host field, as chapter 03's {@link OriginPolicy#sameOrigin()}
 * does: on a LAN that would let in any page whose name an attacker points at the room's address (DNS
 * rebinding: the page at http://evil.example:8080 is re-resolved to 192.168.1.20, so Host and Origin agree).
 * The room's own addresses cannot be renamed that way.
 */
public record ChatRoomLan(InetAddress bind, List<String> extraOrigins) {

    public ChatRoomLan {
        extraOrigins = extraOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    }

    /** The default: 127.0.0.1 only, no extra origins. */
    public static ChatRoomLan loopback() {
        return new ChatRoomLan(InetAddress.getLoopbackAddress(), List.of());
    }

    /**
     * The {@code --bind} value: an IP address written as numbers ("0.0.0.0", "192.168.1.20", "::", "::1") or
     * "localhost". Anything else (a host name would need DNS) throws with a sentence for the command line.
     */
    public static InetAddress parseBind(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("localhost")) {
            return InetAddress.getLoopbackAddress();
        }
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        boolean ipv4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = t.contains(":") && t.matches("[0-9A-Fa-f:.]+");
        if (ipv4 || ipv6) {
            try {
                return InetAddress.getByName(t); // a literal: no DNS lookup
            } catch (UnknownHostException notAnAddress) {
                // said below
            }
        }
        throw new IllegalArgumentException("--bind needs an IP address of this machine, such as 127.0.0.1, "
                + "0.0.0.0 (every interface) or 192.168.1.20, not \"" + text + "\"");
    }

    /**
     * An {@code --origin} value: "http://host[:port]" or "https://host[:port]", nothing after it (an origin has
     * no path, RFC 6454 section 6.1). Returns it as browsers send it (lower case); otherwise throws.
     */
    public static String parseOrigin(String text) {
        String t = text.strip();
        try {
            URI uri = new URI(t);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (web && uri.getHost() != null && uri.getUserInfo() == null && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
                return t.toLowerCase(Locale.ROOT);
            }
        } catch (URISyntaxException notAUri) {
            // said below
        }
        throw new IllegalArgumentException("--origin needs an origin such as http://192.168.1.20:8080 "
                + "(scheme, host and port, no path), not \"" + text + "\"");
    }

    /** Whether the room listens on every interface (0.0.0.0 or ::). */
    public boolean everyInterface() {
        return bind.isAnyLocalAddress();
    }

    /** The address our own clients (the demo, the tests) connect to: the bound one, or 127.0.0.1 for 0.0.0.0. */
    public String connectHost() {
        return everyInterface() ? "127.0.0.1" : hostInUrl(bind);
    }

    /**
     * The hosts a person can type to reach the room: for 0.0.0.0, 127.0.0.1 and localhost first, then every
     * address of every interface that is up (IPv6 link-local ones left out: they need a zone in the URL);
     * otherwise the bound address (and localhost, for 127.0.0.1).
     */
    public List<String> hosts() {
        Set<String> hosts = new LinkedHashSet<>();
        if (everyInterface() || bind.isLoopbackAddress()) {
            hosts.add(hostInUrl(bind.isLoopbackAddress() ? bind : InetAddress.getLoopbackAddress()));
            hosts.add("localhost");
        }
        if (everyInterface()) {
            for (InetAddress a : interfaceAddresses()) {
                boolean v6Wildcard = bind instanceof Inet6Address;
                if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && (a instanceof Inet4Address || v6Wildcard)) {
                    hosts.add(hostInUrl(a));
                }
            }
        } else if (!bind.isLoopbackAddress()) {
            hosts.add(hostInUrl(bind));
        }
        return List.copyOf(hosts);
    }

    /** The page URLs to share, such as http://192.168.1.20:8080/: one per host. */
    public List<String> shareUrls(int port) {
        return hosts().stream().map(h -> "http://" + h + ":" + port + "/").toList();
    }

    /** The origins a page served by the room has: one per host (and without ":80" on port 80). */
    public List<String> ownOrigins(int port) {
        List<String> origins = new ArrayList<>();
        for (String h : hosts()) {
            origins.add(("http://" + h + ":" + port).toLowerCase(Locale.ROOT));
            if (port == 80) {
                origins.add(("http://" + h).toLowerCase(Locale.ROOT)); // browsers leave out the default port
            }
        }
        return origins;
    }

    /**
     * The room's Origin policy (section 10.2): no Origin, one of {@link #ownOrigins}, or one of the
     * {@code --origin} values. {@code port} is read at each handshake (a room on port 0 learns its port late).
     */
    public OriginPolicy origins(IntSupplier port) {
        List<String> hostsNow = hosts(); // the interfaces are listed once, at start
        return (Optional<String> origin, String host) -> {
            if (origin.isEmpty()) {
                return true;
            }
            String o = origin.get().strip().toLowerCase(Locale.ROOT);
            if (extraOrigins.contains(o)) {
                return true;
            }
            int p = port.getAsInt();
            for (String h : hostsNow) {
                String own = ("http://" + h).toLowerCase(Locale.ROOT);
                if (o.equals(own + ":" + p) || (p == 80 && o.equals(own))) {
                    return true;
                }
            }
            return false;
        };
    }

    /** "192.168.1.20", or "[fe80::1]" for IPv6, as a URL writes it. */
    static String hostInUrl(InetAddress a) {
        String text = a.getHostAddress();
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        return a instanceof Inet6Address ? "[" + text + "]" : text;
    }

    private static List<InetAddress> interfaceAddresses() {
        List<InetAddress> all = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp()) {
                    all.addAll(Collections.list(nic.getInetAddresses()));
                }
            }
        } catch (SocketException cannotList) {
            // no list: only loopback is printed
        }
        return all;
    }
}
