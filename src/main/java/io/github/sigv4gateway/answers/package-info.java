/**
 * The gateway's own answers as values: what was refused, why, and how it reads on the wire. No Netty or WebFlux
 * types: the writers live with the layer that sends them ({@code server} before routing, {@code routing} after).
 */
@NullMarked
package io.github.sigv4gateway.answers;

import org.jspecify.annotations.NullMarked;
