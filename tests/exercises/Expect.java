package exercises;

import wsfs.protocol.CloseCode;
import wsfs.protocol.ProtocolViolation;

import java.util.Arrays;
import java.util.Objects;

/** The comparisons stages make; each failure says what went in, what was expected and what came back. */
public final class Expect {
    private Expect() {
    }

    @FunctionalInterface
    public interface Call<T> {
        T get() throws Exception;
    }

    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** Runs the learner's code; a stub's TODO becomes a failure that still shows the input and the expected answer. */
    static <T> T run(String input, String expected, Call<T> call) throws Exception {
        return run(input, expected, call, true);
    }

    /** As above; {@code wrapAll}: any other exception of the learner's code is a failure showing input and expected. */
    static <T> T run(String input, String expected, Call<T> call, boolean wrapAll) throws Exception {
        try {
            return call.get();
        } catch (StageFailure f) {
            throw f;
        } catch (Exception | LinkageError e) {
            if (Runner.isTodo(e)) {
                throw new StageFailure(input, expected, "not written yet", e.getMessage());
            }
            if (!wrapAll) {
                throw e;
            }
            throw new StageFailure(input, expected, threw(e));
        }
    }

    /** "threw ProtocolViolation: ... (at wsfs.protocol.FrameParser.firstTwoBytes(FrameParser.java:210))". */
    static String threw(Throwable e) {
        StringBuilder s = new StringBuilder("your code threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        int shown = 0;
        for (StackTraceElement at : e.getStackTrace()) {
            if (at.getClassName().startsWith("wsfs.") && shown++ < 3) {
                s.append("\n               at ").append(at);
            }
        }
        return s.toString();
    }

    public static void equal(String input, Object expected, Call<?> actual) throws Exception {
        equal(input, expected, run(input, describe(expected), actual));
    }

    public static void frames(String input, byte[] expected, Call<byte[]> actual) throws Exception {
        frames(input, expected, run(input, "\n    " + Show.frames(expected), actual));
    }

    public static void bytes(String input, byte[] expected, Call<byte[]> actual) throws Exception {
        bytes(input, expected, run(input, "\n    " + Show.hex(expected), actual));
    }

    public static void equal(String input, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new StageFailure(input, describe(expected), describe(actual));
        }
    }

    public static void isTrue(String input, boolean condition, String expected, String actual) {
        if (!condition) {
            throw new StageFailure(input, expected, actual);
        }
    }

    /** Bytes that must be frames: both sides annotated by the describer. */
    public static void frames(String input, byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new StageFailure(input, "\n    " + Show.frames(expected), actual == null ? "null" : "\n    " + Show.frames(actual));
        }
    }

    /** Bytes of any kind: both sides as hex dumps. */
    public static void bytes(String input, byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new StageFailure(input, "\n    " + Show.hex(expected), actual == null ? "null" : "\n    " + Show.hex(actual));
        }
    }

    /** The call must fail with a ProtocolViolation carrying this close code. */
    public static ProtocolViolation violation(String input, CloseCode code, Action action) throws Exception {
        String expected = "a ProtocolViolation with close code " + code.code() + " (" + code + ")";
        try {
            run(input, expected, () -> {
                action.run();
                return null;
            }, false);
        } catch (ProtocolViolation v) {
            if (v.closeCode() != code) {
                throw new StageFailure(input, expected, "close code " + v.closeCode().code() + ": " + v.getMessage());
            }
            return v;
        } catch (StageFailure f) {
            throw f;
        } catch (Exception e) {
            throw new StageFailure(input, expected, threw(e));
        }
        throw new StageFailure(input, expected, "no violation: the input was accepted");
    }

    /** The call must throw this type (and the stage gets the exception to look at). */
    public static <X extends Throwable> X thrown(String input, Class<X> type, Action action) throws Exception {
        try {
            action.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (Runner.isTodo(t)) {
                throw new StageFailure(input, "an exception of type " + type.getSimpleName(), "not written yet", t.getMessage());
            }
            throw new StageFailure(input, "an exception of type " + type.getSimpleName(), threw(t));
        }
        throw new StageFailure(input, "an exception of type " + type.getSimpleName(), "no exception: the call returned normally");
    }

    static String describe(Object o) {
        if (o instanceof byte[] b) {
            return Show.inline(b);
        }
        if (o instanceof String s) {
            return Show.visible(s);
        }
        return String.valueOf(o);
    }
}
