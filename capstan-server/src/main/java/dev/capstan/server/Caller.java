package dev.capstan.server;

/**
 * Who sent a request, resolved once per request by the identity filter. Today every caller is anonymous; access
 * control will plug in at that filter and read this record, nowhere else.
 */
public record Caller(String name, boolean authenticated) {

    public static final Caller ANONYMOUS = new Caller("anonymous", false);

    /** The key under which the filter stores the caller in the request context. */
    public static final String CONTEXT_KEY = "capstan.caller";
}
