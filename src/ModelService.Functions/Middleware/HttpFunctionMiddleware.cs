using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;

namespace ModelService.Functions.Middleware;

/// <summary>
/// Runs every HTTP-triggered function through <see cref="HttpFunctionPipeline"/> and puts a refusal or failure where
/// the ASP.NET Core integration reads the answer: the HTTP output binding of a multi-output return type (a property
/// marked <c>[HttpResult]</c>), else the invocation result. Other triggers pass through.
/// </summary>
public sealed class HttpFunctionMiddleware : IFunctionsWorkerMiddleware
{
    public const string CallerItem = nameof(Caller);
    private const string HttpBindingType = "http";
    private const string ReturnBindingName = "$return";

    private readonly HttpFunctionPipeline _pipeline;
    private readonly HttpFunctionDeclarations _declarations;

    public HttpFunctionMiddleware(HttpFunctionPipeline pipeline, HttpFunctionDeclarations declarations)
    {
        _pipeline = pipeline;
        _declarations = declarations;
    }

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        var error = await _pipeline.RunAsync(http, _declarations.For(context.FunctionDefinition), () =>
        {
            if (http.Items.TryGetValue(typeof(Caller), out var caller))
            {
                context.Items[CallerItem] = caller!;
            }

            return next(context);
        });
        if (error is not null)
        {
            SetHttpResult(context, error);
        }
    }

    private static void SetHttpResult(FunctionContext context, ErrorResult error)
    {
        var output = context.GetOutputBindings<object>()
            .FirstOrDefault(binding => string.Equals(binding.BindingType, HttpBindingType, StringComparison.OrdinalIgnoreCase)
                                       && !string.Equals(binding.Name, ReturnBindingName, StringComparison.Ordinal));
        if (output is null)
        {
            context.GetInvocationResult().Value = error;
            return;
        }

        // A multi-output function: the answer is its HTTP property's binding; its other outputs stay unset.
        output.Value = error;
        context.GetInvocationResult().Value = null;
    }
}
