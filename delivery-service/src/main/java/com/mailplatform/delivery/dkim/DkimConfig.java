package com.mailplatform.delivery.dkim;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** DKIM signing of remote mail (RFC 6376, RFC 8463); opendkim's names where it has one. */
@ConfigMapping(prefix = "delivery.dkim")
public interface DkimConfig {

    /** Whether remote mail of domains with active keys is signed (opendkim's Mode s). */
    @WithDefault("true")
    boolean signing();

    /** How long a domain's keys (or their absence) are remembered; a rotation takes effect within this time. */
    @WithDefault("60s")
    Duration keyCacheTime();

    /**
     * Header fields signed when present (opendkim's SignHeaders), each instance of them; From is always signed
     * (RFC 6376 section 5.4).
     */
    @WithDefault("from,to,cc,subject,date,message-id,reply-to,mime-version,content-type,content-transfer-encoding,in-reply-to,references")
    List<String> signHeaders();

    /**
     * Header fields listed once more than they occur (opendkim's OversignHeaders), so a verifier fails a message
     * to which one was added in transit (RFC 6376 section 8.15).
     */
    @WithDefault("from")
    List<String> oversignHeaders();
}
