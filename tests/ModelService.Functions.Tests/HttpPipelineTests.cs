using System.Text.Json;
using ModelService.Core.Registry;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;
using ModelService.Functions.Inference;
using ModelService.Functions.Middleware;
using ModelService.Testing;

namespace ModelService.Functions.Tests;

/// <summary>What the middleware does around every HTTP function: closed by default, body limits first, a rate on every authenticated route.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HttpPipelineTests : IAsyncLifetime
{
    private readonly CapturedLogs _logs = new();
    private readonly FunctionsTestServices _services;

    public HttpPipelineTests(AzuriteFixture azurite)
    {
        _services = new FunctionsTestServices(azurite, logs: _logs);
    }

    [Fact]
    public async Task An_undeclared_function_is_never_run_and_answers_500_with_only_the_request_id()
    {
        var ran = false;
        var request = _services.GetRequest();

        var error = await _services.Get<HttpFunctionPipeline>().RunAsync(request.HttpContext, new HttpFunctionDeclaration(false, null, RouteRate.Calls, RequestBodyLimit.Small), () =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.False(ran);
        var body = ResultAssert.Json(Assert.IsType<ErrorResult>(error), 500);
        var requestId = request.HttpContext.Response.Headers[RequestIds.Header].ToString();
        Assert.Equal(("InternalError", requestId), (body.GetProperty("code").GetString(), body.GetProperty("requestId").GetString()));
        Assert.Equal($"Internal error; quote request id {requestId}.", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_declared_body_over_the_routes_limit_is_413_before_the_function_runs()
    {
        var ran = false;
        var request = _services.Request("POST", new byte[RequestBodyLimits.SmallBytes + 1]);

        var error = await _services.Get<HttpFunctionPipeline>().RunAsync(request.HttpContext, new HttpFunctionDeclaration(false, ApiKeyScopes.Train, RouteRate.Calls, RequestBodyLimit.Small), () =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.False(ran);
        ResultAssert.Error(Assert.IsType<ErrorResult>(error), 413, RequestBodyLimits.SmallBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, request.Body.Position);
    }

    [Fact]
    public async Task Reads_and_calls_spend_separate_buckets_and_both_are_limited()
    {
        // 0.1 requests per second: one call token per 10 s, one read token per 2 s (ReadRateMultiplier 5).
        var store = _services.Get<TenantStore>();
        var tenant = TestNames.Tenant("slow");
        await store.CreateTenantAsync(tenant, "Slow", 0.1, null, CancellationToken.None);
        var key = (await store.CreateKeyAsync(tenant, ApiKeyScopes.Infer, CancellationToken.None)).Secret;
        var name = await PublishAsync();
        var metadata = _services.Create<ModelMetadataFunctions>();

        var ready = await _services.CallAsync(() => metadata.Ready(Keyed(key), name));
        var readyAgain = await _services.CallAsync(() => metadata.Ready(Keyed(key), name));
        var read = await _services.CallAsync(() => metadata.Metadata(Keyed(key), name));
        var readAgain = await _services.CallAsync(() => metadata.Metadata(Keyed(key), name));

        ResultAssert.Json(ready, 200);
        ResultAssert.Error(readyAgain, 429, "over its rate");
        ResultAssert.Json(read, 200);
        ResultAssert.Error(readAgain, 429, "over its read rate");
        Assert.Equal("RateLimited", ResultAssert.Json(readAgain, 429).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_metered_call_that_fails_after_admission_answers_the_error_with_its_request_id_and_keeps_its_usage_event()
    {
        var name = await PublishAsync();
        var request = _services.PostRequest("""{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""");
        request.Headers[RequestIds.Header] = "metered-1";
        var infer = _services.Create<InferFunctions>();

        var response = await _services.CallAsync(() => infer.Infer(request, name));

        var body = ResultAssert.Json(response, 400);
        Assert.Equal(("InvalidRequest", "metered-1"), (body.GetProperty("code").GetString(), body.GetProperty("requestId").GetString()));
        Assert.Equal("metered-1", request.HttpContext.Response.Headers[RequestIds.Header].ToString());
        var usage = Assert.Single(await _services.TakeUsageAsync());
        Assert.Equal((Core.Billing.UsageStatus.Failed, 0L), (usage.Status, usage.AmountMicros));
    }

    [Fact]
    public async Task Every_line_logged_during_a_call_carries_its_request_id_and_the_failure_is_logged_once_with_it()
    {
        var request = _services.GetRequest();
        request.Headers[RequestIds.Header] = "logged-1";
        var metadata = _services.Create<ModelMetadataFunctions>();

        var response = await _services.CallAsync(() => metadata.Metadata(request, "no-such-model"));

        ResultAssert.Error(response, 404, "no-such-model");
        var failure = Assert.Single(_logs.Lines, line => line.Message.Contains("failed: ModelNotFound", StringComparison.Ordinal));
        Assert.Contains("logged-1", failure.Message, StringComparison.Ordinal);
        Assert.All(_logs.Lines.Where(line => line.Category.StartsWith("ModelService", StringComparison.Ordinal)), line => Assert.Equal("logged-1", line.Scope.GetValueOrDefault("RequestId")));
    }

    public Task InitializeAsync() => _services.CreateTenantAsync();

    public Task DisposeAsync()
    {
        _services.Dispose();
        return Task.CompletedTask;
    }

    private static Microsoft.AspNetCore.Http.HttpRequest Keyed(string key) => FunctionsTestServices.Unauthenticated("GET", null, false, $"Bearer {key}");

    private async Task<string> PublishAsync()
    {
        var name = TestNames.Model("pipe");
        var file = TestModels.WriteTemporary(TestModels.AddBias(3, 1f));
        try
        {
            await _services.Get<IModelRegistry>().PublishAsync(new ModelPublication { Name = name }, file, null, CancellationToken.None);
            return name;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
