package io.github.sigv4gateway.credentials;

import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns provider failures into a line an operator can act on: AWS's error code and message, never a secret. */
final class CredentialsErrors {

    private static final Pattern CODE = Pattern.compile("<Code>([^<]{1,100})</Code>");
    private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]{1,500})</Message>");

    private CredentialsErrors() {}

    static String describe(Throwable failure) {
        Throwable e = failure;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            AwsErrorDetails details = aws.awsErrorDetails();
            String code = details.errorCode();
            String message = details.errorMessage();
            if (code == null && details.rawResponse() != null) {
                // Some STS-compatible peers wrap the error in <Errors>, which the SDK's parser does not read.
                String raw = details.rawResponse().asUtf8String();
                code = firstMatch(CODE, raw);
                message = firstMatch(MESSAGE, raw);
            }
            return code + ": " + message + " (HTTP " + aws.statusCode() + ")";
        }
        if (e instanceof SdkClientException) {
            UnknownHostException unknownHost = unknownHost(e);
            if (unknownHost != null) {
                // The SDK's own message only says "see cause"; the host is what an operator needs.
                return "client error: cannot resolve " + unknownHost.getMessage() + " (UnknownHostException)";
            }
            Throwable cause = e.getCause();
            return "client error: " + firstLine(e.getMessage())
                    + (cause != null ? " (" + cause.getClass().getSimpleName() + ")" : "");
        }
        return e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    }

    private static @Nullable UnknownHostException unknownHost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException unknown) {
                return unknown;
            }
        }
        return null;
    }

    private static String firstMatch(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
