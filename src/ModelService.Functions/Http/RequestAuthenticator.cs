using Microsoft.AspNetCore.Http;
using ModelService.Core.Tenancy;

namespace ModelService.Functions.Http;

/// <summary>The key of an HTTP request, checked for the one scope the route needs.</summary>
public sealed class RequestAuthenticator
{
    private readonly ApiKeyAuthenticator _authenticator;

    public RequestAuthenticator(ApiKeyAuthenticator authenticator)
    {
        _authenticator = authenticator;
    }

    public Task<Caller> AuthenticateAsync(HttpRequest request, ApiKeyScopes scope, CancellationToken cancellationToken) =>
        _authenticator.AuthenticateAsync(ApiKeyHeader.Read(request), scope, cancellationToken);
}
