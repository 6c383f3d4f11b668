package wsfs.app;

import wsfs.view.HexDump;

import java.net.BindException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command lines of the course's scripts (chapter 01): a mode first ({@code listen}, {@code serve}, ...),
 * then options, either a name and its value ({@code --port 8080}) or a flag alone ({@code --once}).
 * An option given twice: the last value counts ({@link #options} returns them all). A {@code --} ends the
 * options; what follows it is left alone (chapter 14's {@code websocketd} passes it on as a command).
 * Tiny on purpose: each script still spells out its own modes in a {@code switch}.
 */
public final class CommandLine {
    private CommandLine() {
    }

    /** Whether the mode asks for the help text: {@code --help}, {@code -h} or {@code help}. */
    public static boolean isHelp(String mode) {
        return mode.equals("--help") || mode.equals("-h") || mode.equals("help");
    }

    /** Says that {@code mode} is not one of the script's modes, shows the help and exits with status 2. */
    public static void unknownMode(String mode, Runnable help) {
        System.err.println("unknown mode: " + mode);
        help.run();
        System.exit(2);
    }

    /**
     * A mistake on the command line: says so in one line on standard error and exits with status 2. It never
     * returns; the exception it gives back is for callers that need a {@code throw} where Java wants one:
     * {@code throw CommandLine.usageError("not a URL: ...")}.
     */
    public static IllegalStateException usageError(String line) {
        System.err.println(line);
        System.exit(2);
        return new IllegalStateException(line);
    }

    /**
     * Checks the options after the mode: each one is a known flag, or a known option followed by its value;
     * otherwise one line ("unknown option: --prot", "--port needs a value") and exit status 2.
     */
    public static void checkOptions(String[] args, List<String> flags, List<String> withValue) {
        checkOptions(args, 0, flags, withValue);
    }

    /** {@link #checkOptions(String[], List, List)} for the arguments from {@code args[from]} on. */
    public static void checkOptions(String[] args, int from, List<String> flags, List<String> withValue) {
        for (int i = from; i < args.length; i++) {
            if (args[i].equals("--")) {
                return;
            }
            if (withValue.contains(args[i])) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    usageError(args[i] + " needs a value (see --help)");
                }
                i++;
            } else if (!flags.contains(args[i])) {
                usageError("unknown option: " + args[i] + " (see --help)");
            }
        }
    }

    /**
     * The option {@code name} as a whole number from {@code min} to {@code max}, or {@code fallback} without it;
     * anything else is one line and exit status 2.
     */
    public static long numberOption(String[] args, String name, long fallback, long min, long max) {
        Optional<String> value = option(args, name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.get().trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        usageError(name + " needs a whole number from " + min + " to " + max + ", not \"" + value.get() + "\"");
        return fallback;
    }

    /** A port number option: 0 (any free port) to 65535. */
    public static int portOption(String[] args, int fallback) {
        return (int) numberOption(args, "--port", fallback, 0, 65535);
    }

    /**
     * The option {@code name} as a size in bytes, "1048576" or with a binary suffix: "64KiB", "64MiB", "1GiB"
     * (also "64 MiB" in one argument), from 1 to {@code max}; or {@code fallback} without it.
     */
    public static long bytesOption(String[] args, String name, long fallback, long max) {
        Optional<String> value = option(args, name);
        if (value.isEmpty()) {
            return fallback;
        }
        long bytes = parseBytes(value.get());
        if (bytes < 1 || bytes > max) {
            usageError(name + " needs a size from 1 byte to " + max + " bytes, such as 1048576, 64KiB or 64MiB; not \""
                    + value.get() + "\"");
        }
        return bytes;
    }

    /** "64MiB" gives 67108864; -1 if it is not a size. */
    static long parseBytes(String text) {
        String t = text.trim().replace(" ", "");
        long unit = 1;
        for (String[] suffix : new String[][] {{"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"}, {"B", "1"}}) {
            if (t.endsWith(suffix[0])) {
                t = t.substring(0, t.length() - suffix[0].length());
                unit = Long.parseLong(suffix[1]);
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(t), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    /**
     * A server could not listen because the port is taken: one line that names the port and suggests a way
     * out, and exit status 2 (the person chose the port; nothing is wrong with the program).
     */
    public static void cannotListen(int port, BindException e) {
        usageError("cannot listen on port " + port + ": " + e.getMessage().replaceFirst("^cannot listen on port \\d+: ", "")
                + "; another program is using it: stop it, choose another --port, or --port 0 for any free port");
    }

    /** The arguments after the mode. */
    public static String[] rest(String[] args) {
        return Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    }

    /** Whether the flag {@code name} (such as {@code --once}) is on the command line. */
    public static boolean flag(String[] args, String name) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Every value of an option that may be repeated, in order: {@code --origin A --origin B} gives [A, B]. */
    public static List<String> options(String[] args, String name) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < args.length - 1 && !args[i].equals("--"); i++) {
            if (args[i].equals(name)) {
                values.add(args[++i]);
            }
        }
        return values;
    }

    /** The value of the option {@code name} ({@code --timeout 10} gives "10"), if it is there. */
    public static Optional<String> option(String[] args, String name) {
        List<String> values = options(args, name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
    }

    /**
     * The value of the option {@code name} as a number, or {@code fallback} without it; if it is not a whole
     * number, says so in one line and exits with status 2 (a person's mistake, not a bug).
     */
    public static int intOption(String[] args, String name, int fallback) {
        Optional<String> value = option(args, name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.get());
        } catch (NumberFormatException notANumber) {
            System.err.println(name + " needs a whole number, not '" + value.get() + "' (for a port, 0 means any free port)");
            System.exit(2);
            return fallback;
        }
    }

    /**
     * The words as bytes written in hex ("81 05", "8105", "0x81,0x05", see {@link HexDump#parse}); if they are
     * not (an odd number of digits), says so and exits with status 2.
     */
    public static byte[] hex(String[] words) {
        try {
            return HexDump.parse(String.join(" ", words));
        } catch (IllegalArgumentException e) {
            System.err.println("not hex: " + e.getMessage());
            System.exit(2);
            return null;
        }
    }

    /**
     * The words that are not options: neither one of the {@code flags}, nor one of the options that take a
     * value ({@code withValue}), nor such a value. {@code encode --mask 37fa213d hello} gives [hello].
     * A script that takes no words reports the first one as an unknown option.
     */
    public static List<String> words(String[] args, List<String> flags, List<String> withValue) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                words.addAll(Arrays.asList(args).subList(i + 1, args.length));
                break;
            }
            if (withValue.contains(args[i])) {
                i++; // skip the value
            } else if (!flags.contains(args[i])) {
                words.add(args[i]);
            }
        }
        return words;
    }
}
