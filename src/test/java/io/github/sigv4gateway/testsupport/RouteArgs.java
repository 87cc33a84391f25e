package io.github.sigv4gateway.testsupport;

import java.util.ArrayList;
import java.util.List;

/** Command-line arguments that configure one of the gateway's own routes, as the tests that need several write them. */
public final class RouteArgs {

    private RouteArgs() {}

    /**
     * {@code sigv4-gateway.routes[index]}: id {@code id}, serving {@code /id/**} with that prefix stripped, to
     * {@code target}, signed for us-east-1 and lambda, plus {@code keys} ({@code key=value}) of the same route.
     */
    public static List<String> route(int index, String id, String target, String... keys) {
        String prefix = "--sigv4-gateway.routes[" + index + "].";
        List<String> args = new ArrayList<>(List.of(
                prefix + "id=" + id,
                prefix + "path=/" + id + "/**",
                prefix + "strip-prefix=1",
                prefix + "target=" + target,
                prefix + "region=us-east-1",
                prefix + "service=lambda"));
        for (String key : keys) {
            args.add(prefix + key);
        }
        return args;
    }
}
