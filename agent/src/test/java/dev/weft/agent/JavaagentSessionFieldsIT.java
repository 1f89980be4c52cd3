package dev.weft.agent;

/** The session field checks in a JVM started with the packaged agent jar as {@code -javaagent}. */
class JavaagentSessionFieldsIT extends SessionFieldChecks {

    @Override
    int firstPort() {
        return 5711;
    }
}
