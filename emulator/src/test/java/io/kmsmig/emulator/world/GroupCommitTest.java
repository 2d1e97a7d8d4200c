package io.kmsmig.emulator.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Answered writes are durable, and one store of the world covers every write that waited for it. */
class GroupCommitTest {
    private static World world() {
        World w = new World(
                "1234567890123456",
                List.of(new AccessKey("LTAIk", "s", "u", null)),
                List.of(),
                Semantics.DEFAULT,
                new EmulatorClock(Clock.systemUTC()));
        w.addRegion("cn-shanghai");
        return w;
    }

    @Test
    void writesThatWaitWhileTheWorldIsStored_areAllCoveredByOneMoreStore() throws Exception {
        // given: a store that holds the first writer until eight more writes have been applied
        World world = world();
        CountDownLatch firstStoring = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> storedSecretCounts = new CopyOnWriteArrayList<>();
        GroupCommit<Integer> commit =
                new GroupCommit<>(world, w -> w.region("cn-shanghai").secrets().size(), n -> {
                    storedSecretCounts.add(n);
                    if (storedSecretCounts.size() == 1) {
                        firstStoring.countDown();
                        await(release);
                    }
                });
        world.onWrite(commit);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        List<Future<?>> writers = new ArrayList<>();
        writers.add(pool.submit(() -> create(world, "first")));
        await(firstStoring);

        // when: eight more writers apply their writes while the first store is in progress
        for (int i = 0; i < 8; i++) {
            String name = "later-" + i;
            writers.add(pool.submit(() -> create(world, name)));
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (world.read(World::generation) < 9) {
            assertTrue(Instant.now().isBefore(deadline), "the eight writes were applied");
            Thread.yield();
        }
        release.countDown();
        for (Future<?> f : writers) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        // then: two stores for nine writes, the second with all nine secrets
        assertEquals(List.of(1, 9), storedSecretCounts);
        assertEquals(2, commit.stores());
    }

    @Test
    void aWrite_returnsOnlyAfterAStoreThatIncludesIt() {
        World world = world();
        List<Integer> stored = new CopyOnWriteArrayList<>();
        world.onWrite(
                new GroupCommit<>(world, w -> w.region("cn-shanghai").secrets().size(), stored::add));
        create(world, "a");
        assertEquals(List.of(1), stored);
        create(world, "b");
        assertEquals(List.of(1, 2), stored);
    }

    private static void create(World world, String name) {
        world.write(w -> {
            w.region("cn-shanghai").secrets.put(name, new Secret(name, SecretType.Generic, Instant.EPOCH));
            return null;
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(2, TimeUnit.MINUTES), "latch released");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
