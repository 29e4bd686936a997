package io.syncflux.core.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The worker threads of a copy or a verify: a pool of daemon threads named after the run (so that a
 * thread dump says whose they are, and a forgotten pool never keeps the JVM alive), and the wait for all
 * the tasks of a run.
 */
public final class Workers {
    private Workers() {
    }

    /**
     * What became of the tasks waited for.
     *
     * @param results     the results of the tasks that completed, in the order of their futures
     * @param failures    the causes of the tasks that failed, in the order of their futures
     * @param interrupted true when the waiting thread was interrupted: it stopped waiting (its interrupt
     *                    flag is set again), and the tasks not waited for appear in neither list
     * @param <T>         the result type
     */
    public record Completion<T>(List<T> results, List<Throwable> failures, boolean interrupted) {
        /** Copies the lists ({@code results} may hold nulls). */
        public Completion {
            results = java.util.Collections.unmodifiableList(new ArrayList<>(results));
            failures = List.copyOf(failures);
        }
    }

    /**
     * A fixed pool of {@code threads} daemon threads named {@code prefix1}, {@code prefix2}, ... of the
     * creating thread's priority; the caller shuts it down.
     */
    public static ExecutorService pool(int threads, String prefix) {
        return Executors.newFixedThreadPool(threads, daemonThreads(prefix, 0));
    }

    /** The same with threads of {@code priority} ({@link Thread#MIN_PRIORITY} to {@link Thread#MAX_PRIORITY}). */
    public static ExecutorService pool(int threads, String prefix, int priority) {
        return Executors.newFixedThreadPool(threads, daemonThreads(prefix, priority));
    }

    private static ThreadFactory daemonThreads(String prefix, int priority) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            if (priority != 0) {
                t.setPriority(priority);
            }
            return t;
        };
    }

    /**
     * Waits for each future in turn. A task that failed is handed to {@code onFailure} (its cause) as soon
     * as it is waited for, while the later tasks may still run, so that the caller can stop them early.
     *
     * @param onFailure called on the waiting thread; must not throw
     */
    public static <T> Completion<T> awaitAll(List<Future<T>> futures, Consumer<Throwable> onFailure) {
        List<T> results = new ArrayList<>(futures.size());
        List<Throwable> failures = new ArrayList<>();
        for (Future<T> f : futures) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                failures.add(e.getCause());
                onFailure.accept(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Completion<>(results, failures, true);
            }
        }
        return new Completion<>(results, failures, false);
    }
}
