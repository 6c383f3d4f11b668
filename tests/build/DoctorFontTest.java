package build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch01.ScriptRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./course doctor} reports a machine without a Chinese font and names the package that provides one (issue 14):
 * its font check runs with a stand-in {@code fc-list} first on the PATH, one that knows no Chinese font and one that does.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DoctorFontTest {
    static String fontCheck(Path bin, String fcListOutput) throws IOException, InterruptedException {
        Path fcList = bin.resolve("fc-list");
        Files.writeString(fcList, "#!/bin/sh\nprintf '%s' '" + fcListOutput + "'\n");
        Files.setPosixFilePermissions(fcList, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source .course/lib.sh; source .course/doctor.sh; doctor_cjk_font");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        ScriptRun r = ScriptRun.of(pb, bin, Duration.ofSeconds(20));
        assertEquals(0, r.status(), r.out() + r.err());
        return r.out() + r.err();
    }

    @Test
    void noChineseFontIsAWarningThatNamesTheDebianPackage(@TempDir Path bin) throws Exception {
        String out = fontCheck(bin, "");
        assertTrue(out.contains("warn") && out.contains("no font with Chinese glyphs") && out.contains("README.zh.md")
                && out.contains("fix: sudo apt-get install fonts-noto-cjk"), out);
    }

    @Test
    void aChineseFontIsReportedByName(@TempDir Path bin) throws Exception {
        String out = fontCheck(bin, "Noto Sans CJK SC,Noto Sans CJK SC Regular\\n");
        assertTrue(out.strip().startsWith("ok") && out.contains("Noto Sans CJK SC") && !out.contains("fix:"), out);
    }
}
