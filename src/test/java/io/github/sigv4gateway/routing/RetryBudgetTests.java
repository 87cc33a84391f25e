package io.github.sigv4gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTests {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final RetryBudget budget = new RetryBudget(20, nanos::get);

    @Test
    void quietRoute_stillHasTheReserve_thenNoMore() {
        for (int i = 0; i < RetryBudget.RESERVE; i++) {
            assertThat(budget.tryRetry()).as("retry %d", i).isTrue();
        }
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void busyRoute_mayRetryTwentyPercentOfItsRequests_plusTheReserve() {
        for (int i = 0; i < 1000; i++) {
            budget.recordRequest();
        }
        int allowed = 0;
        while (budget.tryRetry() && allowed < 10_000) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(200 + RetryBudget.RESERVE);
    }

    @Test
    void theWindowSlides_retriesOlderThanTenSecondsNoLongerCount() {
        while (budget.tryRetry()) {
            // use up the reserve
        }
        nanos.addAndGet(5_000_000_000L);
        assertThat(budget.tryRetry()).as("five seconds later").isFalse();
        nanos.addAndGet(6_000_000_000L);
        assertThat(budget.tryRetry()).as("eleven seconds later").isTrue();
    }

    @Test
    void zeroPercent_leavesOnlyTheReserve() {
        RetryBudget none = new RetryBudget(0, nanos::get);
        for (int i = 0; i < 1000; i++) {
            none.recordRequest();
        }
        int allowed = 0;
        while (none.tryRetry() && allowed < 100) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(RetryBudget.RESERVE);
    }
}
