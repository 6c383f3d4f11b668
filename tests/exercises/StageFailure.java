package exercises;

/** A stage's verdict on the learner's code: what went in, what should have come out, what came out. */
public final class StageFailure extends RuntimeException {
    private final String input;
    private final String expected;
    private final String actual;
    private final String todo;

    public StageFailure(String input, String expected, String actual) {
        this(input, expected, actual, null);
    }

    /** @param todo the stub's message ("TODO 05-header-lengths") when the learner's code is not written yet */
    public StageFailure(String input, String expected, String actual, String todo) {
        super(todo != null ? todo : "expected " + expected + ", got " + actual);
        this.input = input;
        this.expected = expected;
        this.actual = actual;
        this.todo = todo;
    }

    /** The stub's TODO message, or null if the learner's code ran and gave a wrong answer. */
    public String todo() {
        return todo;
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
