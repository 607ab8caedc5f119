package dev.gatehouse.common;

/** Thrown by services for an expected failure that the caller should see as a problem document. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final String rule;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, null);
    }

    public ProblemException(int status, String slug, String title, String detail, String rule) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.rule = rule;
    }

    /** A 400 that names the broken input rule. */
    public static ProblemException invalid(String rule, String detail) {
        return new ProblemException(400, "invalid-request", "Invalid request", detail, rule);
    }

    public Problem toProblem() {
        return new Problem(Problem.TYPE_PREFIX + slug, title, status, getMessage(), rule);
    }

    public int status() {
        return status;
    }

    public String rule() {
        return rule;
    }

    /** The problem's type slug (the last part of its {@code type} URI), e.g. {@code email-taken}. */
    public String slug() {
        return slug;
    }
}
