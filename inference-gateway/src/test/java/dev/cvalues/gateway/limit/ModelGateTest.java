package dev.cvalues.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cvalues.gateway.provider.ProviderException;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelGateTest {

    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    ModelGate gate(int max, Integer rpm) {
        return new ModelGate(max, rpm, null, 3, Duration.ofSeconds(5), timer, now::get);
    }

    @Test
    void holdsCallsBeyondTheConcurrencyLimitUntilOneEnds() {
        ModelGate gate = gate(2, null);
        var first = gate.acquire().subscribe().withSubscriber(UniAssertSubscriber.create());
        var second = gate.acquire().subscribe().withSubscriber(UniAssertSubscriber.create());
        var third = gate.acquire().subscribe().withSubscriber(UniAssertSubscriber.create());
        first.assertCompleted();
        second.assertCompleted();
        third.assertNotTerminated();
        assertThat(gate.inFlight()).isEqualTo(2);
        gate.release(ModelGate.Outcome.OK, 0);
        third.assertCompleted();
    }

    @Test
    void halvesOnRateLimitAndGrowsBackWhileCallsSucceed() {
        ModelGate gate = gate(8, null);
        gate.acquire().await().indefinitely();
        gate.release(ModelGate.Outcome.RATE_LIMITED, 0);
        assertThat(gate.limit()).isEqualTo(4);
        gate.acquire().await().indefinitely();
        gate.release(ModelGate.Outcome.RATE_LIMITED, 0);
        assertThat(gate.limit()).isEqualTo(2);
        // additive increase: about one more per round of `limit` successes
        for (int i = 0; i < 5; i++) {
            gate.acquire().await().indefinitely();
            gate.release(ModelGate.Outcome.OK, 0);
        }
        assertThat(gate.limit()).isEqualTo(3);
        for (int i = 0; i < 40; i++) {
            gate.acquire().await().indefinitely();
            gate.release(ModelGate.Outcome.OK, 0);
        }
        assertThat(gate.limit()).isEqualTo(8);
    }

    @Test
    void opensAfterConsecutiveFailuresThenLetsOneProbeThrough() {
        ModelGate gate = gate(4, null);
        for (int i = 0; i < 3; i++) {
            gate.acquire().await().indefinitely();
            gate.release(ModelGate.Outcome.FAILED, 0);
        }
        var refused = gate.acquire().subscribe().withSubscriber(UniAssertSubscriber.create());
        ProviderException open = (ProviderException) refused.assertFailedWith(ProviderException.class).getFailure();
        assertThat(open.reason()).isEqualTo("circuit_open");
        assertThat(open.retryable()).isTrue();
        assertThat(open.retryAfter()).isEqualTo(Duration.ofSeconds(5));

        now.addAndGet(Duration.ofSeconds(6).toNanos());
        var probe = gate.acquire().subscribe().withSubscriber(UniAssertSubscriber.create());
        probe.assertCompleted();
        gate.acquire().subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(ProviderException.class);
        gate.release(ModelGate.Outcome.OK, 0);
        gate.acquire().subscribe().withSubscriber(UniAssertSubscriber.create()).assertCompleted();
    }

    @Test
    void requestsPerMinuteSpaceOutCallsWithoutHoldingAThread() {
        ModelGate gate = new ModelGate(100, 600, null, 3, Duration.ofSeconds(5), timer, System::nanoTime);
        for (int i = 0; i < 10; i++) {
            gate.acquire().await().indefinitely();
            gate.release(ModelGate.Outcome.OK, 0);
        }
        long t0 = System.nanoTime();
        var eleventh = gate.acquire().subscribe().withSubscriber(UniAssertSubscriber.create());
        eleventh.awaitItem(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(50));
    }
}
