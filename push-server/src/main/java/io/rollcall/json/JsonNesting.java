package io.rollcall.json;

/**
 * Bounds how deeply a JSON document nests before it reaches a recursive parser: Gson and
 * protobuf's {@code JsonFormat} recurse per level, so a hostile body of a few kilobytes of
 * {@code [[[[...} would otherwise end in a {@link StackOverflowError} whose depth depends on the
 * thread's stack and the JIT. Our documents nest a handful of levels.
 */
public final class JsonNesting {
    /** Generous for every document rollcall reads; far below any stack limit. */
    public static final int MAX_DEPTH = 16;

    private JsonNesting() {}

    /** True when no object or array in {@code json} is nested deeper than {@code maxDepth}. */
    public static boolean within(CharSequence json, int maxDepth) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0, n = json.length(); i < n; i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > maxDepth) {
                    return false;
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return true;
    }
}
