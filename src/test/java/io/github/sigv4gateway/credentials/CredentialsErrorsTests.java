package io.github.sigv4gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

/** What an operator reads when STS refuses: AWS's error code and message, never more than one line. */
class CredentialsErrorsTests {

    @Test
    void awsErrors_areReportedByCodeAndMessage() {
        StsException expired = (StsException) StsException.builder()
                .statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ExpiredToken")
                        .errorMessage("The security token included in the request is expired")
                        .build())
                .build();
        assertThat(CredentialsErrors.describe(new CompletionException(expired)))
                .isEqualTo("ExpiredToken: The security token included in the request is expired (HTTP 403)");
    }

    @Test
    void errorsTheSdkCouldNotParse_areReadFromTheRawBody() {
        String body = "<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code><Message>The security token"
                + " included in the request is invalid.</Message></Error></Errors></ErrorResponse>";
        StsException unparsed = (StsException) StsException.builder()
                .statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .rawResponse(SdkBytes.fromUtf8String(body))
                        .build())
                .build();
        assertThat(CredentialsErrors.describe(unparsed))
                .isEqualTo("InvalidClientTokenId: The security token included in the request is invalid. (HTTP 403)");
    }

    @Test
    void clientErrors_nameTheCause_onOneLine() {
        SdkClientException refused = SdkClientException.create(
                "Unable to execute HTTP request: Connection refused\n" + "second line",
                new ConnectException("Connection refused"));
        assertThat(CredentialsErrors.describe(refused))
                .isEqualTo("client error: Unable to execute HTTP request: Connection refused (ConnectException)");
    }

    @Test
    void unknownHosts_areNamed_becauseTheSdkMessageOnlySaysSeeCause() {
        SdkClientException unresolved = SdkClientException.create(
                "Received an UnknownHostException when attempting"
                        + " to interact with a service. See cause for the exact endpoint that is failing to resolve.",
                SdkClientException.create("wrapped", new UnknownHostException("sts.eu-west-1.amazonaws.com")));
        assertThat(CredentialsErrors.describe(unresolved))
                .isEqualTo("client error: cannot resolve sts.eu-west-1.amazonaws.com (UnknownHostException)");
    }
}
