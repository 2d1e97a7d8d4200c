package io.kmsmig.support;

import io.kmsmig.state.Journal;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.StateLock;
import io.kmsmig.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A state backend that forwards every call to another (Guava's forwarding classes are the model): a test overrides
 * only the calls it watches or hooks. The interface's default methods are forwarded too, so the wrapped backend's own
 * history and replace are the ones used.
 */
public abstract class ForwardingStateBackend implements StateBackend {
    private final StateBackend delegate;

    protected ForwardingStateBackend(StateBackend delegate) {
        this.delegate = delegate;
    }

    protected StateBackend delegate() {
        return delegate;
    }

    @Override
    public Lock lock(String operation, Duration timeout, Consumer<String> waiting) {
        return delegate.lock(operation, timeout, waiting);
    }

    @Override
    public StateStore.Loaded read(String specName) {
        return delegate.read(specName);
    }

    @Override
    public void dropTornRecords() {
        delegate.dropTornRecords();
    }

    @Override
    public Repair repair() {
        return delegate.repair();
    }

    @Override
    public Journal openJournal(State base, String specSha256) {
        return delegate.openJournal(base, specSha256);
    }

    @Override
    public Optional<State> backup() {
        return delegate.backup();
    }

    @Override
    public List<State> history(int max) {
        return delegate.history(max);
    }

    @Override
    public int historyDepth() {
        return delegate.historyDepth();
    }

    @Override
    public void replace(State state) {
        delegate.replace(state);
    }

    @Override
    public List<String> list() {
        return delegate.list();
    }

    @Override
    public StateLock.Released forceUnlock(String lockId) {
        return delegate.forceUnlock(lockId);
    }

    @Override
    public Map<String, Path> localFiles() {
        return delegate.localFiles();
    }

    @Override
    public List<Path> reset() {
        return delegate.reset();
    }
}
