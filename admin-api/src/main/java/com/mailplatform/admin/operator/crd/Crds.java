package com.mailplatform.admin.operator.crd;

/** Names shared by the custom resources. */
public final class Crds {

    public static final String GROUP = "mail.mailplatform.com";
    public static final String VERSION = "v1alpha1";

    /** On MailDomain/MailAccount/MailAlias: removed only after the object is gone from mailbox-store. */
    public static final String STORE_FINALIZER = GROUP + "/mailbox-store";

    private Crds() {
    }
}
