package wsfs.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of a Sec-WebSocket-Extensions header (chapter 22): an extension's name and its parameters, in the
 * grammar of RFC 6455 section 9.1:
 * <pre>
 *   Sec-WebSocket-Extensions = extension-list
 *   extension-list = 1#extension                        ; comma-separated, possibly over several header fields
 *   extension      = extension-token *( ";" extension-param )
 *   extension-param = token [ "=" (token | quoted-string) ]
 *       ; a quoted value, once unescaped, MUST conform to the token ABNF
 * </pre>
 * So {@code permessage-deflate; client_max_window_bits="10", permessage-deflate} is two offers of the same
 * extension, the client's first choice first (section 9.1: "the order ... signifies the client's preference").
 *
 * @param name       the extension token, such as "permessage-deflate"
 * @param parameters the parameters in the order written; a value is null for a parameter without one
 */
public record ExtensionOffer(String name, List<Parameter> parameters) {

    /** One {@code token [ "=" value ]}; {@code value} is null when there is no "=". */
    public record Parameter(String name, String value) {
        public Parameter {
            requireToken(name, "a parameter name");
            if (value != null) {
                requireToken(value, "the value of " + name);
            }
        }

        @Override
        public String toString() {
            return value == null ? name : name + "=" + value;
        }
    }

    /** A Sec-WebSocket-Extensions value that does not follow the grammar of RFC 6455 section 9.1. */
    public static final class Malformed extends Exception {
        public Malformed(String reason) {
            super(reason + " (RFC 6455 section 9.1)");
        }
    }

    public ExtensionOffer {
        requireToken(name, "an extension name");
        parameters = List.copyOf(parameters);
    }

    /** An offer written as name, then parameter names and values ("permessage-deflate", "server_max_window_bits", "10"). */
    public static ExtensionOffer of(String name, Parameter... parameters) {
        return new ExtensionOffer(name, List.of(parameters));
    }

    /** The value of the parameter called {@code name} (case-insensitive): empty if absent, "" if it has no value. */
    public Optional<String> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst()
                .map(p -> p.value() == null ? "" : p.value());
    }

    /** The parameters by lower-case name, or the name of the first one that appears twice. */
    public Map<String, String> parametersByName() throws DuplicateParameter {
        Map<String, String> byName = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (byName.containsKey(p.name().toLowerCase(java.util.Locale.ROOT))) {
                throw new DuplicateParameter(p.name());
            }
            byName.put(p.name().toLowerCase(java.util.Locale.ROOT), p.value());
        }
        return byName;
    }

    /** A parameter that appears twice in one offer or response (RFC 7692 section 7: decline, or fail). */
    public static final class DuplicateParameter extends Exception {
        private final String parameter;

        public DuplicateParameter(String parameter) {
            super("the parameter " + parameter + " appears more than once");
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    /** The header text of this element: {@code name; p1; p2=v}. Values are written as tokens (never quoted). */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(name);
        parameters.forEach(p -> out.append("; ").append(p));
        return out.toString();
    }

    /** The header value for several elements, comma-separated. */
    public static String header(List<ExtensionOffer> offers) {
        return String.join(", ", offers.stream().map(ExtensionOffer::toString).toList());
    }

    /**
     * Every element of every Sec-WebSocket-Extensions field in {@code headers}, in order: repeated fields form one
     * list (RFC 9110 section 5.3), empty list elements are ignored.
     */
    public static List<ExtensionOffer> parseAll(HttpHeaders headers) throws Malformed {
        List<ExtensionOffer> offers = new ArrayList<>();
        for (String value : headers.all("Sec-WebSocket-Extensions")) {
            offers.addAll(parse(value));
        }
        return offers;
    }

    /** The elements of one field value, such as {@code permessage-deflate; client_max_window_bits, x-foo}. */
    public static List<ExtensionOffer> parse(String value) throws Malformed {
        Objects.requireNonNull(value, "value");
        List<ExtensionOffer> offers = new ArrayList<>();
        for (String element : HttpHeaders.splitList(value)) {     // commas inside quotes do not split
            offers.add(parseElement(element));
        }
        return offers;
    }

    private static ExtensionOffer parseElement(String element) throws Malformed {
        List<String> pieces = splitOutsideQuotes(element, ';');
        String name = pieces.get(0).strip();
        if (!isToken(name)) {
            throw new Malformed("\"" + name + "\" is not a valid extension name (a token)");
        }
        List<Parameter> parameters = new ArrayList<>();
        for (String piece : pieces.subList(1, pieces.size())) {
            parameters.add(parseParameter(piece.strip(), name));
        }
        return new ExtensionOffer(name, parameters);
    }

    private static Parameter parseParameter(String text, String extension) throws Malformed {
        int eq = text.indexOf('=');
        String name = (eq < 0 ? text : text.substring(0, eq)).strip();
        if (!isToken(name)) {
            throw new Malformed("\"" + text + "\" in " + extension + " is not a parameter (token [ \"=\" value ])");
        }
        if (eq < 0) {
            return new Parameter(name, null);
        }
        String value = text.substring(eq + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = unquote(value.substring(1, value.length() - 1), name);
        }
        if (!isToken(value)) {
            throw new Malformed("the value of " + name + " must be a token (or a quoted token), not " + value);
        }
        return new Parameter(name, value);
    }

    /** The inside of a quoted-string with its backslash escapes removed (RFC 9110 section 5.6.4). */
    private static String unquote(String inside, String name) throws Malformed {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < inside.length(); i++) {
            char c = inside.charAt(i);
            if (c == '\\') {
                if (++i == inside.length()) {
                    throw new Malformed("the quoted value of " + name + " ends with a lone backslash");
                }
                c = inside.charAt(i);
            } else if (c == '"') {
                throw new Malformed("the quoted value of " + name + " has an unescaped quote inside");
            }
            out.append(c);
        }
        return out.toString();
    }

    private static List<String> splitOutsideQuotes(String text, char separator) throws Malformed {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                piece.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                pieces.add(piece.toString());
                piece.setLength(0);
            } else {
                piece.append(c);
            }
        }
        if (quoted) {
            throw new Malformed("a quoted string is not closed in \"" + text + "\"");
        }
        pieces.add(piece.toString());
        return pieces;
    }

    /** RFC 9110 section 5.6.2: token = 1*tchar. */
    public static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    private static void requireToken(String s, String what) {
        if (!isToken(s)) {
            throw new IllegalArgumentException(what + " must be a token (RFC 6455 section 9.1): " + s);
        }
    }
}
