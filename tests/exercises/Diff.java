package exercises;

import java.util.ArrayList;
import java.util.List;

/** A small line diff (longest common subsequence), printed like {@code diff -u} without hunk numbers. */
final class Diff {
    private Diff() {
    }

    static String unified(String fromName, String toName, List<String> from, List<String> to) {
        int n = from.size();
        int m = to.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = from.get(i).equals(to.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && from.get(i).equals(to.get(j))) {
                lines.add(" " + from.get(i++));
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                lines.add("+" + to.get(j++));
            } else {
                lines.add("-" + from.get(i++));
            }
        }
        StringBuilder out = new StringBuilder("--- " + fromName + "\n+++ " + toName + "\n");
        if (lines.stream().noneMatch(l -> l.startsWith("+") || l.startsWith("-"))) {
            return out.append("  (the same)\n").toString();
        }
        lines.forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }
}
