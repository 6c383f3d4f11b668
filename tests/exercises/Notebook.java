package exercises;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The checks from a notebook cell (issue 10): {@code display(exercises.Notebook.check("04"), "text/html")} compiles
 * the workspace's changed files, runs chapter 04's stages (and every earlier chapter's) on them in a class loader
 * of their own, and returns the stage table and the first failure as HTML. While chapter 04 is not in the workspace
 * (no workspace at all, as on a fresh clone or in CI), it says how to start it and lists the stages that will run:
 * the same HTML on every machine, with no timings and no paths. {@code ./course setup} puts these classes on the
 * Java kernel's class path.
 */
public final class Notebook {
    private Notebook() {
    }

    public static String check(String chapter) throws Exception {
        if (!Catalog.chapters().contains(chapter)) {
            return "<p>Chapter " + Runner.escape(chapter) + " has no exercises; they are in chapters "
                    + String.join(", ", Catalog.chapters()) + ".</p>";
        }
        Path root = projectRoot();
        Path sources = root.resolve("workspace/jbang-scripts");
        if (!Files.isDirectory(sources) || !started(root, chapter)) {
            return notStarted(chapter);
        }
        Path course = codeSource(Class.forName("wsfs.protocol.Frame"));
        Path tool = codeSource(Notebook.class);
        List<URL> urls = new ArrayList<>();
        Path classes = root.resolve("workspace/notebook-classes");
        String problem = compileChanged(root, sources, course, classes);
        if (problem != null) {
            return "<p>Your code does not compile yet:</p><pre>" + Runner.escape(problem) + "</pre>";
        }
        urls.add(classes.toUri().toURL());
        urls.add(tool.toUri().toURL());
        urls.add(course.toUri().toURL());
        System.setProperty("exercises.course", course.toString());
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            String html = (String) loader.loadClass("exercises.Runner").getMethod("html", String.class).invoke(null, chapter);
            return "<p>Chapter " + chapter + "'s stages, then every earlier chapter's, on your workspace (workspace/jbang-scripts):</p>" + html;
        }
    }

    /** Whether {@code ./course exercise NN} has put chapter NN's stubs in the workspace (workspace/.state). */
    static boolean started(Path root, String chapter) throws IOException {
        Path state = root.resolve("workspace/.state");
        if (!Files.exists(state)) {
            return false;
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(state)) {
            p.load(in);
        }
        return p.containsKey("started." + chapter);
    }

    /** What the cell shows before the chapter is in the workspace: how to start, and the stages that will run. */
    public static String notStarted(String chapter) {
        StringBuilder out = new StringBuilder();
        out.append("<p>Chapter ").append(chapter).append(" is not in the workspace yet: run <code>./course exercise ")
                .append(chapter).append("</code> in a terminal, then run this cell again. It will check your code with")
                .append(" these stages (then every earlier chapter's again):</p>");
        out.append("<table><tr><th>exercise</th><th>stage</th></tr>");
        for (Stage s : Catalog.stages(chapter)) {
            out.append("<tr><td><code>").append(s.exercise()).append("</code></td><td>").append(Runner.escape(s.name()))
                    .append(s.challenge() ? " (challenge: <code>./course check " + chapter + " --challenges</code>)" : "")
                    .append("</td></tr>");
        }
        return out.append("</table>").toString();
    }

    static String compileChanged(Path root, Path sources, Path course, Path classes) throws IOException {
        List<String> changed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources.resolve("wsfs"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/bench/")).sorted().toList()) {
                Path original = root.resolve("jbang-scripts").resolve(sources.relativize(p).toString());
                if (!Files.exists(original) || Files.mismatch(p, original) != -1) {
                    changed.add(p.toString());
                }
            }
        }
        if (Files.isDirectory(classes)) {
            try (Stream<Path> old = Files.walk(classes)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(classes);
        if (changed.isEmpty()) {
            return null;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-nowarn", "-Xlint:none", "-Xmaxerrs", "3", "-encoding", "UTF-8",
                "-cp", course.toString(), "-d", classes.toString()));
        args.addAll(changed);
        int rc = javac.run(null, null, new PrintStream(errors, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        return rc == 0 ? null : errors.toString(StandardCharsets.UTF_8).replace(root + "/", "");
    }

    static Path codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The folder holding ./course: the working directory or one above it (a notebook runs in notebooks/). */
    static Path projectRoot() {
        Path at = Path.of("").toAbsolutePath();
        while (at != null && !Files.isDirectory(at.resolve("jbang-scripts"))) {
            at = at.getParent();
        }
        if (at == null) {
            throw new IllegalStateException("not inside the course's folder: no jbang-scripts/ here or above");
        }
        return at;
    }
}
