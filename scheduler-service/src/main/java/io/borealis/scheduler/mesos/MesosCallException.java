package io.borealis.scheduler.mesos;

import java.io.IOException;

/** The master refused a call (any status but 200/202 after redirects and retries). */
public class MesosCallException extends IOException {

    private final int status;

    public MesosCallException(String call, int status, String body) {
        super(call + " refused by the Mesos master: HTTP " + status + (body == null || body.isBlank() ? "" : ": " + body.strip()));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
