package exercises;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * How a stage shows bytes: frames annotated field by field by chapter 05's {@code FrameDescriber}, other bytes as
 * a hex dump with their text. The describer is always the COURSE's (loaded apart from the learner's classes,
 * from the folder named by the system property {@code exercises.course}), so a half-written parser cannot garble
 * the picture of its own input.
 */
public final class Show {
    private static volatile Method describer;

    private Show() {
    }

    /** Frames, annotated: every field with its meaning, masked payloads unmasked. */
    public static String frames(byte[] bytes) {
        if (bytes.length == 0) {
            return "(no bytes)";
        }
        try {
            return indent(((String) describer().invoke(null, (Object) bytes)).stripTrailing());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return hex(bytes);
        }
    }

    /** Bytes as hex, 16 a line, with their printable text. */
    public static String hex(byte[] bytes) {
        if (bytes.length == 0) {
            return "(no bytes)";
        }
        StringBuilder out = new StringBuilder();
        for (int at = 0; at < bytes.length; at += 16) {
            int end = Math.min(bytes.length, at + 16);
            StringBuilder text = new StringBuilder();
            StringBuilder hex = new StringBuilder();
            for (int i = at; i < end; i++) {
                int b = bytes[i] & 0xff;
                hex.append(HexFormat.of().toHexDigits((byte) b)).append(' ');
                text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            }
            if (at > 0) {
                out.append('\n');
            }
            out.append("    %04x  %-48s %s".formatted(at, hex, text));
        }
        return out.toString().substring(4);
    }

    /** Short hex on one line: "81 05 48 65". */
    public static String inline(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            if (i == 48) {
                return out + "... (" + bytes.length + " bytes)";
            }
            out.append(HexFormat.of().toHexDigits(bytes[i]));
        }
        return bytes.length == 0 ? "(no bytes)" : out.toString();
    }

    /** Text with its line ends visible: "GET / HTTP/1.1\r\n". */
    public static String visible(String s) {
        if (s == null) {
            return "null";
        }
        return "\"" + s.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    static String indent(String text) {
        return text.replace("\n", "\n    ");
    }

    private static Method describer() throws ReflectiveOperationException {
        Method m = describer;
        if (m == null) {
            String course = System.getProperty("exercises.course");
            ClassLoader loader = Show.class.getClassLoader();
            if (course != null && Files.isDirectory(Path.of(course))) {
                try {
                    loader = new URLClassLoader(new URL[] {Path.of(course).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
                } catch (java.net.MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
            m = Class.forName("wsfs.view.FrameDescriber", true, loader).getMethod("text", byte[].class);
            describer = m;
        }
        return m;
    }
}
