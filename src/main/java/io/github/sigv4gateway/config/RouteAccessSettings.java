package io.github.sigv4gateway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The route keys that say who and what may call a route, each off while unset: which clients (by certificate
 * identity or API key name), which methods, and how many requests at once. Kept apart from {@link RouteSettings}'s
 * forwarding keys; every route has both.
 */
public class RouteAccessSettings {

    /**
     * Clients allowed on the route, any of them passing: uri:SAN, dns:SAN, subject:DN of a client certificate,
     * key:NAME of an API key, key:* for any valid key, certificate:* for any verified certificate; empty allows
     * anyone.
     */
    private List<String> allow = new ArrayList<>();

    /** Methods served, e.g. GET,POST; others get 405. Empty serves every method. */
    private List<String> methods = new ArrayList<>();

    /** Requests the route forwards at once; beyond it 503 with Retry-After. 0 is no limit. */
    private int maxConcurrent;

    public List<String> getAllow() {
        return allow;
    }

    public void setAllow(List<String> allow) {
        this.allow = allow;
    }

    public List<String> getMethods() {
        return methods;
    }

    public void setMethods(List<String> methods) {
        this.methods = methods;
    }

    public int getMaxConcurrent() {
        return maxConcurrent;
    }

    public void setMaxConcurrent(int maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }
}
