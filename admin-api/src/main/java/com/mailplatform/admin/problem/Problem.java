package com.mailplatform.admin.problem;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail. {@code type} is a URN per kind of problem so clients can branch on it
 * without parsing {@code detail}, which is meant for humans.
 */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);
    private static final String TYPE_PREFIX = "urn:mailplatform:problem:";

    public static Problem of(String kind, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + kind, title, status, detail);
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA).entity(this);
    }
}
