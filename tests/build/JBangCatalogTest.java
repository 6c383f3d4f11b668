package build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Each alias of jbang-catalog.json (README, "Run it with JBang") names a script that exists and a mode that
 * script's --help lists, so {@code jbang echo}, {@code jbang chat}, {@code jbang decode} and {@code jbang check}
 * start what the README says. The scripts run from target/classes, as Maven compiled them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JBangCatalogTest {
    private static final Pattern ALIAS = Pattern.compile(
            "\"(\\w+)\"\\s*:\\s*\\{\\s*\"script-ref\"\\s*:\\s*\"([^\"]+)\".*?\"arguments\"\\s*:\\s*\\[\\s*\"(\\w+)\"",
            Pattern.DOTALL);
    private static final Pattern MAIN = Pattern.compile("^//MAIN (\\w+)$", Pattern.MULTILINE);

    record Alias(String name, Path script, String mode) { }

    static List<Alias> aliases() throws IOException {
        String catalog = Files.readString(Path.of("jbang-catalog.json"));
        return ALIAS.matcher(catalog).results()
                .map(m -> new Alias(m.group(1), Path.of(m.group(2)), m.group(3))).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyAliasStartsAModeItsScriptLists() throws IOException {
        List<Alias> aliases = aliases();
        assertEquals(List.of("echo", "chat", "decode", "check"), aliases.stream().map(Alias::name).toList(),
                "the aliases the README names");
        return aliases.stream().map(alias -> DynamicTest.dynamicTest(alias.name(), () -> {
            assertTrue(Files.isRegularFile(alias.script()), alias.script() + " does not exist");
            Matcher main = MAIN.matcher(Files.readString(alias.script()));
            assertTrue(main.find(), alias.script() + " has no //MAIN line");
            String help = run(main.group(1), "--help");
            assertTrue(Pattern.compile("(?m)^\\s*" + alias.mode() + "\\b").matcher(help).find(),
                    alias.script() + " --help does not list the mode '" + alias.mode() + "':\n" + help);
        }));
    }

    private static String run(String mainClass, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = Stream.concat(Stream.of(java, "-cp", "target/classes", mainClass), Stream.of(args)).toList();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running: " + command);
        assertEquals(0, p.exitValue(), command + ":\n" + out);
        return out;
    }
}
