package com.mailplatform.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresPartTest {

    @Test
    void postmasterOptsGiveTheBinaryAndEveryQuotedArgument() {
        String opts = "/tmp/embedded-pg/PG-1/bin/postgres \"-D\" \"/data/my dir/postgres\" \"-p\" \"25432\" \"-F\" \"-c\""
                + " \"listen_addresses=127.0.0.1\" \"-c\" \"fsync=on\"\n";
        assertEquals(List.of("/tmp/embedded-pg/PG-1/bin/postgres", "-D", "/data/my dir/postgres", "-p", "25432", "-F", "-c",
                "listen_addresses=127.0.0.1", "-c", "fsync=on"), PostgresPart.parseOpts(opts));
    }
}
