package com.mailplatform.localstack;

import java.util.concurrent.TimeUnit;

/** One process of the local stack that {@link Supervised} keeps running: how to start it and how to probe it. */
interface Part {

    String name();

    /** The command that starts it; called before every start, so it may prepare things (directories, a cluster). */
    ProcessBuilder command() throws Exception;

    /** One quick probe (a few seconds at most): true when the part serves its clients. */
    boolean healthy();

    /** A deliberate stop: SIGTERM, and SIGKILL if it has not ended after 20 s. */
    default void stop(Process process) throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
