package wsfs.view;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A flame graph of a JFR profile as one self-contained SVG file (chapter 21). Each CPU sample
 * ({@code jdk.ExecutionSample}) is a stack of methods; stacks are merged into a tree from the thread's first
 * method down, and each method is drawn as a box as wide as the share of samples in which it was on the stack.
 * The first method is at the top and callees hang below it (an "icicle"). A wide box at the bottom is a method
 * that was itself running; a wide box with a narrower row below it spends its time in the methods it calls.
 * Boxes are coloured by where the code lives: {@link Kind}. Hover over a box for its full name and share.
 * <p>
 * Nothing here is clever: no zoom, no search, no JavaScript, so that the picture is an ordinary file the chapter
 * and the notebook can show, and the code fits on a page.
 */
public final class FlameGraph {
    private FlameGraph() {
    }

    /** Where a method's code lives; the colour of its box. */
    public enum Kind {
        PROTOCOL("wsfs.protocol", "#f2a65a"),   // the sans-I/O core, chapters 02-13
        IO("wsfs.io", "#6fa8dc"),               // the edge: sockets, threads, outbox, chapter 14
        JDK("JDK (java.*, jdk.*, sun.*)", "#b6d7a8"),
        OTHER("other", "#d9d2e9");

        private final String label;
        private final String colour;

        Kind(String label, String colour) {
            this.label = label;
            this.colour = colour;
        }

        public String label() {
            return label;
        }

        public String colour() {
            return colour;
        }

        /** The kind of a frame named {@code package.Class.method}. */
        public static Kind of(String frame) {
            if (frame.startsWith("wsfs.protocol.")) {
                return PROTOCOL;
            }
            if (frame.startsWith("wsfs.io.")) {
                return IO;
            }
            if (frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.")) {
                return JDK;
            }
            return OTHER;
        }
    }

    /** One method in the tree: how many samples had it at this place on the stack, and what it called. */
    public static final class Node {
        private final String name;
        private long samples;
        private final Map<String, Node> children = new TreeMap<>();   // sorted: the same input, the same picture

        Node(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public long samples() {
            return samples;
        }

        public List<Node> children() {
            return List.copyOf(children.values());
        }

        /** Adds one sample whose stack is {@code stack}, outermost method first. */
        public void add(List<String> stack) {
            samples++;
            Node at = this;
            for (String frame : stack) {
                at = at.children.computeIfAbsent(frame, Node::new);
                at.samples++;
            }
        }

        /** The samples in which {@code method} (a frame name) was anywhere on the stack. */
        public long samplesWith(String method) {
            if (name.equals(method)) {
                return samples;
            }
            long n = 0;
            for (Node child : children.values()) {
                n += child.samplesWith(method);
            }
            return n;
        }
    }

    /** An empty tree: add stacks to it with {@link Node#add}. */
    public static Node root() {
        return new Node("all");
    }

    /** The tree of every {@code jdk.ExecutionSample} in a JFR file. */
    public static Node fromJfr(Path jfr) throws IOException {
        return fromJfr(jfr, 0, Double.POSITIVE_INFINITY);
    }

