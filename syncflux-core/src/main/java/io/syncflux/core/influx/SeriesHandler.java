package io.syncflux.core.influx;

/** Receives the series of a streamed query, in order, on the calling thread. */
@FunctionalInterface
public interface SeriesHandler {
    /**
     * Called for each series chunk; the rows belong to the handler once called.
     *
     * @throws Exception to abort the query; it is rethrown to the caller of the query
     */
    void accept(Series series) throws Exception;
}
