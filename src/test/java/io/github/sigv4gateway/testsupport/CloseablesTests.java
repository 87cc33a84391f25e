package io.github.sigv4gateway.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseablesTests {

    @Test
    void closesEveryOneInOrder_pastNullsAndFailures_thenThrowsTheFirstFailureWithTheOthersSuppressed() {
        List<String> closed = new ArrayList<>();
        AutoCloseable first = () -> {
            closed.add("first");
            throw new IllegalArgumentException("first failed");
        };
        AutoCloseable second = () -> closed.add("second");
        AutoCloseable third = () -> {
            closed.add("third");
            throw new IllegalArgumentException("third failed");
        };

        assertThatThrownBy(() -> Closeables.closeAll(first, null, second, third))
                .isInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("first failed")
                .satisfies(e -> assertThat(e.getSuppressed())
                        .singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("third failed")));
        assertThat(closed).containsExactly("first", "second", "third");
    }

    @Test
    void nothingFails_nothingThrown() {
        List<String> closed = new ArrayList<>();
        Closeables.closeAll(() -> closed.add("a"), null, () -> closed.add("b"));
        assertThat(closed).containsExactly("a", "b");
    }
}
