package bench;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the bytes that cross the client sockets (issue 11, item 4): every byte read from or written to the
 * socket's own streams, HTTP and WebSocket headers included (TCP/IP headers excluded).
 */
final class WireCounter {
    final LongAdder read = new LongAdder();
    final LongAdder written = new LongAdder();

    long total() {
        return read.sum() + written.sum();
    }

    InputStream count(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    read.increment();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    read.add(n);
                }
                return n;
            }
        };
    }

    OutputStream count(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                written.increment();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                written.add(len);
            }
        };
    }
}
