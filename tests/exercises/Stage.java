package exercises;

/**
 * One check of an exercise (issue 10): a name a learner reads in the stage table, the rule it checks with its
 * RFC section, a hint for when it fails, and the code that runs it. A stage passes when {@link Body#run} returns;
 * it fails with a {@link StageFailure} (input, expected, actual) or with whatever the learner's code threw.
 * A challenge stage runs only with {@code ./course check NN --challenges}.
 */
public record Stage(String chapter, String exercise, String name, String rule, String hint, boolean challenge, Body body) {

    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    public static Stage core(String exercise, String name, String rule, String hint, Body body) {
        return new Stage(exercise.substring(0, 2), exercise, name, rule, hint, false, body);
    }

    public static Stage challenge(String exercise, String name, String rule, String hint, Body body) {
        return new Stage(exercise.substring(0, 2), exercise, name, rule, hint, true, body);
    }
}
