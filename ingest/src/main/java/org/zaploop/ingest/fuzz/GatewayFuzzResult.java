package org.zaploop.ingest.fuzz;

import java.util.List;

/**
 * What one gateway fuzz run saw.
 *
 * @param inputs         fuzzed inputs sent
 * @param accepted       inputs the gateway took as valid records (202, or no error frame)
 * @param rejected       inputs refused with a reason (400/413, or an error frame)
 * @param deadLettered   dead letters of the run's session found in {@code zl.dlq}
 * @param validSent      valid planes sent alongside the inputs
 * @param validDelivered of those, planes found in {@code zl.imaging.planes}
 * @param crashes        inputs answered with a server error, a broken connection or an unexpected status
 * @param hangs          inputs (or WebSocket batches) not answered within the time bound
 * @param findings       the first few crashes and hangs, each naming its input
 */
public record GatewayFuzzResult(long inputs, long accepted, long rejected, long deadLettered, long validSent,
                                long validDelivered, long crashes, long hangs, List<String> findings) {

    public GatewayFuzzResult {
        findings = List.copyOf(findings);
    }

    /** No crash, no hang, every rejection dead-lettered once, every valid plane delivered. */
    public boolean passed() {
        return crashes == 0 && hangs == 0 && deadLettered == rejected && validDelivered == validSent;
    }
}
