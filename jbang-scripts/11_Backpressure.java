///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 10_Core.java
//SOURCES wsfs/io/MemoryBudget.java
//SOURCES wsfs/io/MessageReservation.java
//SOURCES wsfs/io/Outbox.java
//SOURCES wsfs/io/OnDemandBufferedInputStream.java
//MAIN Backpressure

// Chapter 11: the outbox and the memory budget. (Work in progress of the relayout: the demo is still to be written.)

import wsfs.app.CommandLine;

class Backpressure {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        String[] rest = CommandLine.rest(args);
        switch (args[0]) {
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Backpressure::help);
        }
    }

    static void help() {
        System.out.println("""
                11_Backpressure.java: the outbox and the memory budget (chapter 11)

                  (no arguments)     demo
                  --help             this text
                """);
    }

    static void demo() {
        System.out.println("chapter 11: the outbox and the memory budget");
    }
}
