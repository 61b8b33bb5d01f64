using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelService.Core.Quotas;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;

namespace ModelService.Functions.Middleware;

/// <summary>
/// The cross-cutting work of every HTTP function, in order: a request id, the key and its scope, the rate, the
/// body limit; then the function, whose failures become error answers. Knows the HTTP context and the function's
/// declaration, not the worker, so the worker middleware and the tests run the same steps.
/// </summary>
public sealed class HttpFunctionPipeline
{
    private readonly ApiKeyAuthenticator _authenticator;
    private readonly TenantRateLimiter _rate;
    private readonly RequestBodyLimits _limits;
    private readonly ILogger<HttpFunctionPipeline> _logger;

    public HttpFunctionPipeline(ApiKeyAuthenticator authenticator, TenantRateLimiter rate, RequestBodyLimits limits, ILogger<HttpFunctionPipeline> logger)
    {
        _authenticator = authenticator;
        _rate = rate;
        _limits = limits;
        _logger = logger;
    }

    /// <summary>Runs <paramref name="function"/> unless a step refuses the call; returns the error answer, or null when the function answered.</summary>
    public async Task<ErrorResult?> RunAsync(HttpContext context, HttpFunctionDeclaration declaration, Func<Task> function)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(function);
        var requestId = RequestIds.Assign(context);

        // Every line logged while the call runs, in Core too, carries the id the client sees.
        using var logScope = _logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId });
        try
        {
            if (declaration.IsUndeclared)
            {
                throw new InvalidOperationException($"{context.Request.Path} declares neither [RequiresScope] nor [PublicRoute].");
            }

            if (declaration.Scope is { } scope)
            {
                var caller = await _authenticator.AuthenticateAsync(ApiKeyHeader.Read(context.Request), scope, context.RequestAborted);
                Admit(caller, declaration.Rate);
                context.SetCaller(caller);
            }

            RequestBodyReader.Limit(context.Request, _limits.BytesOf(declaration.BodyLimit));
            await function();
            return null;
        }
        catch (Exception exception)
        {
            return HttpErrors.From(exception, context, _logger);
        }
    }

    private void Admit(Caller caller, RouteRate rate)
    {
        switch (rate)
        {
            case RouteRate.Calls:
                _rate.Admit(caller);
                break;
            case RouteRate.Reads:
                _rate.AdmitRead(caller);
                break;
            case RouteRate.Metered:
                break;
        }
    }
}
