package exercises;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every chapter's stages, in the order the chapter teaches them. Chapters 01-17 have exercises (stubs to write)
 * and a checked challenge each; chapters 18-26 build on them without new exercises and have a checked challenge
 * only, which runs on the course's code (or on the learner's workspace, if there is one).
 */
public final class Catalog {
    private static volatile Map<String, Exercises.Exercise> exercises;

    private Catalog() {
    }

    /** The chapters with exercises. */
    public static List<String> chapters() {
        return List.of("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14");
    }

    /** The chapters without exercises whose challenges have a check. */
    public static List<String> challengeOnlyChapters() {
        return List.of("15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26");
    }

    /** Every chapter {@code ./course check NN} accepts. */
    public static List<String> checkedChapters() {
        List<String> all = new ArrayList<>(chapters());
        all.addAll(challengeOnlyChapters());
        return List.copyOf(all);
    }

    public static List<Stage> stages(String chapter) {
        return switch (chapter) {
            case "01" -> Stages01.stages();
            case "02" -> Stages02.stages();
            case "03" -> Stages03.stages();
            case "04" -> Stages04.stages();
            case "05" -> Stages05.stages();
            case "06" -> Stages06.stages();
            case "07" -> Stages07.stages();
            case "08" -> Stages08.stages();
            case "09" -> Stages09.stages();
            case "10" -> Stages10.stages();
            case "11" -> Stages11.stages();
            case "12" -> Stages12.stages();
            case "13" -> Stages13.stages();
            case "14" -> Stages14.stages();
            case "15" -> Stages15.stages();
            case "16" -> Stages16.stages();
            case "17" -> Stages17.stages();
            case "18" -> Stages18.stages();
            case "19" -> Stages19.stages();
            case "20" -> Stages20.stages();
            case "21" -> Stages21.stages();
            case "22" -> Stages22.stages();
            case "23" -> Stages23.stages();
            case "24" -> Stages24.stages();
            case "25" -> Stages25.stages();
            case "26" -> withDeps("exercises.Stages26");
            default -> List.of();
        };
    }

    /**
     * The stages of a class that needs the scripts' //DEPS jars (chapter 26's Jedis): with a JDK alone, ./course
     * check compiles the checks without it, and the chapter then has no stages.
     */
    @SuppressWarnings("unchecked")
    static List<Stage> withDeps(String className) {
        try {
            return (List<Stage>) Class.forName(className).getDeclaredMethod("stages").invoke(null);
        } catch (ReflectiveOperationException | LinkageError missing) {
            return List.of();
        }
    }

    /** NN, NN-1, ..., 01: the chapters with exercises, up to NN. */
    public static List<String> chaptersDownFrom(String chapter) {
        List<String> out = new ArrayList<>(chapters().stream().filter(c -> c.compareTo(chapter) <= 0).toList());
        java.util.Collections.reverse(out);
        return out;
    }

    /** The exercise as the course's markers describe it, or null if the course's sources are not at hand. */
    static Exercises.Exercise exercise(String id) {
        if (exercises == null) {
            exercises = Files.isDirectory(Exercises.COURSE) ? Exercises.scan(Exercises.COURSE) : Map.of();
        }
        return exercises.get(id);
    }
}
