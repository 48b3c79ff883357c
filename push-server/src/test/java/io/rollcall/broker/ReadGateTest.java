package io.rollcall.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadGateTest {
    /** Reads the test completes by hand, in the order they were sent. */
    private final List<CompletableFuture<String>> sent = new ArrayList<>();

    private CompletableFuture<String> read() {
        CompletableFuture<String> call = new CompletableFuture<>();
        sent.add(call);
        return call;
    }

    @Test
    void sendsNoMoreThanTheMaximumAndTheRestWhenOthersComplete() {
        ReadGate<String> gate = new ReadGate<>(3);
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(gate.submit("key-" + i, this::read));
        }
        assertThat(sent).hasSize(3);
        assertThat(gate.waiting()).isEqualTo(7);

        sent.get(0).complete("first");
        assertThat(results.get(0)).isCompletedWithValue("first");
        assertThat(sent).hasSize(4);

        for (int i = 1; i < 10; i++) {
            sent.get(i).complete("r" + i);
        }
        assertThat(results).allMatch(CompletableFuture::isDone);
        assertThat(gate.inFlight()).isZero();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void equalReadsStillWaitingShareOneCall() {
        ReadGate<String> gate = new ReadGate<>(1);
        CompletableFuture<String> blocker = gate.submit("other", this::read);
        CompletableFuture<String> a = gate.submit("same", this::read);
        CompletableFuture<String> b = gate.submit("same", this::read);
        assertThat(b).isSameAs(a);

        sent.get(0).complete("x");
        assertThat(sent).hasSize(2);
        sent.get(1).complete("shared");
        assertThat(blocker).isCompletedWithValue("x");
        assertThat(a).isCompletedWithValue("shared");
        assertThat(b).isCompletedWithValue("shared");
    }

    @Test
    void aReadAlreadySentIsNeverSharedWithALaterEqualRead() {
        // Its answer may predate the later caller's registration for live updates.
        ReadGate<String> gate = new ReadGate<>(2);
        CompletableFuture<String> early = gate.submit("same", this::read);
        CompletableFuture<String> late = gate.submit("same", this::read);
        assertThat(late).isNotSameAs(early);
        assertThat(sent).hasSize(2);
    }

    @Test
    void aFailedReadFailsItsCallersAndFreesItsPlace() {
        ReadGate<String> gate = new ReadGate<>(1);
        CompletableFuture<String> failing = gate.submit("a", this::read);
        CompletableFuture<String> next = gate.submit("b", this::read);
        sent.get(0).completeExceptionally(new IllegalStateException("redis down"));

        assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("redis down");
        assertThat(sent).hasSize(2);
        sent.get(1).complete("ok");
        assertThat(next).isCompletedWithValue("ok");
    }

    @Test
    void aReadThatThrowsFailsOnlyItsCallers() {
        ReadGate<String> gate = new ReadGate<>(1);
        CompletableFuture<String> thrown = gate.submit("a", () -> {
            throw new IllegalArgumentException("bad key");
        });
        assertThat(thrown).isCompletedExceptionally();
        assertThat(gate.submit("b", () -> CompletableFuture.completedFuture("fine"))).isCompletedWithValue("fine");
    }

    @Test
    void readsCompletingAtOnceDoNotRecurse() {
        // A disconnected client can fail every read synchronously: draining must loop, not recurse.
        ReadGate<Integer> gate = new ReadGate<>(1);
        CompletableFuture<Integer> blocker = new CompletableFuture<>();
        gate.submit("blocker", () -> blocker);
        AtomicInteger calls = new AtomicInteger();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            results.add(gate.submit(i, () -> CompletableFuture.completedFuture(calls.incrementAndGet())));
        }
        blocker.complete(0);
        assertThat(calls).hasValue(200_000);
        assertThat(results).allMatch(CompletableFuture::isDone);
    }

    @Test
    void refusesANonPositiveBound() {
        assertThatThrownBy(() -> new ReadGate<String>(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }
}
