package io.syncflux.core.pipeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WorkersTest {
    @Test
    void resultsAndFailuresComeInTheOrderOfTheFuturesAndEachFailureIsHandedOverAsItIsMet() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Future<String>> futures = List.of(CompletableFuture.completedFuture("a"),
                CompletableFuture.failedFuture(boom), CompletableFuture.completedFuture("c"));
        List<Throwable> seen = new ArrayList<>();
        Workers.Completion<String> done = Workers.awaitAll(futures, seen::add);
        assertThat(done.results()).containsExactly("a", "c");
        assertThat(done.failures()).containsExactly(boom);
        assertThat(seen).containsExactly(boom);
        assertThat(done.interrupted()).isFalse();
    }

    @Test
    void anInterruptedWaitStopsAtOnceAndKeepsTheInterruptFlag() {
        List<Future<String>> futures = List.of(CompletableFuture.completedFuture("a"), new CompletableFuture<>());
        Thread.currentThread().interrupt();
        try {
            Workers.Completion<String> done = Workers.awaitAll(futures, e -> { });
            assertThat(done.interrupted()).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void poolThreadsAreNamedDaemonsOfTheAskedPriority() throws Exception {
        ExecutorService pool = Workers.pool(2, "test-workers-", Thread.MIN_PRIORITY);
        try {
            Thread t = pool.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
            assertThat(t.getName()).isEqualTo("test-workers-1");
            assertThat(t.isDaemon()).isTrue();
            assertThat(t.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
        } finally {
            pool.shutdownNow();
        }
    }
}
