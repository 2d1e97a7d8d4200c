package io.kmsmig.parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one task per item, at most {@code parallelism} at a time, with one shutdown rule for snapshot, apply and
 * verify: once a task fails, the caller is interrupted or {@link #stop()} is called, no further task starts; the
 * tasks already running are left to finish (they are never interrupted, so a call in flight completes and its
 * outcome is recorded); only then does {@link #map} return or throw. So nothing a task does (a journal record, an
 * event) happens after {@code map} is left.
 *
 * <p>A task's exception reaches the caller as it was thrown (never wrapped in an {@link ExecutionException});
 * failures of other tasks running at the same time are attached to it as suppressed exceptions.
 */
public final class ParallelRunner {
    private final int parallelism;
    private final String threadName;
    private final AtomicBoolean stopping;

    /**
     * @param parallelism most tasks running at once (at least 1 is used)
     * @param threadName  prefix of the worker threads' names
     * @param stopping    the stop flag, shared with the tasks so they can also stop between their own steps: set by
     *                    {@link #stop()}, by a failed task and by an interrupt; no task starts while it is set
     */
    public ParallelRunner(int parallelism, String threadName, AtomicBoolean stopping) {
        this.parallelism = Math.max(1, parallelism);
        this.threadName = threadName;
        this.stopping = stopping;
    }

    /** A runner with a stop flag of its own. */
    public ParallelRunner(int parallelism, String threadName) {
        this(parallelism, threadName, new AtomicBoolean());
    }

    /** Starts no further task (Ctrl-C); tasks running go on to their end. Safe from any thread. */
    public void stop() {
        stopping.set(true);
    }

    public boolean stopping() {
        return stopping.get();
    }

    /**
     * Runs {@code task} on every item and returns the results in the items' order. An item whose task was not
     * started because of {@link #stop()} has a null result.
     *
     * @throws InterruptedException when the calling thread was interrupted; thrown once the running tasks ended
     * @throws RuntimeException     the first task failure, as thrown, once the running tasks ended
     * @throws Error                likewise (an OutOfMemoryError in a worker reaches the caller as itself)
     */
    public <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> task) throws InterruptedException {
        if (items.isEmpty()) {
            return List.of();
        }
        Object[] results = new Object[items.size()];
        AtomicInteger next = new AtomicInteger();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        int workers = Math.min(parallelism, items.size());
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, threadName + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        boolean interrupted = false;
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement();
                            i < items.size() && !stopping.get();
                            i = next.getAndIncrement()) {
                        try {
                            results[i] = task.apply(items.get(i));
                        } catch (Throwable e) {
                            failures.add(e);
                            stopping.set(true); // after the add: whoever sees the flag set finds the failure recorded
                        }
                    }
                }));
            }
            for (Future<?> f : running) {
                while (true) {
                    try {
                        f.get();
                        break;
                    } catch (InterruptedException e) {
                        // Ctrl-C reached this thread: start nothing more, and still wait for the tasks running now.
                        interrupted = true;
                        stopping.set(true);
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("cannot happen: the worker loop catches every failure", e);
                    }
                }
            }
        } finally {
            pool.shutdown();
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.remove();
            failures.stream().filter(e -> e != first).forEach(first::addSuppressed);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (first instanceof Error err) {
                throw err;
            }
            throw first instanceof RuntimeException re ? re : new IllegalStateException(first);
        }
        if (interrupted) {
            throw new InterruptedException("interrupted; the tasks that were running have finished");
        }
        @SuppressWarnings("unchecked")
        List<R> out = (List<R>) Arrays.asList(results);
        return Collections.unmodifiableList(out);
    }
}
