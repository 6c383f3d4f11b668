package ch20;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.conformance.CaseExpectation;
import wsfs.protocol.CloseCode;
import wsfs.conformance.ConformanceJudge;
import wsfs.conformance.ConformanceJudge.Judgement;
import wsfs.conformance.Transcript;
import wsfs.conformance.Verdict;
import wsfs.view.WireEvent;

/** The judging rules, on hand-written transcripts: no sockets, no clocks. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConformanceJudgeTest {

    static WireEvent text(String s) {
        return new WireEvent.Message(false, s.getBytes(StandardCharsets.UTF_8));
    }

    static WireEvent close(Integer code) {
        return new WireEvent.Close(code, new byte[0]);
    }

    static final WireEvent EOF = new WireEvent.Eof(false);

    static Judgement judge(CaseExpectation e, Integer ourClose, WireEvent... events) {
        return ConformanceJudge.judge(e, Transcript.of(List.of(events), ourClose));
    }

    @Test
    void echoThenCleanCloseReplyPasses() {
        Judgement j = judge(CaseExpectation.echo(text("hi")), 1000, text("hi"), close(1000), EOF);
        assertEquals(Verdict.PASS, j.verdict(), j.reason());
        assertEquals("text \"hi\"; close reply 1000", j.observed());
    }

    @Test
    void wrongEchoFails() {
        Judgement j = judge(CaseExpectation.echo(text("hi")), 1000, text("ho"), close(1000), EOF);
        assertEquals(Verdict.FAIL, j.verdict());
        assertTrue(j.reason().contains("Expected text \"hi\""), j.reason());
    }

    @Test
    void anEmptyCloseReplyIsAllowed() {
        // Section 5.5.1: the Close body is optional, even in a reply.
        assertEquals(Verdict.PASS, judge(CaseExpectation.echo(), 1000, close(null), EOF).verdict());
    }

    @Test
    void noCloseFrameInReplyToOursFails() {
        Judgement j = judge(CaseExpectation.echo(), 1000, EOF);
        assertEquals(Verdict.FAIL, j.verdict());
        assertTrue(j.reason().contains("without answering our Close"), j.reason());
    }

    @Test
    void aPeerThatClosesFirstInAnEchoCaseFails() {
        Judgement j = judge(CaseExpectation.echo(text("hi")), null, text("hi"), close(1000), EOF);
        assertEquals(Verdict.FAIL, j.verdict());
    }

    @Test
    void failingWithTheExactCodePasses() {
        assertEquals(Verdict.PASS, judge(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR), null, close(1002), EOF).verdict());
    }

    @Test
    void failingWithAnotherCodeFails() {
        Judgement j = judge(CaseExpectation.fail(CloseCode.INVALID_PAYLOAD), null, close(1002), EOF);
        assertEquals(Verdict.FAIL, j.verdict());
        assertEquals("Wrong close code 1002; expected 1007.", j.reason());
    }

    @Test
    void droppingTcpWithoutCloseFrameIsNonStrict() {
        // Section 7.1.7: an endpoint SHOULD send a Close frame before it closes the connection.
        assertEquals(Verdict.NON_STRICT, judge(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR), null, EOF).verdict());
    }

    @Test
    void notFailingAtAllFails() {
        // The peer answered the Ping that followed the violation, then answered our Close normally.
        Judgement j = judge(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR), 1000,
                new WireEvent.Pong(new byte[0]), close(1000), EOF);
        assertEquals(Verdict.FAIL, j.verdict());
    }

    @Test
    void failingLateIsNonStrictWhenTheCaseSaysSo() {
        CaseExpectation e = CaseExpectation.fail(List.of(new WireEvent.Timeout("A")), CloseCode.INVALID_PAYLOAD)
                .or(Verdict.NON_STRICT, List.of(new WireEvent.Timeout("A"), new WireEvent.Timeout("B")),
                        CaseExpectation.Ending.peerFails(1007));
        assertEquals(Verdict.PASS, judge(e, null, new WireEvent.Timeout("A"), close(1007), EOF).verdict());
        assertEquals(Verdict.NON_STRICT, judge(e, null, new WireEvent.Timeout("A"), new WireEvent.Timeout("B"),
                close(1007), EOF).verdict());
        assertEquals(Verdict.FAIL, judge(e, null, close(1007), EOF).verdict(), "failed before the valid part was even judged");
    }

    @Test
    void aRuleBrokenByThePeerFailsWhateverElseHappened() {
        Judgement j = judge(CaseExpectation.echo(text("hi")), 1000, text("hi"),
                new WireEvent.PeerViolation("A server must not mask"), EOF);
        assertEquals(Verdict.FAIL, j.verdict());
    }

    @Test
    void pingsFromThePeerAreNotCompared() {
        assertEquals(Verdict.PASS, judge(CaseExpectation.echo(text("hi")), 1000,
                new WireEvent.Ping(new byte[0]), text("hi"), close(1000), EOF).verdict());
    }

    @Test
    void informationalCasesReportButDoNotJudge() {
        CaseExpectation e = CaseExpectation.echo(text("hi")).reporting(CaseExpectation.Reporting.INFORMATIONAL_UNLESS_FAIL);
        assertEquals(Verdict.INFORMATIONAL, judge(e, 1000, text("hi"), close(1000), EOF).verdict());
        assertEquals(Verdict.FAIL, judge(e, 1000, text("ho"), close(1000), EOF).verdict(), "a wrong echo is still a bug");
        CaseExpectation undefined = e.reporting(CaseExpectation.Reporting.INFORMATIONAL);
        assertEquals(Verdict.INFORMATIONAL, judge(undefined, 1000, text("ho"), close(1000), EOF).verdict());
    }

    @Test
    void closeReasonsCanBeLeftOutOfReports() {
        wsfs.conformance.CaseResult r = new wsfs.conformance.CaseResult("3.1", "d", "e", Verdict.PASS,
                "text \"a \\\" b\"; peer closed 1002 \"RSV bits 100 are set\"", "ok", 0, List.of());
        assertEquals("text \"a \\\" b\"; peer closed 1002", r.withoutCloseReasons().observed());
    }

    @Test
    void givingUpIsAFailure() {
        Transcript t = new Transcript(List.of(), 3_000_000_000L, 1000, true, 4_000_000_000L, List.of());
        Judgement j = ConformanceJudge.judge(CaseExpectation.fail(CloseCode.MESSAGE_TOO_BIG), t);
        assertEquals(Verdict.FAIL, j.verdict());
        assertTrue(j.reason().contains("within the time bound"), j.reason());
    }
}
