package io.github.sigv4gateway.emulator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deliberately small model of IAM authorisation for a function URL: a principal may invoke when an identity
 * policy attached to it allows the action on the function's ARN, or when the function's resource-based policy
 * names the principal for the action. Nothing allowed means denied, as in IAM.
 */
public final class PolicyModel {

    private final Set<String> identityGrants = ConcurrentHashMap.newKeySet();
    private final Set<String> resourceGrants = ConcurrentHashMap.newKeySet();
    private volatile boolean allowAll;

    /** Every known principal may invoke (the quick start's default). */
    public static PolicyModel allowAll() {
        PolicyModel model = new PolicyModel();
        model.allowAll = true;
        return model;
    }

    /** Nothing is allowed until granted. */
    public static PolicyModel denyByDefault() {
        return new PolicyModel();
    }

    /** An identity policy on {@code principalArn}: Allow {@code action} on {@code resourceArn}. */
    public PolicyModel allowIdentity(String principalArn, String action, String resourceArn) {
        identityGrants.add(principalArn + "|" + action + "|" + resourceArn);
        return this;
    }

    public PolicyModel removeIdentity(String principalArn, String action, String resourceArn) {
        identityGrants.remove(principalArn + "|" + action + "|" + resourceArn);
        return this;
    }

    /** A statement of the function's resource-based policy: Allow {@code principalArn} to {@code action}. */
    public PolicyModel allowResource(String principalArn, String action) {
        resourceGrants.add(principalArn + "|" + action);
        return this;
    }

    public PolicyModel removeResource(String principalArn, String action) {
        resourceGrants.remove(principalArn + "|" + action);
        return this;
    }

    boolean allows(String principalArn, String action, String functionArn) {
        return allowAll
                || identityGrants.contains(principalArn + "|" + action + "|" + functionArn)
                || resourceGrants.contains(principalArn + "|" + action);
    }
}
