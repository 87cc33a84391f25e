package io.github.sigv4gateway.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.http.SdkHttpMethod;

/** The method lookup that stands in for {@link SdkHttpMethod#fromValue} gives what it gives. */
class RequestSignerMethodTests {

    @ParameterizedTest
    @EnumSource(SdkHttpMethod.class)
    void sdkMethod_ofEachSdkMethodName_isThatConstant(SdkHttpMethod method) {
        assertThat(RequestSigner.sdkMethod(method.name())).isSameAs(method);
    }

    @Test
    void sdkMethod_ofOtherSpellings_isWhatFromValueGives() {
        assertThat(RequestSigner.sdkMethod("get"))
                .isSameAs(SdkHttpMethod.fromValue("get"))
                .isSameAs(SdkHttpMethod.GET);
        assertThatIllegalArgumentException().isThrownBy(() -> SdkHttpMethod.fromValue("TRACE"));
        assertThatIllegalArgumentException().isThrownBy(() -> RequestSigner.sdkMethod("TRACE"));
    }
}
