package com.mailplatform.gateway.read;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.MessageMeta;
import java.util.List;

/** One message as FetchMessages gave it: its metadata (when asked) and its sections, in the order asked. */
public record Fetched(long uid, MessageMeta meta, List<ByteString> sections) {
}
