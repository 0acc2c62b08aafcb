package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.deepseaguard.core.model.FieldError;

/** Writes a {@link Problem} straight to the servlet response (for the filters, before Camel). */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, ObjectMapper json, int status,
                      String kind, String title, String detail, List<FieldError> errors) throws IOException {
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE);
        json.writeValue(response.getOutputStream(), Problem.of(status, kind, title, detail, request.getRequestURI(), errors));
    }
}