    /**
     * The tree of the {@code jdk.ExecutionSample}s taken from {@code fromSeconds} to {@code toSeconds} after the
     * recording's first sample: one scenario of a benchmark run that recorded several one after the other.
     */
    public static Node fromJfr(Path jfr, double fromSeconds, double toSeconds) throws IOException {
        Node root = root();
        java.time.Instant first = null;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                RecordedStackTrace trace = event.getStackTrace();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || trace == null) {
                    continue;
                }
                if (first == null) {
                    first = event.getStartTime();         // events come about in time order; close enough for seconds
                }
                double at = java.time.Duration.between(first, event.getStartTime()).toNanos() / 1e9;
                if (at >= fromSeconds && at < toSeconds) {
                    root.add(stack(trace));
                }
            }
        }
        return root;
    }

    /** The address part of a lambda's hidden class name: {@code Foo$$Lambda/0x0000000029082000} is {@code Foo$$Lambda}. */
    static final java.util.regex.Pattern HIDDEN_CLASS = java.util.regex.Pattern.compile("[/.]0x[0-9a-fA-F]+$");

    /** A JFR stack as frame names, outermost first (JFR lists the running method first). */
    static List<String> stack(RecordedStackTrace trace) {
        List<String> frames = new ArrayList<>();
        for (RecordedFrame f : trace.getFrames()) {
            frames.add(HIDDEN_CLASS.matcher(f.getMethod().getType().getName()).replaceAll("") + "." + f.getMethod().getName());
        }
        Collections.reverse(frames);
        return frames;
    }

    static final int WIDTH = 1200;
    static final int ROW = 17;
    static final int TOP = 46;                    // room for the title and the legend
    static final double NARROWEST = 0.6;          // boxes narrower than this many pixels are left out

    /** The SVG of the tree: title, legend, one row per stack depth. */
    public static String svg(Node root, String title) {
        StringBuilder boxes = new StringBuilder();
        int[] deepest = {0};
        draw(root, 0, 0, WIDTH, root.samples(), boxes, deepest);
        int height = TOP + (deepest[0] + 1) * ROW + 8;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"monospace\" font-size=\"11\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        svg.append("<text x=\"4\" y=\"16\" font-size=\"14\">").append(escape(title)).append(" (")
                .append(root.samples()).append(" samples)</text>\n");
        int x = 4;
        for (Kind k : Kind.values()) {
            svg.append("<rect x=\"").append(x).append("\" y=\"24\" width=\"12\" height=\"12\" fill=\"").append(k.colour()).append("\"/>");
            svg.append("<text x=\"").append(x + 16).append("\" y=\"34\">").append(escape(k.label())).append("</text>\n");
            x += 24 + 7 * k.label().length();
        }
        svg.append(boxes).append("</svg>\n");
        return svg.toString();
    }

    private static void draw(Node node, int depth, double x, double width, long total, StringBuilder out, int[] deepest) {
        if (width < NARROWEST || total == 0) {
            return;
        }
        deepest[0] = Math.max(deepest[0], depth);
        double y = TOP + depth * ROW;
        String share = String.format(Locale.ROOT, "%.1f", 100.0 * node.samples() / total);
        String colour = depth == 0 ? "#eeeeee" : Kind.of(node.name()).colour();
        out.append(String.format(Locale.ROOT, "<g><title>%s: %d sample%s, %s %%</title>"
                        + "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"0.5\"/>",
                escape(node.name()), node.samples(), node.samples() == 1 ? "" : "s", share, x, y, width, ROW - 1, colour));
        int fits = (int) ((width - 4) / 6.6);     // about 6.6 px per character at font size 11
        if (fits >= 3) {
            String label = shortName(node.name());
            if (label.length() > fits) {
                label = label.substring(0, fits - 2) + "..";
            }
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", x + 2, y + ROW - 5, escape(label)));
        }
        out.append("</g>\n");
        double at = x;
        for (Node child : node.children.values()) {
            double w = width * child.samples() / node.samples();
            draw(child, depth + 1, at, w, total, out, deepest);
            at += w;
        }
    }

    /** {@code wsfs.io.WebSocketConnection.readLoop} shows as {@code WebSocketConnection.readLoop} in its box. */
    static String shortName(String frame) {
        int method = frame.lastIndexOf('.');
        int type = method > 0 ? frame.lastIndexOf('.', method - 1) : -1;
        return type >= 0 ? frame.substring(type + 1) : frame;
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c < 0x20 ? ' ' : c);
            }
        }
        return out.toString();
    }

    /** The methods that were themselves running most often (the bottom boxes), as "share  method" lines. */
    public static List<String> hottest(Node root, int count) {
        Map<String, Long> self = new TreeMap<>();
        collectSelf(root, self);
        return self.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(count)
                .map(e -> String.format(Locale.ROOT, "%5.1f %%  %s", 100.0 * e.getValue() / root.samples(), e.getKey()))
                .toList();
    }

    private static void collectSelf(Node node, Map<String, Long> self) {
        long inChildren = 0;
        for (Node child : node.children.values()) {
            inChildren += child.samples();
            collectSelf(child, self);
        }
        if (node.samples() > inChildren && !node.name().equals("all")) {
            self.merge(node.name(), node.samples() - inChildren, Long::sum);
        }
    }
}
