package io.github.sigv4gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BodyMemoryBudgetTests {

    private final BodyMemoryBudget memory = new BodyMemoryBudget(100);

    @Test
    void reservations_takeUpToTheLimit_andNoMore() {
        BodyMemoryBudget.Reservation first = memory.open();
        BodyMemoryBudget.Reservation second = memory.open();
        assertThat(first.grow(60)).isTrue();
        assertThat(second.grow(41)).as("would hold 101 of 100").isFalse();
        assertThat(second.grow(40)).isTrue();
        assertThat(memory.held()).isEqualTo(100);

        first.release();
        assertThat(memory.held()).isEqualTo(40);
        assertThat(second.grow(60))
                .as("room again once the first request let go")
                .isTrue();
    }

    @Test
    void release_isIdempotent_andEndsTheReservation() {
        BodyMemoryBudget.Reservation held = memory.open();
        held.grow(30);
        held.release();
        held.release();
        assertThat(memory.held()).isZero();
        assertThat(held.grow(10))
                .as("a chunk after the request ended is not counted")
                .isFalse();
        assertThat(memory.held()).isZero();
    }

    @Test
    void theAnswer_namesTheKey_theLimit_andTheRoute() {
        GatewayException full = memory.open().full("orders");
        assertThat(full.status().value()).isEqualTo(503);
        assertThat(full.reason()).isEqualTo("body-memory-full");
        assertThat(full.getMessage())
                .contains(BodyMemoryBudget.PROPERTY)
                .contains("100 bytes")
                .contains("'orders'");
    }

    @Test
    void racingRequests_neverHoldMoreThanTheLimit_andGiveEverythingBack() throws Exception {
        BodyMemoryBudget shared = new BodyMemoryBudget(10_000);
        AtomicLong highest = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    BodyMemoryBudget.Reservation held = shared.open();
                    for (int chunk = 0; chunk < 3; chunk++) {
                        held.grow(1_000);
                        highest.accumulateAndGet(shared.held(), Math::max);
                    }
                    held.release();
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertThat(highest.get()).isPositive().isLessThanOrEqualTo(10_000);
        assertThat(shared.held()).isZero();
    }
}
