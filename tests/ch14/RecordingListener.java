package ch14;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Message;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;

/** A listener that records what happens, for tests to wait on with a time bound (no sleeps). */
public class RecordingListener implements WebSocketListener {
    public static final Duration WAIT = Duration.ofSeconds(10);

    public final LinkedBlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    public final LinkedBlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    public final LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    public final CountDownLatch opened = new CountDownLatch(1);
    public final CountDownLatch closed = new CountDownLatch(1);
    public volatile CloseEvent closeEvent;

    @Override
    public void onOpen(WebSocketConnection c) {
        opened.countDown();
    }

    @Override
    public void onText(WebSocketConnection c, String text) {
        messages.add(Message.text(text));
    }

    @Override
    public void onBinary(WebSocketConnection c, ByteString data) {
        messages.add(Message.binary(data));
    }

    @Override
    public void onPong(WebSocketConnection c, ByteString data) {
        pongs.add(data.toByteArray());
    }

    @Override
    public void onClose(WebSocketConnection c, CloseEvent event) {
        closeEvent = event;
        closed.countDown();
    }

    @Override
    public void onError(WebSocketConnection c, Throwable error) {
        errors.add(error);
    }

    /** The next message, or an AssertionError after {@link #WAIT}. */
    public Message nextMessage() throws InterruptedException {
        Message m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no message within " + WAIT);
        }
        return m;
    }

    /** The close event, or an AssertionError after {@link #WAIT}. */
    public CloseEvent awaitClose() throws InterruptedException {
        if (!closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("not closed within " + WAIT);
        }
        return closeEvent;
    }
}
