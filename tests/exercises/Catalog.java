package exercises;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every chapter's stages, in the order the chapter teaches them. */
public final class Catalog {
    private static volatile Map<String, Exercises.Exercise> exercises;

    private Catalog() {
    }

    public static List<String> chapters() {
        return List.of("01", "02", "03", "04", "05", "06", "07", "08");
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
            default -> List.of();
        };
    }

    /** NN, NN-1, ..., 01. */
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
