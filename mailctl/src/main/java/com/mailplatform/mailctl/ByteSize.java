package com.mailplatform.mailctl;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Sizes as operators write them in Dovecot's quota rules and Postfix's limits: {@code 52428800}, {@code 50M},
 * {@code 2G}, {@code 512k}, {@code 1.5G}; K, M, G, T are powers of 1024 (with or without a trailing {@code B} or
 * {@code iB}).
 */
final class ByteSize implements ITypeConverter<Long> {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,19}(?:\\.\\d{1,6})?)\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String value) {
        Matcher m = SIZE.matcher(value == null ? "" : value.strip());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a size (bytes, or a number with K, M, G or T, e.g. 50M)");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        java.math.BigDecimal bytes = new java.math.BigDecimal(m.group(1)).multiply(java.math.BigDecimal.valueOf(1L << shift));
        if (bytes.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new TypeConversionException("'" + value + "' is too large");
        }
        if (bytes.stripTrailingZeros().scale() > 0) {
            throw new TypeConversionException("'" + value + "' is not a whole number of bytes");
        }
        return bytes.longValueExact();
    }
}
