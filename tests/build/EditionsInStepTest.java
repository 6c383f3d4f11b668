package build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Chinese edition is in step with the English one (issue 14), and the check says where it is not. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EditionsInStepTest {
    static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void everyPageHasAChineseEditionInStepAndEveryLinkResolves() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Editions.Page> pages = Editions.pages(ROOT);
        for (Editions.Page page : pages) {
            problems.addAll(Editions.problems(ROOT, page));
        }
        problems.addAll(Editions.courseProblems(ROOT, pages));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(18, pages.size(), "README, START, 15 chapters and the instructor guide");
    }

    /** Issue 14: "each notebook's first cell links both editions of its chapter". */
    @Test
    void everyNotebooksFirstCellLinksBothEditionsOfItsChapter() throws IOException {
        List<String> problems = new ArrayList<>();
        try (var notebooks = Files.list(ROOT.resolve("notebooks"))) {
            for (Path nb : notebooks.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.ipynb")).sorted().toList()) {
                String name = nb.getFileName().toString().replace(".ipynb", "");
                String json = Files.readString(nb);
                int first = json.indexOf("\"source\"");
                String firstCell = json.substring(first, json.indexOf("\n   ]", first)); // the source array of the first cell
                for (String link : List.of("../chapters/" + name + ".md", "../chapters/zh/" + name + ".md")) {
                    if (!firstCell.contains("(" + link + ")")) {
                        problems.add(nb.getFileName() + ": the first cell does not link " + link);
                    } else if (!Files.exists(ROOT.resolve("notebooks").resolve(link).normalize())) {
                        problems.add(nb.getFileName() + ": " + link + " does not exist");
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    static final String ENGLISH = """
            # Chapter 01 — One

            *[中文版](zh/01-one.md)*

            Intro, see [two](#two-frames).

            ## Two: frames

            A paragraph.

            ```java
            int x = 1;
            ```

            | a | b |
            |---|---|
            | 1 | 2 |

            ## Three
            The end.
            """;

    static final String CHINESE = """
            # 第 01 章 一

            *[English](../01-one.md)*

            简介，见[二](#二帧)。

            ## 二：帧

            一段话。

            ```java
            int x = 1;
            ```

            | 甲 | 乙 |
            |---|---|
            | 1 | 2 |

            ## 三
            完。
            """;

    static Editions.Page page(Path root, String english, String chinese) throws IOException {
        Files.createDirectories(root.resolve("chapters/zh"));
        Path en = root.resolve("chapters/01-one.md");
        Path zh = root.resolve("chapters/zh/01-one.md");
        Files.writeString(en, english, StandardCharsets.UTF_8);
        Files.writeString(zh, chinese, StandardCharsets.UTF_8);
        return new Editions.Page("01", en, zh);
    }

    @Test
    void aStampedTranslationIsInStepAndAnEnglishChangeNamesBothHeadings(@TempDir Path root) throws IOException {
        Editions.Page page = page(root, ENGLISH, CHINESE);
        assertTrue(Editions.problems(root, page).stream().allMatch(p -> p.contains("no stamp")), Editions.problems(root, page).toString());
        assertEquals(List.of(), Editions.stamp(root, page));
        assertEquals(List.of(), Editions.problems(root, page));
        assertTrue(Files.readString(page.chinese()).contains("## 二：帧\n<!-- en: "), Files.readString(page.chinese()));

        Files.writeString(page.english(), ENGLISH.replace("A paragraph.", "A paragraph, corrected."));
        List<String> problems = Editions.problems(root, page);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("'## 二：帧'") && problems.get(0).contains("'## Two: frames'")
                && problems.get(0).contains("changed since the Chinese was written"), problems.get(0));

        assertEquals(List.of(), Editions.stamp(root, page)); // the translator brought it up to date
        assertEquals(List.of(), Editions.problems(root, page));
    }

    @Test
    void codeBlocksTablesHeadingsAndLinksAreCompared(@TempDir Path root) throws IOException {
        Editions.Page page = page(root, ENGLISH, CHINESE);
        Editions.stamp(root, page);
        String stamped = Files.readString(page.chinese());

        Files.writeString(page.chinese(), stamped.replace("int x = 1;", "int x = 2;"));
        assertTrue(String.join("\n", Editions.problems(root, page)).contains("code block 1 differs from the English one at its line 2"),
                Editions.problems(root, page).toString());

        Files.writeString(page.chinese(), stamped.replace("| 1 | 2 |\n", ""));
        assertTrue(String.join("\n", Editions.problems(root, page)).contains("table 1 has 2 rows and 2 columns in English"),
                Editions.problems(root, page).toString());

        Files.writeString(page.chinese(), stamped.replace("## 三", "### 三"));
        assertTrue(String.join("\n", Editions.problems(root, page)).contains("'### 三' (English chapters/01-one.md:19 '## Three')"),
                Editions.problems(root, page).toString());

        Files.writeString(page.chinese(), stamped.replace("(#二帧)", "(#二-帧)").replace("../01-one.md", "../01-two.md"));
        String links = String.join("\n", Editions.problems(root, page));
        assertTrue(links.contains("the link #二-帧 names no heading") && links.contains("the link ../01-two.md names no file"), links);

        Files.writeString(page.chinese(), stamped.replace("## 三", "三"));
        assertTrue(String.join("\n", Editions.problems(root, page)).contains("'## Three': this English section has no Chinese counterpart"),
                Editions.problems(root, page).toString());
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertEquals("二帧", Editions.slug("二：帧"));
        assertEquals("parsing-a-frame-frameparser", Editions.slug("Parsing a frame: `FrameParser`"));
        assertEquals("第-03-章--帧rfc-6455-第-52-节", Editions.slug("第 04 章 — 帧（RFC 6455 第 5.2 节）")); // as GitHub: "—" goes, its spaces stay
    }
}
