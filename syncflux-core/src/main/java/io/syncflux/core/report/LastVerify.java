package io.syncflux.core.report;

import io.syncflux.core.api.TimeWindow;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of a check of a window by content with {@link io.syncflux.core.verify.Verifier}.
 *
 * @param reason          why it ran: after an HA recovery, or of the monitor's own downtime at start
 * @param window          the verified window
 * @param identical       true when both nodes held the same data at the first comparison
 * @param differingChunks chunks that differed at the first comparison
 * @param repaired        true when differing chunks were copied
 * @param consistent      true when the nodes hold the same data after this check (identical, or fully repaired)
 * @param at              when the check ended
 * @param error           a one-line reason when the check could not run, else null
 * @param targetComplete  true when, after this check, the checked node holds every point of the reference
 *                        in the window with the reference's values (it may hold extra points the reference
 *                        lacks, which a one-way repair never deletes); always true when consistent
 */
public record LastVerify(Reason reason, TimeWindow window, boolean identical, int differingChunks, boolean repaired,
                         boolean consistent, Instant at, String error, boolean targetComplete) {
    public LastVerify {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(at, "at");
        targetComplete = targetComplete || consistent;
    }

    /** An outcome whose target is complete only when the nodes are consistent. */
    public LastVerify(Reason reason, TimeWindow window, boolean identical, int differingChunks, boolean repaired,
                      boolean consistent, Instant at, String error) {
        this(reason, window, identical, differingChunks, repaired, consistent, at, error, consistent);
    }

    /** Why the monitor checked a window. */
    public enum Reason {
        /** After an HA recovery of the window. */
        RECOVERY,
        /** Of the monitor's own downtime, at its start. */
        DOWNTIME;

        /** The lower-case name, as the API and the log spell it: {@code recovery}, {@code downtime}. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public String toString() {
            return key();
        }
    }

    /** The three answers a check gives, plus "could not check". */
    public enum Outcome {
        /** Both nodes held the same data. */
        IDENTICAL,
        /** They differed, and were repaired and compared again: identical now. */
        REPAIRED,
        /** They still differ (a failed write, a type conflict, points only on the slave, an early stop). */
        DIFFERS,
        /** The check could not run; nothing is known. */
        FAILED
    }

    /** The outcome: a window whose outcome is not IDENTICAL or REPAIRED is not proven recovered. */
    public Outcome outcome() {
        if (identical) {
            return Outcome.IDENTICAL;
        }
        if (consistent) {
            return Outcome.REPAIRED;
        }
        return error != null && differingChunks == 0 && !repaired ? Outcome.FAILED : Outcome.DIFFERS;
    }
}
