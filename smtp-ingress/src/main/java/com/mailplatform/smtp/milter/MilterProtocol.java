package com.mailplatform.smtp.milter;

/**
 * Codes and flags of the Sendmail milter protocol, version 6 (libmilter's mfdef.h, as Postfix's milter8.c uses
 * them). There is no RFC; mfdef.h is the reference.
 */
public final class MilterProtocol {

    private MilterProtocol() {
    }

    public static final int VERSION = 6;
    /** Postfix refuses packets above this size from a milter; so do we. */
    public static final int MAX_PACKET = 1024 * 1024;
    /** The largest body chunk a milter must accept (MILTER_CHUNK_SIZE). */
    public static final int BODY_CHUNK = 65535;

    // MTA -> milter commands (SMFIC_*)
    public static final char ABORT = 'A';
    public static final char BODY = 'B';
    public static final char CONNECT = 'C';
    public static final char MACRO = 'D';
    public static final char BODYEOB = 'E';
    public static final char HELO = 'H';
    public static final char HEADER = 'L';
    public static final char MAIL = 'M';
    public static final char EOH = 'N';
    public static final char OPTNEG = 'O';
    public static final char QUIT = 'Q';
    public static final char RCPT = 'R';
    public static final char DATA = 'T';

    // milter -> MTA replies (SMFIR_*)
    public static final char ADDRCPT = '+';
    public static final char DELRCPT = '-';
    public static final char ADDRCPT_PAR = '2';
    public static final char ACCEPT = 'a';
    public static final char REPLBODY = 'b';
    public static final char CONTINUE = 'c';
    public static final char DISCARD = 'd';
    public static final char CHGFROM = 'e';
    public static final char ADDHEADER = 'h';
    public static final char INSHEADER = 'i';
    public static final char CHGHEADER = 'm';
    public static final char PROGRESS = 'p';
    public static final char QUARANTINE = 'q';
    public static final char REJECT = 'r';
    public static final char SKIP = 's';
    public static final char TEMPFAIL = 't';
    public static final char REPLYCODE = 'y';

    // SMFIF_* actions we allow: add/change headers, change body, add/delete recipients, quarantine, setsymlist.
    public static final int ACTIONS = 0x01 | 0x02 | 0x04 | 0x08 | 0x10 | 0x20 | 0x80 | 0x100;

    // SMFIP_* protocol flags: the milter may ask us to leave out a stage or not to wait for its reply.
    public static final int NOCONNECT = 0x1;
    public static final int NOHELO = 0x2;
    public static final int NOMAIL = 0x4;
    public static final int NORCPT = 0x8;
    public static final int NOBODY = 0x10;
    public static final int NOHDRS = 0x20;
    public static final int NOEOH = 0x40;
    public static final int NR_HDR = 0x80;
    public static final int NODATA = 0x200;
    public static final int SKIP_OK = 0x400;
    public static final int NR_CONN = 0x1000;
    public static final int NR_HELO = 0x2000;
    public static final int NR_MAIL = 0x4000;
    public static final int NR_RCPT = 0x8000;
    public static final int NR_DATA = 0x10000;
    public static final int NR_EOH = 0x40000;
    public static final int NR_BODY = 0x80000;
    public static final int HDR_LEADSPC = 0x100000;
    /** Every flag we honour (no SMFIP_RCPT_REJ, no unknown-command stage, no HDR_LEADSPC). */
    public static final int PROTOCOL = NOCONNECT | NOHELO | NOMAIL | NORCPT | NOBODY | NOHDRS | NOEOH | NR_HDR
            | NODATA | SKIP_OK | NR_CONN | NR_HELO | NR_MAIL | NR_RCPT | NR_DATA | NR_EOH | NR_BODY | 0x100 | 0x20000;
}
