package com.mailplatform.common.config;

/**
 * One setting as {@code config show} prints it: its name, its value (secrets redacted), where the value comes from,
 * whether an operator changed it from the default built into the service (what {@code postconf -n} lists), and that
 * default (as written, e.g. {@code ${MAIL_DB_USER:mail}}; null when the service has none).
 */
public record Setting(String name, String value, String source, boolean changed, String defaultValue) {
}
