/**
 * The request path: routes from configuration, the SigV4 gateway filter and its SCG factory, the bounded body,
 * the header guard and the gateway's own error answers.
 */
@NullMarked
package io.github.sigv4gateway.routing;

import org.jspecify.annotations.NullMarked;
