package io.kmsmig.emulator.world;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The whole emulated account: access keys, client keys, UNCONFIRMED-behaviour switches, and regions.
 * One read/write lock guards all secret data: reads share it, writes hold it alone. Each write then runs the
 * persistence hook, outside the lock, before it returns, so an answered write is durable (reference: the emulator
 * issue, world file); writes numbered by {@link #generation()} let one persistence cover every write before it.
 */
public final class World {
    private final String account;
    private final List<AccessKey> accessKeys;

    @GuardedBy("this")
    private final List<ClientKeyInfo> clientKeys;

    private final Map<String, AccessKey> sessions = new ConcurrentHashMap<>();
    private volatile List<String> roles = List.of();
    private final Map<String, Region> regions = new TreeMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final EmulatorClock clock;
    private volatile Semantics semantics;
    private volatile LongConsumer afterWrite = generation -> {};
    private long generation;
    private final WorldChanges changes = new WorldChanges();
    private final NonceLedger nonces = new NonceLedger();
    private final Map<String, String> ramDisplayNames = new TreeMap<>();

    public World(
            String account,
            List<AccessKey> accessKeys,
            List<ClientKeyInfo> clientKeys,
            Semantics semantics,
            EmulatorClock clock) {
        this.account = account;
        this.accessKeys = List.copyOf(accessKeys);
        this.clientKeys = new ArrayList<>(clientKeys);
        this.semantics = semantics;
        this.clock = clock;
    }

    public String account() {
        return account;
    }

    public List<AccessKey> accessKeys() {
        return accessKeys;
    }

    /** A declared key, or an STS session's issued by {@link #issue}. */
    public Optional<AccessKey> accessKey(String id) {
        AccessKey issued = sessions.get(id);
        return issued != null
                ? Optional.of(issued)
                : accessKeys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** The RAM roles that AssumeRole may assume, by name (the world file's {@code roles}). */
    public List<String> roles() {
        return roles;
    }

    /** Declares the roles AssumeRole may assume. */
    public void roles(List<String> names) {
        this.roles = List.copyOf(names);
    }

    /**
     * Accepts an STS session's key from now on (AssumeRole). Held in memory only, like the real service's short-lived
     * credentials: a restarted emulator no longer knows it.
     */
    public void issue(AccessKey key) {
        sessions.put(key.id(), key);
    }

    /** A stable numeric id for a RAM user or role name, as GetCallerIdentity and ActionTrail show principal ids. */
    public String principalId(String name) {
        return PrincipalIds.of(account, name);
    }

    public synchronized List<ClientKeyInfo> clientKeys() {
        return List.copyOf(clientKeys);
    }

    public synchronized Optional<ClientKeyInfo> clientKey(String id) {
        return clientKeys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** Replaces a declared client key with its generated form (file and password filled in). */
    public synchronized void replaceClientKey(ClientKeyInfo key) {
        clientKeys.removeIf(k -> k.id().equals(key.id()));
        clientKeys.add(key);
    }

    public Semantics semantics() {
        return semantics;
    }

    public void setSemantics(Semantics s) {
        this.semantics = s;
    }

    public EmulatorClock clock() {
        return clock;
    }

    /** Declares a RAM user's display name while the world is being built (world file {@code ramUsers}). */
    public void addRamUser(String userName, String displayName) {
        ramDisplayNames.put(userName, displayName);
    }

    /** RAM user name to display name, for the users the world file declares. */
    public Map<String, String> ramUsers() {
        return Collections.unmodifiableMap(ramDisplayNames);
    }

    /**
     * The display name of RAM user {@code userName}: the world file's, else the user name (RAM's default when a user is
     * created without one). RAM secrets created with {@code $Auto} are named from it (kms-openapi.md §12.2, §19).
     */
    public String ramDisplayName(String userName) {
        return ramDisplayNames.getOrDefault(userName, userName);
    }

    /** The SignatureNonces this account's endpoints have seen (not persisted). */
    public NonceLedger nonces() {
        return nonces;
    }

    /**
     * Installs the hook run after every write, with the write's generation, once the write lock is released; it
     * must return only when the world as of that generation (or later) is durable.
     */
    public void onWrite(LongConsumer hook) {
        this.afterWrite = hook;
    }

    /** How many writes this world has applied. Call under a lock: it is the generation of what the lock shows. */
    public long generation() {
        return generation;
    }

    /** Adds a region while the world is being built (before the emulator serves it). */
    public Region addRegion(String id) {
        return regions.computeIfAbsent(id, r -> new Region(r, changes));
    }

    public List<String> regionIds() {
        return List.copyOf(regions.keySet());
    }

    /** The region, or 404 for a region this account has no endpoint in. */
    public Region region(String id) {
        Region r = regions.get(id);
        if (r == null) {
            throw new KmsError(404, "InvalidRegionId", "The region does not exist in this emulator: " + id);
        }
        return r;
    }

    /** Runs {@code fn} under the shared lock. */
    public <T> T read(Function<World, T> fn) {
        lock.readLock().lock();
        try {
            return fn.apply(this);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs {@code fn} under the exclusive lock and purges expired secrets, then, with the lock released (so that one
     * persistence can cover the writes of many threads, a group commit), waits until the write is durable.
     */
    public <T> T write(Function<World, T> fn) {
        T result;
        long written;
        lock.writeLock().lock();
        try {
            purgeExpired();
            result = fn.apply(this);
            written = ++generation;
        } finally {
            lock.writeLock().unlock();
        }
        afterWrite.accept(written);
        return result;
    }

    /**
     * Takes the changes made since the last call: the secrets written, by region, or null when a write replaced them
     * all (only a whole snapshot records that). Call under a lock, from one thread at a time (the group commit).
     */
    public Map<String, Set<String>> drainChanges() {
        return changes.drain();
    }

    /** A deep copy of every region's secrets, for dumps and persistence. Call under a lock. */
    public Map<String, List<Secret>> copySecrets() {
        Map<String, List<Secret>> out = new TreeMap<>();
        for (Region r : regions.values()) {
            List<Secret> list = new ArrayList<>();
            r.secrets.values().forEach(s -> list.add(s.copy()));
            out.put(r.id(), list);
        }
        return out;
    }

    /** Replaces every region's secrets (admin reset); call under the write lock. */
    public void replaceSecrets(Map<String, List<Secret>> secrets) {
        changes.everything();
        for (Region r : regions.values()) {
            r.secrets.clear();
            for (Secret s : secrets.getOrDefault(r.id(), List.of())) {
                r.secrets.put(s.name(), s.copy());
            }
        }
    }

    /** Secrets whose recovery window has passed are gone (reference §11: purge when the window expires). */
    private void purgeExpired() {
        var now = clock.instant();
        for (Region r : regions.values()) {
            r.secrets.values().removeIf(s -> {
                boolean gone = s.plannedDeleteTime != null && !s.plannedDeleteTime.isAfter(now);
                if (gone) {
                    r.touch(s.name);
                }
                return gone;
            });
        }
    }

    /** True when this secret is gone or purgeable at {@code clock}'s now. */
    boolean expired(Secret s) {
        return s.plannedDeleteTime != null && !s.plannedDeleteTime.isAfter(clock.instant());
    }
}
