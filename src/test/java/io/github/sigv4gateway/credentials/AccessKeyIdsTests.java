package io.github.sigv4gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessKeyIdsTests {

    @Test
    void masked_twentyCharacterKey_keepsTheLastFour() {
        assertThat(AccessKeyIds.masked("AKIDIOSFODNN7EXAMPLE")).isEqualTo("****************MPLE");
    }

    @Test
    void masked_temporaryKey_keepsItsLength() {
        String key = "ASIA" + "Q".repeat(24) + "WXYZ";

        assertThat(AccessKeyIds.masked(key))
                .hasSize(key.length())
                .endsWith("WXYZ")
                .matches("\\*{28}WXYZ");
    }

    @Test
    void masked_shortValues_showNothing() {
        assertThat(AccessKeyIds.masked("A")).isEqualTo("*");
        assertThat(AccessKeyIds.masked("ABCD")).isEqualTo("****");
        assertThat(AccessKeyIds.masked("ABCDEFG")).isEqualTo("*******");
    }

    @Test
    void masked_eightCharacters_showsTheLastFourOnly() {
        assertThat(AccessKeyIds.masked("ABCDEFGH")).isEqualTo("****EFGH");
    }

    @Test
    void masked_oddCharacters_neverShowsMoreThanFour() {
        String odd = " key id with spaces and \uD83D\uDD11 ";

        String masked = AccessKeyIds.masked(odd);

        String shown = masked.replace("*", "");
        assertThat(shown).isEqualTo("d \uD83D\uDD11 ");
        assertThat(shown.codePointCount(0, shown.length())).isEqualTo(4);
        assertThat(masked.codePointCount(0, masked.length())).isEqualTo(odd.codePointCount(0, odd.length()));
    }

    @Test
    void masked_nullOrEmpty_saysNone() {
        assertThat(AccessKeyIds.masked(null)).isEqualTo("(none)");
        assertThat(AccessKeyIds.masked("")).isEqualTo("(none)");
    }
}
