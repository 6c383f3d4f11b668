///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 11_Backpressure.java
//SOURCES wsfs/io/EdgeTimer.java
//SOURCES wsfs/io/Transport.java
//SOURCES wsfs/io/FrameClockInputStream.java
//SOURCES wsfs/io/OutboxWriter.java
//SOURCES wsfs/io/LockedConnection.java
//MAIN Deadlines

// Chapter 12: the edge's threads and clock. (Work in progress of the relayout: the demo is still to be written.)

import wsfs.app.CommandLine;

class Deadlines {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        String[] rest = CommandLine.rest(args);
        switch (args[0]) {
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Deadlines::help);
        }
    }

    static void help() {
        System.out.println("""
                12_Deadlines.java: the edge's threads and clock (chapter 12)

                  (no arguments)     demo
                  --help             this text
                """);
    }

    static void demo() {
        System.out.println("chapter 12: the edge's threads and clock");
    }
}
