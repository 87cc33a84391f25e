/**
 * What SCG's own resilience filters need on signing routes: the circuit breaker's failures as the gateway's
 * answers, key resolvers for the rate limiter, and Redis auto-configured only when a Redis is configured.
 */
@NullMarked
package io.github.sigv4gateway.resilience;

import org.jspecify.annotations.NullMarked;
