package io.kmsmig.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The shutdown rule snapshot, apply and verify share: stop starting, let the running finish, then return. */
class ParallelRunnerTest {
    private static final List<Integer> TEN = IntStream.range(0, 10).boxed().toList();

    /** Tasks that record when they start and end; the ones listed in {@code blocking} wait for {@link #release}. */
    private static final class Tasks {
        final Set<Integer> started = new ConcurrentSkipListSet<>();
        final AtomicInteger ended = new AtomicInteger();
        final CountDownLatch blockersStarted;
        final CountDownLatch release = new CountDownLatch(1);
        private final Set<Integer> blocking;

        Tasks(Integer... blocking) {
            this.blocking = Set.of(blocking);
            this.blockersStarted = new CountDownLatch(blocking.length);
        }

        Integer run(Integer i) {
            started.add(i);
            if (blocking.contains(i)) {
                blockersStarted.countDown();
                await(release);
            }
            ended.incrementAndGet();
            return i * 10;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(60, TimeUnit.SECONDS), "the latch opened within 60 s");
        } catch (InterruptedException e) {
            throw new AssertionError("a task was interrupted: the runner must let running tasks finish", e);
        }
    }

    /** Waits for a condition another thread brings about (never a fixed sleep). */
    private static void waitFor(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void map_returnsEveryResultInTheItemsOrder() throws Exception {
        List<Integer> out = new ParallelRunner(4, "test").map(TEN, i -> i * 10);
        assertEquals(IntStream.range(0, 10).map(i -> i * 10).boxed().toList(), out);
    }

    @Test
    void map_neverRunsMoreTasksAtOnceThanItsParallelism() throws Exception {
        // given: each task holds its slot until two tasks run together, so a runner without a bound would show 3+
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch two = new CountDownLatch(2);
        // when
        new ParallelRunner(2, "test").map(TEN, i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            two.countDown();
            await(two);
            running.decrementAndGet();
            return i;
        });
        // then
        assertEquals(2, most.get());
    }

    @Test
    void aFailingTask_stopsNewStarts_letsRunningTasksFinish_andIsThrownAsItselfAfterThem() throws Exception {
        // given: tasks 1 and 2 are running (blocked) when task 0 fails
        Tasks tasks = new Tasks(1, 2);
        RuntimeException boom = new IllegalStateException("task 0 failed");
        ParallelRunner runner = new ParallelRunner(3, "test");
        AtomicInteger endedWhenMapLeft = new AtomicInteger(-1);
        CompletableFuture<Throwable> thrown = CompletableFuture.supplyAsync(() -> {
            try {
                runner.map(TEN, i -> {
                    if (i == 0) {
                        await(tasks.blockersStarted);
                        tasks.started.add(0);
                        throw boom;
                    }
                    return tasks.run(i);
                });
                return null;
            } catch (Throwable t) {
                return t;
            } finally {
                endedWhenMapLeft.set(tasks.ended.get());
            }
        });
        // when: the failure is registered, then the running tasks are let go
        waitFor(runner::stopping, "the runner saw the failure");
        assertEquals(-1, endedWhenMapLeft.get(), "map has not returned while tasks 1 and 2 still run");
        tasks.release.countDown();
        // then
        assertSame(boom, thrown.get(60, TimeUnit.SECONDS), "the task's own exception, not an ExecutionException");
        assertEquals(2, endedWhenMapLeft.get(), "both running tasks had ended when map returned");
        assertEquals(new TreeSet<>(List.of(0, 1, 2)), tasks.started, "no task started after the failure");
    }

    @Test
    void anInterruptedCaller_stopsNewStarts_letsRunningTasksFinish_thenThrowsInterruptedException() throws Exception {
        // given: tasks 0 and 1 are running (blocked)
        Tasks tasks = new Tasks(0, 1);
        ParallelRunner runner = new ParallelRunner(2, "test");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicInteger endedWhenMapLeft = new AtomicInteger(-1);
        Thread caller = new Thread(
                () -> {
                    try {
                        runner.map(TEN, tasks::run);
                    } catch (Throwable t) {
                        thrown.set(t);
                    } finally {
                        endedWhenMapLeft.set(tasks.ended.get());
                    }
                },
                "caller");
        caller.start();
        await(tasks.blockersStarted);
        // when: Ctrl-C interrupts the caller, then the running tasks end
        caller.interrupt();
        waitFor(runner::stopping, "the runner saw the interrupt");
        assertTrue(caller.isAlive(), "map has not returned while tasks 0 and 1 still run");
        tasks.release.countDown();
        caller.join(TimeUnit.SECONDS.toMillis(60));
        // then
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertEquals(2, endedWhenMapLeft.get(), "both running tasks had ended when map returned");
        assertEquals(new TreeSet<>(List.of(0, 1)), tasks.started, "no task started after the interrupt");
    }

    @Test
    void stop_startsNothingMore_andTheTasksNotStartedHaveNullResults() throws Exception {
        ParallelRunner runner = new ParallelRunner(1, "test");
        List<String> out = runner.map(List.of("a", "b", "c"), s -> {
            runner.stop();
            return s.toUpperCase(Locale.ROOT);
        });
        assertEquals(Arrays.asList("A", null, null), out);
    }

    @Test
    void anErrorInATask_reachesTheCallerAsItself_withConcurrentFailuresSuppressed() throws Exception {
        // given: both tasks are running before either fails
        CountDownLatch both = new CountDownLatch(2);
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        IllegalStateException other = new IllegalStateException("the other task failed too");
        ParallelRunner runner = new ParallelRunner(2, "test");
        // when: task 1 fails once task 0's failure is recorded
        OutOfMemoryError thrown = assertThrows(
                OutOfMemoryError.class,
                () -> runner.map(List.of(0, 1), i -> {
                    both.countDown();
                    await(both);
                    if (i == 0) {
                        throw oom;
                    }
                    waitFor(runner::stopping, "task 0's failure is recorded");
                    throw other;
                }));
        // then: the first failure, as thrown, and the other one attached to it
        assertSame(oom, thrown);
        List<Throwable> suppressed = new ArrayList<>(List.of(thrown.getSuppressed()));
        assertArrayEquals(new Throwable[] {other}, suppressed.toArray());
    }
}
