package io.github.sigv4gateway.testsupport;

/**
 * The two moto STS peers the credentials tests use: one that enforces authentication, with IAM users and their keys,
 * and one that accepts any caller, for what moto cannot authenticate once it enforces it (the temporary keys it
 * issues itself, unsigned AssumeRoleWithWebIdentity calls).
 */
public final class MotoPeers implements AutoCloseable {

    private final MotoServer enforcing;
    private final MotoIam enforcingIam;
    private final MotoServer open;
    private final MotoIam openIam;

    private MotoPeers(MotoServer enforcing, MotoServer open) {
        this.enforcing = enforcing;
        this.enforcingIam = new MotoIam(enforcing);
        this.open = open;
        this.openIam = new MotoIam(open);
    }

    public static MotoPeers start() {
        return new MotoPeers(MotoServer.start(true), MotoServer.start(false));
    }

    public MotoServer enforcing() {
        return enforcing;
    }

    public MotoIam enforcingIam() {
        return enforcingIam;
    }

    public MotoServer open() {
        return open;
    }

    public MotoIam openIam() {
        return openIam;
    }

    @Override
    public void close() {
        for (AutoCloseable peer : new AutoCloseable[] {enforcingIam, enforcing, openIam, open}) {
            try {
                peer.close();
            } catch (Exception e) {
                // Closing the others matters more than one that fails to close.
            }
        }
    }
}
