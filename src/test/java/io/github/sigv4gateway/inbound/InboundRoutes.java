package io.github.sigv4gateway.inbound;

import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import java.util.List;

/** Arguments of one {@code routes[i]} entry to the emulator, for the inbound tests' gateways. */
final class InboundRoutes {

    private InboundRoutes() {}

    static List<String> route(FunctionUrlEmulator emulator, int index, String id, String path) {
        String prefix = "--sigv4-gateway.routes[" + index + "].";
        return List.of(
                prefix + "id=" + id,
                prefix + "path=" + path,
                prefix + "target=" + emulator.baseUri(),
                prefix + "region=us-east-1",
                prefix + "service=lambda");
    }
}
