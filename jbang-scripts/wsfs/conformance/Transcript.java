package wsfs.conformance;

import wsfs.view.WireEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything that happened on one conformance connection (chapter 20), as {@link ConformanceSession}
 * recorded it: the peer's events with the time each arrived, when we sent our own Close frame, whether
 * we gave up waiting. {@link ConformanceJudge} turns it into a verdict; nothing here judges.
 *
 * @param events       the peer's events in arrival order
 * @param ourCloseAt   when we sent our Close frame (nanoseconds since the case started), or null if never
 * @param ourCloseCode the status code in our Close frame, or null
 * @param gaveUp       true if the case's time bound ran out before the connection ended by itself
 * @param elapsedNanos how long the case took, handshake excluded
 * @param notes        remarks for the report (write failures, who closed TCP first)
 */
public record Transcript(List<Observed> events, Long ourCloseAt, Integer ourCloseCode, boolean gaveUp,
                         long elapsedNanos, List<String> notes) {

    public Transcript {
        events = List.copyOf(events);
        notes = List.copyOf(notes);
    }

    /** One event and when it arrived (nanoseconds since the case started). */
    public record Observed(long atNanos, WireEvent event) {
    }

    /** The events alone. */
    public List<WireEvent> wireEvents() {
        return events.stream().map(Observed::event).toList();
    }

    /**
     * A transcript for tests and notebooks: the events arrive 10 ns apart; our Close (if {@code ourCloseCode}
     * is not null) goes out just before the peer's first Close frame or TCP close, i.e. we closed first.
     */
    public static Transcript of(List<WireEvent> events, Integer ourCloseCode) {
        List<Observed> timed = new ArrayList<>();
        Long ourCloseAt = null;
        for (int i = 0; i < events.size(); i++) {
            WireEvent e = events.get(i);
            long at = 10L * (i + 1);
            if (ourCloseCode != null && ourCloseAt == null && (e instanceof WireEvent.Close || e instanceof WireEvent.Eof)) {
                ourCloseAt = at - 5;
            }
            timed.add(new Observed(at, e));
        }
        if (ourCloseCode != null && ourCloseAt == null) {
            ourCloseAt = 10L * events.size() + 5;
        }
        return new Transcript(timed, ourCloseAt, ourCloseCode, false, 10L * (events.size() + 1), List.of());
    }
}
