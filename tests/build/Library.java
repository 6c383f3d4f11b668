package build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the scripts say about the library in jbang-scripts/wsfs, read from the files themselves (nothing is
 * listed here by hand, so files added later are checked the same way):
 * <ul>
 *   <li>a <b>script</b> is a .java file under jbang-scripts/ outside wsfs/: the numbered chapter scripts
 *       (NN_Name.java) and the benchmarks under bench/;</li>
 *   <li>a library file is <b>used</b> when some script lists it in a {@code //SOURCES} line;</li>
 *   <li>a library file's <b>chapter</b> is the chapter of the first numbered script that lists it (scripts
 *       include the previous chapter's script, so that is where the file comes in); a file that only a
 *       benchmark lists takes the benchmark's chapter, which its header comment names ("// Chapter 06 ...").</li>
 * </ul>
 */
final class Library {
    static final Path SCRIPTS = Path.of("jbang-scripts");
    static final Path LIBRARY = SCRIPTS.resolve("wsfs");
    static final Pattern NUMBERED = Pattern.compile("(\\d\\d)_(\\w+)\\.java");
    /** The first words of a script's header comment: "// Chapter 06: masking" or "// Chapter 06's benchmark". */
    static final Pattern SCRIPT_CHAPTER = Pattern.compile("(?m)^// Chapter (\\d\\d)\\b");
    /** "chapter 14", "chapters 04 and 06": the first number is the chapter that introduces the file. */
    static final Pattern LABEL = Pattern.compile("\\bchapters? (\\d\\d)\\b");
    static final Pattern TYPE = Pattern.compile("(?m)^(?:public |final |abstract |sealed |non-sealed |strictfp )*"
            + "(?:class|record|interface|enum|@interface) (\\w+)");

    /** A library file, e.g. {@code wsfs/io/FrameReader.java}, with the script that brings it in and its chapter. */
    record LibraryFile(String path, String className, Optional<Path> firstScript, Optional<String> chapter) {
        Path file() {
            return SCRIPTS.resolve(path);
        }
    }

    private Library() {
    }

    static List<Path> numberedScripts() {
        return list(SCRIPTS).filter(p -> NUMBERED.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }

    /** The numbered scripts in chapter order, then the other scripts (benchmarks) in path order. */
    static List<Path> allScripts() {
        List<Path> scripts = new ArrayList<>(numberedScripts());
        try (Stream<Path> files = Files.walk(SCRIPTS)) {
            files.filter(p -> p.toString().endsWith(".java") && !p.startsWith(LIBRARY) && !scripts.contains(p))
                    .sorted().forEach(scripts::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scripts;
    }

    static boolean isNumbered(Path script) {
        return NUMBERED.matcher(script.getFileName().toString()).matches() && script.getParent().equals(SCRIPTS);
    }

    /** The chapter of a script: from its name (06_Masking.java), else from its header comment. */
    static Optional<String> chapterOfScript(Path script) {
        if (isNumbered(script)) {
            return Optional.of(script.getFileName().toString().substring(0, 2));
        }
        Matcher m = SCRIPT_CHAPTER.matcher(read(script));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static List<String> directives(Path script, String name) {
        List<String> values = new ArrayList<>();
        for (String line : read(script).split("\n")) {
            if (line.startsWith("//" + name + " ")) {
                values.add(line.substring(name.length() + 3).strip());
            }
        }
        return values;
    }

    /** The //SOURCES of a script as paths relative to jbang-scripts/ (JBang resolves them against the script's folder). */
    static List<String> sources(Path script) {
        return directives(script, "SOURCES").stream()
                .map(s -> SCRIPTS.relativize(script.getParent().resolve(s).normalize()).toString().replace('\\', '/'))
                .toList();
    }

    /** The script and every file its //SOURCES bring in, directly or through other scripts (what JBang compiles). */
    static List<Path> closure(Path script) {
        List<Path> files = new ArrayList<>(List.of(script));
        for (int i = 0; i < files.size(); i++) {
            for (String source : sources(files.get(i))) {
                Path file = SCRIPTS.resolve(source);
                if (!files.contains(file) && Files.exists(file)) {
                    files.add(file);
                }
            }
        }
        return files;
    }

    /** Every .java file under jbang-scripts/wsfs, with the script that first lists it and its chapter. */
    static Map<String, LibraryFile> files() {
        Map<String, Path> first = new LinkedHashMap<>();
        for (Path script : allScripts()) { // numbered first, so a numbered script wins over a benchmark
            for (String source : sources(script)) {
                first.putIfAbsent(source, script);
            }
        }
        Map<String, LibraryFile> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(LIBRARY)) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String path = SCRIPTS.relativize(p).toString().replace('\\', '/');
                String name = p.getFileName().toString().replace(".java", "");
                String className = SCRIPTS.relativize(p.getParent()).toString().replace('/', '.').replace('\\', '.') + "." + name;
                Optional<Path> script = Optional.ofNullable(first.get(path));
                files.put(className, new LibraryFile(path, className, script, script.flatMap(Library::chapterOfScript)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static final Pattern QUALIFIED = Pattern.compile("\\b(wsfs\\.\\w+\\.[A-Z]\\w*)");
    static final Pattern WILDCARD = Pattern.compile("(?m)^import (wsfs\\.\\w+)\\.\\*;");

    /**
     * The library classes a test file refers to: by a qualified name (an import, a static import, a name in
     * the code or a {@code {@link}}), or by its simple name where the file imports the whole package.
     */
    static List<String> referencedClasses(String source, Map<String, LibraryFile> library) {
        List<String> found = new ArrayList<>();
        Matcher q = QUALIFIED.matcher(source);
        while (q.find()) {
            if (library.containsKey(q.group(1)) && !found.contains(q.group(1))) {
                found.add(q.group(1));
            }
        }
        String code = source.replaceAll("(?m)^import .*$", "");
        Matcher w = WILDCARD.matcher(source);
        while (w.find()) {
            String pkg = w.group(1) + ".";
            for (String className : library.keySet()) {
                if (className.startsWith(pkg) && !found.contains(className) && Pattern.compile(
                        "\\b" + Pattern.quote(className.substring(pkg.length())) + "\\b").matcher(code).find()) {
                    found.add(className);
                }
            }
        }
        return found;
    }

    /** The javadoc comment just before the file's first top-level type, or "" if it has none. */
    static String classJavadoc(String source) {
        Matcher type = TYPE.matcher(source);
        if (!type.find()) {
            return "";
        }
        String before = source.substring(0, type.start());
        int start = before.lastIndexOf("/**");
        if (start < 0) {
            return "";
        }
        int end = before.indexOf("*/", start);
        String between = end < 0 ? "" : before.substring(end + 2).strip();
        // only annotations may stand between the comment and the declaration
        if (end < 0 || !between.lines().allMatch(l -> l.strip().isEmpty() || l.strip().startsWith("@"))) {
            return "";
        }
        return before.substring(start, end + 2);
    }

    /** The chapter the class javadoc names first ("(chapter 14)", "chapters 04 and 06" -> "04"), if any. */
    static Optional<String> label(Path file) {
        Matcher m = LABEL.matcher(classJavadoc(read(file)));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
