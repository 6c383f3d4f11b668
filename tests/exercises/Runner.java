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
 * (annotated hex), and a hint. {@code ./course check NN} runs this on the learner's workspace classes. With
 * {@code --lang zh} (or {@code COURSE_LANG=zh}) the hints are the Chinese ones of {@link HintsZh}, and what to write
 * and the challenges are those of {@link ExercisesZh}; the table's words, the rules and the inputs stay English.
 */
public final class Runner {
    /** A stage that runs longer than this is taken for an endless loop. */
    static final long STAGE_SECONDS = 10;

    public enum Status { PASSED, FAILED, NOT_REACHED }

    /** The language of the hints (issue 14): English, the default, or Chinese. */
    public enum Lang {
        EN, ZH;

        /** The language named "en" or "zh", or null for any other name. */
        public static Lang of(String name) {
            return "en".equals(name) ? EN : "zh".equals(name) ? ZH : null;
        }

        /** COURSE_LANG's language; English when it is unset or empty, null when it names another. */
        public static Lang fromEnvironment() {
            String name = System.getenv("COURSE_LANG");
            return name == null || name.isEmpty() ? EN : of(name);
        }
    }

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

    /** The first failure in full, or nothing if every stage passed; its hints in English. */
    public static String firstFailure(Report report, boolean longHint) {
        return firstFailure(report, longHint, Lang.EN);
    }

    /** The first failure in full, or nothing if every stage passed; its hints in the language asked for. */
    public static String firstFailure(Report report, boolean longHint, Lang lang) {
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
                out.append("  Write:     ").append(Exercises.task(ex, lang)).append('\n');
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
        out.append("  Hint:      ").append(hint(s, lang)).append('\n');
        String zh = lang == Lang.ZH ? " --lang zh" : "";
        if (longHint) {
            String more = longHint(s.exercise(), lang);
            if (more != null) {
                out.append("  More:      ").append(more.replace("\n", "\n             ")).append('\n');
            }
        } else if (Catalog.challengeOnlyChapters().contains(report.chapter())) {
            out.append("  (./course check %s --hint%s for a longer hint and where the course's code is)%n".formatted(report.chapter(), zh));
        } else {
            out.append("  (./course check %s --hint%s for a longer hint; ./course solution %s shows the course's code)%n"
                    .formatted(report.chapter(), zh, report.chapter()));
        }
        return out.toString();
    }

    /** A stage's short hint in the language asked for (English if it has no Chinese one). */
    static String hint(Stage s, Lang lang) {
        String zh = lang == Lang.ZH ? HintsZh.shortHint(s) : null;
        return zh != null ? zh : s.hint();
    }

    /** An exercise's long hint in the language asked for (English if it has no Chinese one), or null. */
    static String longHint(String exercise, Lang lang) {
        String zh = lang == Lang.ZH ? HintsZh.longHint(exercise) : null;
        return zh != null ? zh : Hints.of(exercise);
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

    /**
     * The stage table as HTML: {@code exercises.Runner.html("04")} in a notebook cell shows it, with the hint in
     * COURSE_LANG's language (English when it is unset or names no language of the hints).
     */
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
        Lang lang = Lang.fromEnvironment();
        String failure = firstFailure(report, false, lang == null ? Lang.EN : lang);
        if (!failure.isEmpty()) {
            out.append("<pre>").append(escape(failure)).append("</pre>");
        }
        return out.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * {@code java exercises.Runner NN [--hint] [--challenges] [--lang en|zh]}: prints the table; exit status 1 until all
     * pass, 2 for a mistake on the command line (one line). For a chapter without exercises (09-15) the challenges
     * always run: they are all that chapter has to check. Without --lang, COURSE_LANG chooses the hints' language.
     */
    public static void main(String[] args) {
        if (args.length == 0 || !Catalog.checkedChapters().contains(args[0])) {
            refuse("usage: ./course check NN [--hint] [--challenges] [--lang en|zh]   (NN: one of " + Catalog.checkedChapters() + ")");
        }
        String chapter = args[0];
        boolean hint = false;
        boolean challengesAsked = false;
        Lang lang = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--hint")) {
                hint = true;
            } else if (arg.equals("--challenges")) {
                challengesAsked = true;
            } else if (arg.equals("--lang") || arg.startsWith("--lang=")) {
                String name = arg.equals("--lang") ? (i + 1 < args.length ? args[++i] : "") : arg.substring("--lang=".length());
                lang = Lang.of(name);
                if (lang == null) {
                    refuse(languageMistake("--lang takes", name));
                }
            } else {
                refuse("course: unknown option '" + arg + "' for check (--hint, --challenges, --lang en|zh)");
            }
        }
        if (lang == null) {
            lang = Lang.fromEnvironment();
            if (lang == null) {
                refuse(languageMistake("COURSE_LANG must be", System.getenv("COURSE_LANG")));
            }
        }
        if (lang == Lang.ZH) {
            chineseReadyStdout();
        }
        boolean challengeOnly = Catalog.challengeOnlyChapters().contains(chapter);
        boolean challenges = challengeOnly || challengesAsked;
        long start = System.nanoTime();
        Report report = run(chapter, challenges);
        System.out.println(challengeOnly
                ? "Chapter %s has no exercises: every earlier chapter's stages (on %s), then its challenge".formatted(chapter,
                        System.getProperty("exercises.workspace") != null ? "your workspace" : "the course's code")
                : "Chapter %s: its stages, then every earlier chapter's again%s".formatted(chapter,
                        challenges ? ", then its challenges" : ""));
        System.out.print(table(report));
        System.out.print(firstFailure(report, hint, lang));
        long passed = report.outcomes().stream().filter(o -> o.status() == Status.PASSED).count();
        System.out.printf("%n%d of %d stages passed in %.1f s.%n", passed, report.outcomes().size(),
                (System.nanoTime() - start) / 1e9);
        if (!challenges) {
            long n = Catalog.stages(chapter).stream().filter(Stage::challenge).count();
            if (report.allPassed() && n > 0) {
                System.out.printf("Chapter %s done. Its challenge%s (./course check %s --challenges):%n", chapter, n == 1 ? "" : "s", chapter);
                Lang asked = lang;
                Catalog.stages(chapter).stream().filter(Stage::challenge)
                        .forEach(c -> System.out.printf("  %-18s %s%n", c.exercise(), Exercises.description(c, asked)));
            }
        }
        if (!challengeOnly) {
            Exercises.recordCheck(chapter, report.outcomes().stream().filter(o -> !o.stage().challenge()).allMatch(o -> o.status() == Status.PASSED));
        }
        System.exit(report.allPassed() ? 0 : 1);
    }

    /** The one line for a language that is not en or zh, the same as .course/exercises.sh prints. */
    static String languageMistake(String what, String name) {
        return "course: " + what + " en or zh (got '" + name + "')";
    }

    /**
     * Chinese text on a stdout whose encoding cannot hold it (a C or POSIX locale, as in many containers) would be
     * question marks: then the output is UTF-8, what terminals show. A locale that can (UTF-8, GB18030) is kept.
     */
    static void chineseReadyStdout() {
        String name = System.getProperty("stdout.encoding", System.getProperty("native.encoding", "UTF-8"));
        boolean fits;
        try {
            fits = java.nio.charset.Charset.forName(name).newEncoder().canEncode("中文");
        } catch (RuntimeException unknown) {
            fits = false;
        }
        if (!fits) {
            System.setOut(new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static void refuse(String line) {
        System.err.println(line);
        System.exit(2);
    }
}
