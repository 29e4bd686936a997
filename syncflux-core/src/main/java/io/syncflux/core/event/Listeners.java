package io.syncflux.core.event;

import org.slf4j.Logger;

/**
 * Calls listener methods the way every listener contract here promises: a listener that throws is logged
 * and otherwise ignored, so it can never break the copy, the monitor or the check that called it.
 */
public final class Listeners {
    private Listeners() {
    }

    /**
     * Runs {@code call}; a {@link RuntimeException} it throws is logged at warn level on {@code log} as
     * {@code "<kind> threw: <exception>"}, never propagated.
     *
     * @param kind the listener, for the log line, e.g. {@code "copy listener"}
     */
    public static void call(Logger log, String kind, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("{} threw: {}", kind, e.toString());
        }
    }
}
