package wsfs.io;

import wsfs.protocol.HttpHeaders;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.HttpResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Static pages (chapter 15): a GET without Upgrade is answered from a small map path -> page (the chat room's
 * HTML); any other path is 404 and any other method 405 (RFC 9110 sections 15.5.5 and 15.5.6).
 */
final class StaticPages {
    private final Map<String, WebSocketServer.Page> pages;

    StaticPages(Map<String, WebSocketServer.Page> pages) {
        this.pages = Map.copyOf(pages);
    }

    /** A complete HTTP response, after which the server closes the connection. */
    void answer(HttpRequest request, OutputStream out) throws IOException {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            respond(out, HttpResponse.plainText(405, "Only GET is served here\n", HttpHeaders.of("Allow", "GET, HEAD")));
            return;
        }
        String path = request.target().contains("?") ? request.target().substring(0, request.target().indexOf('?'))
                : request.target();
        WebSocketServer.Page page = pages.get(path);
        if (page == null) {
            respond(out, HttpResponse.plainText(404, "Nothing at " + path + "\n", HttpHeaders.of()));
            return;
        }
        out.write(HttpResponse.pageHead(200, page.contentType(), page.body().length()).toBytes());
        if (request.method().equals("GET")) {
            page.body().writeTo(out);
        }
        out.flush();
    }

    private static void respond(OutputStream out, HttpResponse response) throws IOException {
        out.write(response.toBytes());
        out.flush();
    }
}
