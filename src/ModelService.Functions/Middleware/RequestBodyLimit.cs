namespace ModelService.Functions.Middleware;

/// <summary>Which configured limit bounds a route's request body; the middleware refuses more with 413 before the function runs.</summary>
public enum RequestBodyLimit
{
    /// <summary>Small JSON bodies (<see cref="RequestBodyLimits.SmallBytes"/>): every route that declares nothing else.</summary>
    Small,

    /// <summary><c>Inference:MaxRequestBytes</c>.</summary>
    Inference,

    /// <summary><c>Training:MaxDatasetBytes</c>.</summary>
    Dataset,
}
