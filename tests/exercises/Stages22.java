package exercises;

import wsfs.protocol.DeflateAgreement;
import wsfs.protocol.ExtensionOffer;
import wsfs.protocol.HandshakeFailed;
import wsfs.protocol.PerMessageDeflate;

import java.util.List;
import java.util.Optional;

import static exercises.Stage.challenge;

/**
 * Chapter 22's challenges (no exercises: chapter 22 adds the negotiation of an extension to the finished core):
 * the server declines what it cannot honour and takes the next offer; the client fails an answer the RFC forbids.
 */
final class Stages22 {
    private Stages22() {
    }

    static List<Stage> stages() {
        return List.of(
                challenge("22-decline", "offers our Deflater cannot honour are declined, and the next offer is taken",
                        "RFC 7692 section 7: the server MUST decline an offer with an unknown parameter, an invalid value, "
                                + "a parameter twice, or a configuration it does not support",
                        "PerMessageDeflate.accept walks the offers in order; acceptOne throws Declined (section 7) for a "
                                + "server_max_window_bits below 15, an unknown name, a repeated one; the first offer that passes wins.", () -> {
                            String offered = "permessage-deflate; server_max_window_bits=10, permessage-deflate; mystery, "
                                    + "permessage-deflate; client_no_context_takeover; client_no_context_takeover, "
                                    + "permessage-deflate; server_no_context_takeover";
                            PerMessageDeflate.ServerChoice choice = PerMessageDeflate.accept(ExtensionOffer.parse(offered),
                                    PerMessageDeflate.Options.defaults());
                            String doing = "the offers " + offered;
                            Expect.equal(doing, Optional.of(new DeflateAgreement(true, false, 0, 0)), choice.agreement());
                            Expect.isTrue(doing, choice.declined().size() == 3
                                            && choice.declined().stream().allMatch(line -> line.contains("RFC 7692")),
                                    "3 offers declined, each naming RFC 7692", choice.declined().toString());
                        }),
                challenge("22-client-fails", "the client fails an answer that breaks RFC 7692 section 7, naming the rule",
                        "RFC 7692 sections 7.1.1.1 and 7.1.2.2: a dropped server_no_context_takeover and an unoffered "
                                + "client_max_window_bits fail the connection",
                        "PerMessageDeflate.verifyOne compares the answer with what was offered: server_no_context_takeover "
                                + "must stay if offered, client_max_window_bits must not come back unless offered.", () -> {
                            for (String[] c : List.of(
                                    new String[]{"permessage-deflate; client_max_window_bits=10", "7.1.2.2"},
                                    new String[]{"permessage-deflate", "7.1.1.1"})) {
                                PerMessageDeflate.Options offered = c[1].equals("7.1.1.1")
                                        ? new PerMessageDeflate.Options(true, false, 0) : PerMessageDeflate.Options.defaults();
                                String doing = "the answer \"" + c[0] + "\" to the offer \"" + PerMessageDeflate.offer(offered) + "\"";
                                String got;
                                try {
                                    got = "accepted: " + PerMessageDeflate.verify(ExtensionOffer.parse(c[0]), offered);
                                } catch (HandshakeFailed failed) {
                                    got = failed.getMessage();
                                }
                                Expect.isTrue(doing, got.contains("section " + c[1]), "HandshakeFailed naming RFC 7692 section " + c[1], got);
                            }
                        }));
    }
}
