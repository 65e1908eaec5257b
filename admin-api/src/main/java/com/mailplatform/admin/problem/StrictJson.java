package com.mailplatform.admin.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Request bodies with a key given twice are refused (400) instead of letting one of them silently win: which one
 * wins differs between parsers, so an audit entry could show another value than the one applied (RFC 8259
 * section 4 leaves duplicate names' meaning open). Jackson then fails with a parse error, which
 * {@link ProblemMappers} turns into a problem.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
    }
}
