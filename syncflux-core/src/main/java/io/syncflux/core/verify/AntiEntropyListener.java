package io.syncflux.core.verify;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.report.AntiEntropyResult;

/**
 * Events of an {@link AntiEntropy}. Every {@link #passStarted} is followed by exactly one
 * {@link #passFinished}; a skipped pass has only {@link #passFinished}. Methods run on the
 * anti-entropy's thread, must be fast and should not throw (a listener that throws is logged and
 * otherwise ignored). Every method does nothing by default.
 */
public interface AntiEntropyListener {
    /** Does nothing. */
    AntiEntropyListener NONE = new AntiEntropyListener() {
    };

    /** A pass starts comparing {@code window}. */
    default void passStarted(TimeWindow window) {
    }

    /** A pass ended (or was skipped); {@code result} is also {@link AntiEntropy#lastResult()} from now on. */
    default void passFinished(AntiEntropyResult result) {
    }
}
