package wsfs.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The header fields of an HTTP/1.1 message, in the order they arrived (chapter 02).
 * Field names are case-insensitive (RFC 9110 section 5.1), a field may appear several times, and a
 * comma-separated list may be split across those repetitions (RFC 9110 section 5.3): {@link #list}
 * therefore joins every field of one name before splitting it into elements.
 */
public final class HttpHeaders {
    /** One field line: the name as it was written, the value without the optional whitespace around it. */
    public record Field(String name, String value) {
    }

    private final List<Field> fields;

    public HttpHeaders(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    /** Builds headers from name, value, name, value, ... */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(new Field(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new HttpHeaders(fields);
    }

    public List<Field> fields() {
        return fields;
    }

    /** A copy with one more field at the end. */
    public HttpHeaders with(String name, String value) {
        List<Field> more = new ArrayList<>(fields);
        more.add(new Field(name, value));
        return new HttpHeaders(more);
    }

    /** The values of every field called {@code name} (any case), in order. */
    public List<String> all(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }

    /** The value of the first field called {@code name}, if there is one. */
    public Optional<String> first(String name) {
        return all(name).stream().findFirst();
    }

    public boolean has(String name) {
        return !all(name).isEmpty();
    }

    /**
     * The elements of a comma-separated list, gathered from every field called {@code name}:
     * "Connection: keep-alive, Upgrade" gives [keep-alive, Upgrade]. Whitespace around elements is
     * dropped and so are empty elements, which a recipient must accept and ignore (RFC 9110 section 5.6.1).
     * A comma inside a "quoted string" does not split (extension parameters may be quoted).
     */
    public List<String> list(String name) {
        List<String> elements = new ArrayList<>();
        for (String value : all(name)) {
            elements.addAll(splitList(value));
        }
        return elements;
    }

    /** True if the list {@code name} has the element {@code token}, compared ASCII case-insensitively. */
    public boolean hasToken(String name, String token) {
        return list(name).stream().anyMatch(token::equalsIgnoreCase);
    }

    static List<String> splitList(String value) {
        // EXERCISE 02-header-lists: split a field value at the commas outside quoted strings; trim each element, drop empty ones (RFC 9110 sections 5.6.1 and 5.6.4)
        List<String> elements = new ArrayList<>();
        StringBuilder element = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\' && i + 1 < value.length()) {
                element.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                addTrimmed(elements, element);
            } else {
                element.append(c);
            }
        }
        addTrimmed(elements, element);
        return elements;
        // END EXERCISE
    }

    private static void addTrimmed(List<String> elements, StringBuilder element) {
        String trimmed = element.toString().strip();
        if (!trimmed.isEmpty()) {
            elements.add(trimmed);
        }
        element.setLength(0);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        fields.forEach(f -> out.append(f.name()).append(": ").append(f.value()).append('\n'));
        return out.toString();
    }
}
