/** The proxy port's Netty server: what is settled before a request reaches routing. */
@NullMarked
package io.github.sigv4gateway.server;

import org.jspecify.annotations.NullMarked;
