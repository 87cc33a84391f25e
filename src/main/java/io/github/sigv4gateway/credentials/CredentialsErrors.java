package io.github.sigv4gateway.credentials;

import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns provider failures into a line an operator can act on: AWS's error code and message, never a secret. */
final class CredentialsErrors {

    private CredentialsErrors() {
    }

    static String describe(Throwable failure) {
        Throwable e = failure;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage()
                    + " (HTTP " + aws.statusCode() + ")";
        }
        if (e instanceof SdkClientException) {
            Throwable cause = e.getCause();
            return "client error: " + firstLine(e.getMessage())
                    + (cause != null ? " (" + cause.getClass().getSimpleName() + ")" : "");
        }
        return e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
