using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using ModelService.Core.Tenancy;
using ModelService.Functions.Health;
using ModelService.Functions.Inference;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Tests;

/// <summary>Every HTTP function says who may call it; the middleware reads that from the compiled function's method.</summary>
public sealed class HttpFunctionDeclarationTests
{
    private static readonly MethodInfo[] HttpFunctions =
    [
        .. typeof(HealthFunctions).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(method => method.GetCustomAttribute<FunctionAttribute>() is not null
                             && method.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null)),
    ];

    [Fact]
    public void Every_http_function_declares_a_scope_or_is_public_and_only_health_is_public()
    {
        Assert.True(HttpFunctions.Length >= 17, $"Found only {HttpFunctions.Length} HTTP functions.");
        Assert.All(HttpFunctions, method => Assert.False(HttpFunctionDeclaration.Of(method).IsUndeclared, $"{method.DeclaringType!.Name}.{method.Name} declares neither."));
        var open = HttpFunctions.Where(method => HttpFunctionDeclaration.Of(method).IsPublic).Select(method => method.GetCustomAttribute<FunctionAttribute>()!.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["ServerLive", "ServerReady"], open);
    }

    [Fact]
    public void The_declaration_is_found_from_the_worker_entry_point()
    {
        var infer = HttpFunctionDeclarations.Read(typeof(InferFunctions).FullName + "." + nameof(InferFunctions.Infer));
        var live = HttpFunctionDeclarations.Read(typeof(HealthFunctions).FullName + "." + nameof(HealthFunctions.Live));

        Assert.Equal(new HttpFunctionDeclaration(false, ApiKeyScopes.Infer, RouteRate.Metered, RequestBodyLimit.Inference), infer);
        Assert.True(live.IsPublic);
        Assert.True(HttpFunctionDeclarations.Read("ModelService.Functions.NoSuchType.Run").IsUndeclared);
        Assert.True(HttpFunctionDeclarations.Read("nodots").IsUndeclared);
    }

    [Theory]
    [InlineData("client-42.a:b_c", null, "client-42.a:b_c")]
    [InlineData("client-42", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "client-42")]
    [InlineData(null, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData("has space", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "4bf92f3577b34da6a3ce929d0e0e4736")]
    public void A_request_id_is_the_clients_token_else_the_trace_id(string? requestId, string? traceParent, string expected)
    {
        Assert.Equal(expected, RequestIds.Choose(requestId, traceParent));
    }

    [Theory]
    [InlineData("x\r\nSet-Cookie: a=b", null)]
    [InlineData(null, "00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    [InlineData(null, "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData(null, "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")]
    [InlineData(null, "00-4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData("", "")]
    public void Without_a_usable_id_a_new_one_is_made(string? requestId, string? traceParent)
    {
        var first = RequestIds.Choose(requestId, traceParent);
        var second = RequestIds.Choose(requestId, traceParent);

        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.NotEqual(first, second);
        Assert.DoesNotContain("4bf92f3577b34da6a3ce929d0e0e4736", first, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_overlong_request_id_is_not_echoed()
    {
        Assert.Equal(new string('a', RequestIds.MaxLength), RequestIds.Choose(new string('a', RequestIds.MaxLength), null));
        Assert.Matches("^[0-9a-f]{32}$", RequestIds.Choose(new string('a', RequestIds.MaxLength + 1), null));
    }
}
