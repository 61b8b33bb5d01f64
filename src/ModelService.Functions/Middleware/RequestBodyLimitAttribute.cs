namespace ModelService.Functions.Middleware;

/// <summary>Declares on an HTTP function which limit bounds its request body (default <see cref="RequestBodyLimit.Small"/>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RequestBodyLimitAttribute : Attribute
{
    public RequestBodyLimitAttribute(RequestBodyLimit limit)
    {
        Limit = limit;
    }

    public RequestBodyLimit Limit { get; }
}
