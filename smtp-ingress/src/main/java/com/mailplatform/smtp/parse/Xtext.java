package com.mailplatform.smtp.parse;

/** RFC 3461 section 4: xtext, the encoding of ENVID and ORCPT values ("+" followed by two upper-case hex digits). */
public final class Xtext {

    private Xtext() {
    }

    public static String decode(String xtext) throws SyntaxException {
        StringBuilder sb = new StringBuilder(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                String hex = xtext.substring(i + 1, Math.min(i + 3, xtext.length()));
                if (hex.length() != 2 || !hex.matches("[0-9A-F]{2}")) {
                    throw new SyntaxException("501 5.5.4 Error: bad xtext");
                }
                sb.append((char) Integer.parseInt(hex, 16));
                i += 2;
            } else if (c < 33 || c > 126 || c == '=') {
                throw new SyntaxException("501 5.5.4 Error: bad xtext");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
