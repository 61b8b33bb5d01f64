using Microsoft.AspNetCore.Http;
using ModelService.Core.Tenancy;

namespace ModelService.Functions.Middleware;

/// <summary>Where the middleware leaves the authenticated caller for the function it runs.</summary>
public static class CallerExtensions
{
    private static readonly object ItemKey = typeof(Caller);

    /// <summary>The caller of a function declared with <see cref="RequiresScopeAttribute"/>.</summary>
    public static Caller Caller(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Items.TryGetValue(ItemKey, out var caller) && caller is Caller known
            ? known
            : throw new InvalidOperationException("No caller: the function lacks [RequiresScope], or it ran outside the middleware.");
    }

    internal static void SetCaller(this HttpContext context, Caller caller) => context.Items[ItemKey] = caller;
}
