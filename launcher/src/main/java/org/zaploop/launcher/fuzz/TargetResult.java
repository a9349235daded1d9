package org.zaploop.launcher.fuzz;

import java.util.List;

/**
 * One fuzz target's row of the campaign table.
 *
 * @param target         what was fuzzed ({@code decoder ZLPL}, {@code gateway HTTP}, {@code archive zarr}, ...)
 * @param inputs         inputs fed to it
 * @param accepted       inputs it took as valid
 * @param rejected       inputs it refused with a reason
 * @param deadLettered   refusals found in {@code zl.dlq} (null where nothing is dead-lettered: a decoder or file
 *                       reader answers its caller with an exception)
 * @param validSent      valid records sent alongside the inputs (null where none are)
 * @param validDelivered of those, records that arrived
 * @param crashes        inputs that broke the contract: an unexpected exception, a server error, a broken socket
 * @param hangs          inputs not answered within the time bound
 * @param seconds        wall-clock time the target took
 * @param findings       the first crashes and hangs, each naming its input so it replays
 */
public record TargetResult(String target, long inputs, long accepted, long rejected, Long deadLettered,
                           Long validSent, Long validDelivered, long crashes, long hangs, double seconds,
                           List<String> findings) {

    public TargetResult {
        findings = List.copyOf(findings);
    }

    /** No crash, no hang, every refusal dead-lettered (where it applies), every valid record delivered. */
    public boolean passed() {
        return crashes == 0 && hangs == 0 && accepted + rejected == inputs
                && (deadLettered == null || deadLettered == rejected)
                && (validSent == null || validSent.equals(validDelivered));
    }
}
