package wsfs.protocol;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which web pages may open a WebSocket to this server (chapter 03, RFC 6455 sections 4.2.2 and 10.2).
 * <p>
 * Browsers do not apply the same-origin policy to WebSocket: a page from any site may connect to any server,
 * and the browser sends that server's cookies along. The browser does tell the server where the page came
 * from, in the Origin field, and a page cannot forge it. A server that relies on cookies must therefore check
 * Origin, or an evil page can act as the logged-in user (cross-site WebSocket hijacking). A refused origin
 * gets 403 Forbidden.
 * <p>
 * A request without Origin does not come from a browser page (browsers always send it), so it cannot carry
 * a victim's cookies by surprise; the policies below let it through.
 */
@FunctionalInterface
public interface OriginPolicy {

    /**
     * @param origin the Origin field, such as "http://127.0.0.1:8080", if the request has one
     * @param host   the Host field of the same request, such as "127.0.0.1:8080"
     */
    boolean allows(Optional<String> origin, String host);

    /** Every origin: only for servers that do not rely on cookies or other ambient credentials. */
    static OriginPolicy any() {
        return (origin, host) -> true;
    }

    /** Only these origins ("scheme://host[:port]", compared case-insensitively, as origins are lower-cased). */
    static OriginPolicy allowList(String... origins) {
        List<String> allowed = List.of(origins).stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
        return (origin, host) -> origin.isEmpty() || allowed.contains(origin.get().toLowerCase(Locale.ROOT));
    }

    /** Only pages served by this same host and port: http://HOST or https://HOST where HOST is the Host field. */
    static OriginPolicy sameOrigin() {
        return (origin, host) -> origin.isEmpty()
                || origin.get().equalsIgnoreCase("http://" + host)
                || origin.get().equalsIgnoreCase("https://" + host);
    }

    default OriginPolicy or(OriginPolicy other) {
        return (origin, host) -> allows(origin, host) || other.allows(origin, host);
    }
}
