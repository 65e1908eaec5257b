package com.mailplatform.smtp.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class XtextTest {

    @Test
    void xtextDecodesAndRefusesBadInput() throws Exception {
        assertEquals("a+b=c", Xtext.decode("a+2Bb+3Dc"));
        assertThrows(SyntaxException.class, () -> Xtext.decode("a+2"));
        assertThrows(SyntaxException.class, () -> Xtext.decode("a+zz"));
        assertThrows(SyntaxException.class, () -> Xtext.decode("a=b"));
        assertThrows(SyntaxException.class, () -> Xtext.decode("a b"));
    }
}
