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
 * The checks from a notebook cell (issue 10): {@code display(exercises.Notebook.check("03"), "text/html")} compiles
 * the workspace's changed files, runs chapter 03's stages (and every earlier chapter's) on them in a class loader
 * of their own, and returns the stage table and the first failure as HTML. Without a workspace it checks the
 * course's own code. {@code ./course setup} puts these classes on the Java kernel's class path.
 */
public final class Notebook {
    private Notebook() {
    }

    public static String check(String chapter) throws Exception {
        Path root = projectRoot();
        Path course = codeSource(Class.forName("wsfs.protocol.Frame"));
        Path tool = codeSource(Notebook.class);
        Path sources = root.resolve("workspace/jbang-scripts");
        List<URL> urls = new ArrayList<>();
        String note = "the course's own code (no workspace yet: <code>./course exercise " + chapter + "</code> makes one)";
        if (Files.isDirectory(sources)) {
            Path classes = root.resolve("workspace/notebook-classes");
            String problem = compileChanged(root, sources, course, classes);
            if (problem != null) {
                return "<p>Your code does not compile yet:</p><pre>" + Runner.escape(problem) + "</pre>";
            }
            urls.add(classes.toUri().toURL());
            note = "your workspace (workspace/jbang-scripts)";
        }
        urls.add(tool.toUri().toURL());
        urls.add(course.toUri().toURL());
        System.setProperty("exercises.course", course.toString());
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            String html = (String) loader.loadClass("exercises.Runner").getMethod("html", String.class).invoke(null, chapter);
            return "<p>Chapter " + chapter + "'s stages, then every earlier chapter's, on " + note + ":</p>" + html;
        }
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
