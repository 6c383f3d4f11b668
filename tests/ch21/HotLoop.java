package ch21;

/** A method that keeps the CPU busy, so that a profile recorded in a test has a known hot method. */
final class HotLoop {
    private HotLoop() {
    }

    static long spin(int rounds) {
        long x = rounds;
        for (int i = 0; i < rounds; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;   // an LCG step: nothing the JIT can fold away
        }
        return x;
    }
}
