package io.kmsmig.support;

import io.kmsmig.state.ApplyRecord;
import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.State;

/** A journal that forwards every call to another: a test overrides only the calls it hooks. */
public abstract class ForwardingJournal implements Journal {
    private final Journal delegate;

    protected ForwardingJournal(Journal delegate) {
        this.delegate = delegate;
    }

    @Override
    public SecretState record(SecretState s, boolean sync) {
        return delegate.record(s, sync);
    }

    @Override
    public void recordApply(ApplyRecord a) {
        delegate.recordApply(a);
    }

    @Override
    public ApplyRecord lastApply() {
        return delegate.lastApply();
    }

    @Override
    public State current() {
        return delegate.current();
    }

    @Override
    public SecretState secret(String sourceName) {
        return delegate.secret(sourceName);
    }

    @Override
    public long persistenceNanos() {
        return delegate.persistenceNanos();
    }

    @Override
    public State compact() {
        return delegate.compact();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
