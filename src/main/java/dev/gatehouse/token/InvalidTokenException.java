package dev.gatehouse.token;

/** A bearer token that does not verify. The reason is for logs at debug level, never for the client. */
public class InvalidTokenException extends Exception {

    public InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}
