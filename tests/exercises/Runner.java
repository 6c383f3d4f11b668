package exercises;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a chapter's stages, then every earlier chapter's stages again (a later exercise must not break an earlier
 * one), and reports one line per stage: passed, FAILED, or not reached (everything after the first failure).
 * The first failure is shown in full: the stage's rule and RFC section, the input bytes, expected and actual
 * (annotated hex), and a hint. {@code ./course check NN} runs this on the learner's workspace classes.
 */
public final class Runner {
    /** A stage that runs longer than this is taken for an endless loop. */
    static final long STAGE_SECONDS = 10;

    public enum Status { PASSED, FAILED, NOT_REACHED }

    public record Outcome(Stage stage, Status status, Throwable failure, long millis) {
    }

    public record Report(String chapter, List<Outcome> outcomes, boolean challenges) {
        public boolean allPassed() {
            return outcomes.stream().allMatch(o -> o.status == Status.PASSED);
        }

        public Outcome firstFailure() {
            return outcomes.stream().filter(o -> o.status == Status.FAILED).findFirst().orElse(null);
        }
    }

    private Runner() {
    }

    /** The stages {@code ./course check NN} runs, in order: chapter NN, then NN-1 down to 01; challenges last. */
    public static List<Stage> plan(String chapter, boolean challenges) {
        List<Stage> plan = new ArrayList<>();
        for (String c : Catalog.chaptersDownFrom(chapter)) {
            Catalog.stages(c).stream().filter(s -> !s.challenge()).forEach(plan::add);
        }
        if (challenges) {
            Catalog.stages(chapter).stream().filter(Stage::challenge).forEach(plan::add);
        }
        return plan;
    }

    public static Report run(String chapter, boolean challenges) {
        return run(chapter, plan(chapter, challenges), challenges);
    }

    /** Chapter NN's challenges alone, without the stages before them (the build's own check of every challenge). */
    public static Report challenges(String chapter) {
        return run(chapter, Catalog.stages(chapter).stream().filter(Stage::challenge).toList(), true);
    }

    static Report run(String chapter, List<Stage> plan, boolean challenges) {
        List<Outcome> outcomes = new ArrayList<>();
        boolean failed = false;
        for (Stage stage : plan) {
            if (failed && !stage.challenge()) {
                outcomes.add(new Outcome(stage, Status.NOT_REACHED, null, 0));
                continue;
            }
            long start = System.nanoTime();
            Throwable problem = runOne(stage);
            long millis = (System.nanoTime() - start) / 1_000_000;
            outcomes.add(new Outcome(stage, problem == null ? Status.PASSED : Status.FAILED, problem, millis));
            failed |= problem != null && !stage.challenge();
        }
        return new Report(chapter, outcomes, challenges);
    }

