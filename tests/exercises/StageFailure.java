package exercises;

/** A stage's verdict on the learner's code: what went in, what should have come out, what came out. */
public final class StageFailure extends RuntimeException {
    private final String input;
    private final String expected;
    private final String actual;

    public StageFailure(String input, String expected, String actual) {
        super("expected " + expected + ", got " + actual);
        this.input = input;
        this.expected = expected;
        this.actual = actual;
    }

    public String input() {
        return input;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
