namespace ModelService.Core.Errors;

/// <summary>Machine-readable reason of a failure; adapters map each to one HTTP status or CLI exit code.</summary>
public enum ErrorCode
{
    /// <summary>The request is malformed or does not match the model (HTTP 400).</summary>
    InvalidRequest,

    /// <summary>The model name, version or alias is not in the registry's alphabet (HTTP 400).</summary>
    InvalidModelReference,

    /// <summary>No such model, version or alias (HTTP 404).</summary>
    ModelNotFound,

    /// <summary>The body, a tensor or the element count is over a configured limit (HTTP 413).</summary>
    PayloadTooLarge,

    /// <summary>The resource already exists or was changed concurrently (HTTP 409).</summary>
    Conflict,

    /// <summary>The uploaded file is not a model ONNX Runtime can load (HTTP 400).</summary>
    InvalidModel,

    /// <summary>The stored model failed its sha256 check; it is not served (HTTP 503).</summary>
    IntegrityCheckFailed,

    /// <summary>The model cannot be served right now (HTTP 503).</summary>
    ModelUnavailable,

    /// <summary>No such resource other than a model: a training job or dataset, or one of another tenant (HTTP 404).</summary>
    NotFound,

    /// <summary>No API key, or one that is unknown or revoked (HTTP 401).</summary>
    Unauthorized,

    /// <summary>The key is valid but lacks the scope the call needs (HTTP 403).</summary>
    Forbidden,

    /// <summary>The tenant is over its request rate; the error says when to retry (HTTP 429).</summary>
    RateLimited,

    /// <summary>The tenant has reached its monthly spend cap (HTTP 402).</summary>
    SpendCapReached,
}
