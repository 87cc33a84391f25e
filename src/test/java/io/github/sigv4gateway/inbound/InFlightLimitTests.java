package io.github.sigv4gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InFlightLimitTests {

    @Test
    void tryAcquire_beyondMax_isRefused_andARefusalHoldsNothing() {
        InFlightLimit limit = new InFlightLimit(2);

        assertThat(limit.tryAcquire()).isNotNull();
        assertThat(limit.tryAcquire()).isNotNull();
        assertThat(limit.tryAcquire()).isNull();
        assertThat(limit.held()).isEqualTo(2);
    }

    @Test
    void release_givesThePlaceBackOnce_however_oftenCalled() {
        InFlightLimit limit = new InFlightLimit(1);
        InFlightLimit.Permit permit = limit.tryAcquire();

        permit.release();
        permit.release();

        assertThat(limit.held()).isZero();
        assertThat(limit.tryAcquire()).isNotNull();
        assertThat(limit.tryAcquire()).isNull();
    }
}
