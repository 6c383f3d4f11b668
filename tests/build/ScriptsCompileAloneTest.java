package build;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Every script compiles from its own //SOURCES alone, as JBang compiles it. Maven compiles all of jbang-scripts/
 * at once, so a library file that uses a class its chapter's script does not list (an import of a later
 * chapter's class, a forgotten //SOURCES line) passes Maven and breaks {@code ./jbang jbang-scripts/NN_*.java}.
 * The check analyses each script's files with javac (no class files written) against the dependency jars only,
 * never against target/classes, where every class is.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ScriptsCompileAloneTest {

    /** The jars of the test class path (JMH for the benchmarks): no folder, so no compiled course class. */
    static List<String> jarsOnly() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar")).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyScriptCompilesFromItsOwnSources() {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classPath = String.join(File.pathSeparator, jarsOnly());
        StandardJavaFileManager fm = javac.getStandardFileManager(null, Locale.ROOT, null); // shared: jars indexed once
        return Library.allScripts().stream().map(script -> DynamicTest.dynamicTest(Library.SCRIPTS.relativize(script).toString(),
                () -> assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
                    List<Path> files = Library.closure(script);
                    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
                    var task = (com.sun.source.util.JavacTask) javac.getTask(new StringWriter(), fm, diagnostics,
                            List.of("--release", "22", "-proc:none", "-implicit:none", "-cp", classPath),
                            null, fm.getJavaFileObjectsFromPaths(files));
                    task.analyze();
                    String errors = diagnostics.getDiagnostics().stream()
                            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                            .map(d -> (d.getSource() == null ? "" : Library.SCRIPTS.toAbsolutePath()
                                    .relativize(Path.of(d.getSource().toUri()).toAbsolutePath()) + ":" + d.getLineNumber() + ": ")
                                    + d.getMessage(Locale.ROOT))
                            .distinct().limit(10).collect(Collectors.joining("\n  "));
                    assertTrue(errors.isEmpty(), Library.SCRIPTS.relativize(script) + " does not compile from its //SOURCES"
                            + " alone (as JBang compiles it): add the missing //SOURCES line to the script of the chapter"
                            + " that introduces the class, or remove the use of a later chapter's class:\n  " + errors);
                })));
    }
}