    /** Runs one stage on a daemon thread, bounded in time; null if it passed, else why not. */
    static Throwable runOne(Stage stage) {
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                stage.body().run();
                result.complete(null);
            } catch (Throwable e) {
                result.complete(e);
            }
        }, "stage " + stage.name());
        t.setDaemon(true);
        t.start();
        try {
            return result.get(STAGE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            t.interrupt();
            return new StageFailure("(see the stage's name)", "an answer within " + STAGE_SECONDS + " s",
                    "no answer: the code is still running (an endless loop, or a read that waits for bytes that never come?)");
        } catch (InterruptedException | ExecutionException e) {
            return e;
        }
    }

    // ---- text ---------------------------------------------------------------------------------------------

    public static String table(Report report) {
        StringBuilder out = new StringBuilder();
        for (Outcome o : report.outcomes()) {
            String status = switch (o.status()) {
                case PASSED -> "passed     ";
                case FAILED -> "FAILED     ";
                case NOT_REACHED -> "not reached";
            };
            out.append("  %s  %-19s %s%s%n".formatted(status, o.stage().exercise(), o.stage().name(),
                    o.stage().challenge() ? "  (challenge)" : ""));
        }
        return out.toString();
    }

    /** The first failure in full, or nothing if every stage passed. */
    public static String firstFailure(Report report, boolean longHint) {
        Outcome o = report.firstFailure();
        if (o == null) {
            return "";
        }
        Stage s = o.stage();
        StringBuilder out = new StringBuilder();
        out.append("%nFirst failure: %s, \"%s\"%n".formatted(s.exercise(), s.name()));
        out.append("  Rule:      ").append(s.rule()).append('\n');
        Throwable t = o.failure();
        String todo = t instanceof StageFailure f ? f.todo() : isTodo(t) ? t.getMessage() : null;
        if (t instanceof StageFailure f) {
            out.append("  Input:     ").append(f.input()).append('\n');
            out.append("  Expected:  ").append(f.expected()).append('\n');
        }
        if (todo != null) {
            String id = todo.substring("TODO ".length());
            Exercises.Exercise ex = Catalog.exercise(id);
            out.append("  Actual:    not written yet: %s still throws its TODO%n".formatted(id));
            if (ex != null) {
                out.append("  Write:     ").append(ex.task()).append('\n');
                ex.regions().forEach(r -> out.append("             workspace/jbang-scripts/%s, %s%n".formatted(r.file(), r.method())));
            }
        } else if (t instanceof StageFailure f) {
            out.append("  Actual:    ").append(f.actual()).append('\n');
        } else {
            out.append("  Actual:    your code threw ").append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().startsWith("wsfs.")) {
                    out.append("             at ").append(e).append('\n');
                    break;
                }
            }
        }
        out.append("  Hint:      ").append(s.hint()).append('\n');
        if (longHint) {
            String more = Hints.of(s.exercise());
            if (more != null) {
                out.append("  More:      ").append(more.replace("\n", "\n             ")).append('\n');
            }
        } else if (Catalog.challengeOnlyChapters().contains(report.chapter())) {
            out.append("  (./course check %s --hint for a longer hint and where the course's code is)%n".formatted(report.chapter()));
        } else {
            out.append("  (./course check %s --hint for a longer hint; ./course solution %s shows the course's code)%n"
                    .formatted(report.chapter(), report.chapter()));
        }
        return out.toString();
    }

    static boolean isTodo(Throwable t) {
        return t instanceof UnsupportedOperationException && String.valueOf(t.getMessage()).startsWith("TODO");
    }

    /** The first line of a failure: what ExercisesTest compares with the documented message. */
    public static String headline(Outcome o) {
        if (o == null) {
            return "";
        }
        Throwable t = o.failure();
        if (isTodo(t)) {
            return t.getMessage();
        }
        if (t instanceof StageFailure f) {
            return f.todo() != null ? f.todo() : "expected " + f.expected();
        }
        return t.toString();
    }

    // ---- HTML, for a notebook cell -----------------------------------------------------------------------

    /** The stage table as HTML: {@code exercises.Runner.html("03")} in a notebook cell shows it. */
    public static String html(String chapter) {
        Report report = run(chapter, false);
        StringBuilder out = new StringBuilder("<table><tr><th>stage</th><th>exercise</th><th>check</th></tr>");
        for (Outcome o : report.outcomes()) {
            String colour = switch (o.status()) {
                case PASSED -> "#2a7";
                case FAILED -> "#c33";
                case NOT_REACHED -> "#888";
            };
            out.append("<tr><td style='color:%s'>%s</td><td><code>%s</code></td><td>%s</td></tr>".formatted(colour,
                    o.status().name().toLowerCase().replace('_', ' '), o.stage().exercise(), escape(o.stage().name())));
        }
        out.append("</table>");
        String failure = firstFailure(report, false);
        if (!failure.isEmpty()) {
            out.append("<pre>").append(escape(failure)).append("</pre>");
        }
        return out.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * {@code java exercises.Runner NN [--hint] [--challenges]}: prints the table; exit status 1 until all pass. For a
     * chapter without exercises (09-11) the challenges always run: they are all that chapter has to check.
     */
    public static void main(String[] args) {
        if (args.length == 0 || !Catalog.checkedChapters().contains(args[0])) {
            System.err.println("usage: ./course check NN [--hint] [--challenges]   (NN: one of " + Catalog.checkedChapters() + ")");
            System.exit(2);
        }
        String chapter = args[0];
        boolean hint = List.of(args).contains("--hint");
        boolean challengeOnly = Catalog.challengeOnlyChapters().contains(chapter);
        boolean challenges = challengeOnly || List.of(args).contains("--challenges");
        long start = System.nanoTime();
        Report report = run(chapter, challenges);
        System.out.println(challengeOnly
                ? "Chapter %s has no exercises: every earlier chapter's stages (on %s), then its challenge".formatted(chapter,
                        System.getProperty("exercises.workspace") != null ? "your workspace" : "the course's code")
                : "Chapter %s: its stages, then every earlier chapter's again%s".formatted(chapter,
                        challenges ? ", then its challenges" : ""));
        System.out.print(table(report));
        System.out.print(firstFailure(report, hint));
        long passed = report.outcomes().stream().filter(o -> o.status() == Status.PASSED).count();
        System.out.printf("%n%d of %d stages passed in %.1f s.%n", passed, report.outcomes().size(),
                (System.nanoTime() - start) / 1e9);
        if (!challenges) {
            long n = Catalog.stages(chapter).stream().filter(Stage::challenge).count();
            if (report.allPassed() && n > 0) {
                System.out.printf("Chapter %s done. Its challenge%s (./course check %s --challenges):%n", chapter, n == 1 ? "" : "s", chapter);
                Catalog.stages(chapter).stream().filter(Stage::challenge)
                        .forEach(c -> System.out.printf("  %-18s %s%n", c.exercise(), c.name()));
            }
        }
        if (!challengeOnly) {
            Exercises.recordCheck(chapter, report.outcomes().stream().filter(o -> !o.stage().challenge()).allMatch(o -> o.status() == Status.PASSED));
        }
        System.exit(report.allPassed() ? 0 : 1);
    }
}
