package dev.capstan;

/**
 * Error classes shared by every layer, named as MLflow names them so that MLflow clients recognise them.
 * The mapping to HTTP status codes lives in exactly one place: the server's exception handler.
 */
public enum ErrorCode {
    INTERNAL_ERROR,
    TEMPORARILY_UNAVAILABLE,
    INVALID_PARAMETER_VALUE,
    BAD_REQUEST,
    INVALID_STATE,
    RESOURCE_DOES_NOT_EXIST,
    RESOURCE_ALREADY_EXISTS,
    ENDPOINT_NOT_FOUND,
    PERMISSION_DENIED,
    UNAUTHENTICATED,
    REQUEST_LIMIT_EXCEEDED,
    UNSUPPORTED_MEDIA_TYPE,
    NOT_IMPLEMENTED
}
