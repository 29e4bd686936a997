package io.syncflux.core.config;

import io.syncflux.core.api.SyncfluxException;

/** A configuration problem; the message names the file, the key and what is wrong. */
public final class ConfigException extends SyncfluxException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a {@link io.syncflux.core.api.SyncfluxException.Kind#USAGE} exception.
     *
     * @param message one line naming the file, the key and what is wrong
     */
    public ConfigException(String message) {
        super(Kind.USAGE, message);
    }
}
