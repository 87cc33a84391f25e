/**
 * Who may call through the gateway: HTTPS and client certificates on the proxy port, API keys, per-route allow-lists,
 * methods and requests in flight, and the authenticated client in the access log and meters. Everything here is off
 * unless configured.
 */
@NullMarked
package io.github.sigv4gateway.inbound;

import org.jspecify.annotations.NullMarked;
