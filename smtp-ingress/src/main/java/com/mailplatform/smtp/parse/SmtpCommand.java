package com.mailplatform.smtp.parse;

/** One command line: the verb in upper case and the rest of the line as sent. */
public record SmtpCommand(String verb, String argument) {
}
