package org.deepseaguard.hub.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The errors Spring MVC answers before a request reaches an API route (an unknown path 404, a
 * method the path does not take 405, an unsupported media type 415, ...) in the API's own
 * problem+json form: {@code type} {@code urn:deepseaguard:problem:<kind>} and an {@code errors}
 * list (empty: no field is at fault), as DESIGN section 6 asks of every error.
 */
@RestControllerAdvice
public class FrameworkProblems extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
                                                          HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.resolve(statusCode.value());
        String name = status == null ? "error" : status.name().toLowerCase(Locale.ROOT);
        String title = Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('_', ' ');
        String detail = body instanceof ProblemDetail problem ? problem.getDetail() : null;
        HttpServletRequest servletRequest = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        String instance = servletRequest == null ? null : servletRequest.getRequestURI();
        HttpHeaders answerHeaders = new HttpHeaders();
        answerHeaders.putAll(headers);
        answerHeaders.setContentType(MediaType.parseMediaType(Problem.MEDIA_TYPE));
        return new ResponseEntity<>(Problem.of(statusCode.value(), name.replace('_', '-'), title, detail, instance,
                List.of()), answerHeaders, statusCode);
    }
}
