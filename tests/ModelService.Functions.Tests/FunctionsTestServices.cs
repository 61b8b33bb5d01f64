using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelService.Core;
using ModelService.Core.Billing;
using ModelService.Core.Storage;
using ModelService.Core.Tenancy;
using ModelService.Functions.Hosting;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;
using ModelService.Testing;

namespace ModelService.Functions.Tests;

/// <summary>The function classes over the real Core services, Azurite and ONNX Runtime; requests built in memory.</summary>
public sealed class FunctionsTestServices : IDisposable
{
    private readonly ServiceProvider _provider;
    private readonly TemporaryDirectory _disk = new();

    public FunctionsTestServices(AzuriteFixture azurite, long maxRequestBytes = 1 << 20, CapturedLogs? logs = null)
    {
        ContainerName = TestNames.Container("models");
        TenantId = TestNames.Tenant();
        UsageQueue = TestNames.Container("usage");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ModelService:Storage:ConnectionString"] = azurite.ConnectionString,
                ["ModelService:Registry:ContainerName"] = ContainerName,
                ["ModelService:Cache:DiskPath"] = _disk.Path,
                ["ModelService:Inference:MaxRequestBytes"] = maxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ModelService:Tenancy:TenantsTable"] = TestNames.Table("tenants"),
                ["ModelService:Tenancy:KeysTable"] = TestNames.Table("keys"),
                ["ModelService:Billing:UsageTable"] = TestNames.Table("usage"),
                ["ModelService:Billing:UsageQueue"] = UsageQueue,
                ["ModelService:Billing:UsageParkedContainer"] = TestNames.Container("parked"),

                // These tests read the usage queue as soon as a call is answered, which group commit guarantees; the
                // asynchronous default is covered by UsageBufferTests and, through the real host, the end-to-end tests.
                ["ModelService:Billing:UsageDurability"] = "GroupCommit",

                // A power model whose arithmetic the usage tests check: 10 W × 1.5 PUE, 360 g/kWh.
                ["ModelService:Energy:WattsPerCore"] = "10",
                ["ModelService:Energy:Pue"] = "1.5",
                ["ModelService:Energy:GridGramsCo2ePerKwh"] = "360",

                // The spend cap reads the totals on every call, so a test sees it take effect at once.
                ["ModelService:Quotas:SpendCacheSeconds"] = "0",
            })
            .Build();
        _provider = new ServiceCollection()
            .AddLogging(logging =>
            {
                if (logs is not null)
                {
                    logging.AddProvider(logs);
                }
            })
            .AddModelServiceFunctions(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public string ContainerName { get; }

    /// <summary>The usage queue of this test's own (the function app's is usage-events).</summary>
    public string UsageQueue { get; }

    /// <summary>The tenant the requests' key belongs to.</summary>
    public string TenantId { get; }

    /// <summary>A key with every scope for <see cref="TenantId"/>, made by <see cref="CreateTenantAsync"/>.</summary>
    public string Key { get; private set; } = string.Empty;

    public async Task CreateTenantAsync(double? requestsPerSecond = null)
    {
        var store = Get<TenantStore>();
        await store.CreateTenantAsync(TenantId, "Functions tests", requestsPerSecond, null, CancellationToken.None);
        Key = (await store.CreateKeyAsync(TenantId, ApiKeyScopes.All, CancellationToken.None)).Secret;
    }

    /// <summary>Takes every usage message off the test's queue (what the ledger trigger would receive), as sent.</summary>
    public async Task<IReadOnlyList<string>> TakeUsageMessagesAsync()
    {
        var queue = Get<StorageClientFactory>().CreateQueueServiceClient().GetQueueClient(UsageQueue);
        await queue.CreateIfNotExistsAsync();
        var messages = new List<string>();
        for (var round = 0; round < 100; round++)
        {
            var received = (await queue.ReceiveMessagesAsync(32)).Value;
            if (received.Length == 0)
            {
                break;
            }

            foreach (var message in received)
            {
                messages.Add(message.MessageText);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        return messages;
    }

    /// <summary>The usage events on the test's queue, taken off it.</summary>
    public async Task<IReadOnlyList<UsageEvent>> TakeUsageAsync() =>
        [.. (await TakeUsageMessagesAsync()).SelectMany(UsageBatchJson.Parse)];

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(_provider);

    /// <summary>
    /// Calls an HTTP function as the worker does: through <see cref="HttpFunctionPipeline"/> with the function's own
    /// declaration (key, scope, rate, body limit, request id, errors), its arguments evaluated once. A refusal is the
    /// result, as the middleware sets it.
    /// </summary>
    public async Task<T> CallAsync<T>(Expression<Func<Task<T>>> call)
    {
        var (method, target, arguments, request) = Bind(call);
        return await RunAsync<T>(method, request, async () => await (Task<T>)Invoke(method, target, arguments)!);
    }

    /// <summary><see cref="CallAsync{T}"/> for a function that answers synchronously.</summary>
    public Task<T> CallSyncAsync<T>(Expression<Func<T>> call)
    {
        var (method, target, arguments, request) = Bind(call);
        return RunAsync<T>(method, request, () => Task.FromResult((T)Invoke(method, target, arguments)!));
    }

    private async Task<T> RunAsync<T>(MethodInfo method, HttpRequest request, Func<Task<T>> function)
    {
        T? result = default;
        var error = await Get<HttpFunctionPipeline>().RunAsync(request.HttpContext, HttpFunctionDeclaration.Of(method), async () => result = await function());
        return error switch
        {
            null => result!,
            _ => (T)(object)error,
        };
    }

    private static (MethodInfo Method, object? Target, object?[] Arguments, HttpRequest Request) Bind(LambdaExpression call)
    {
        var body = Assert.IsAssignableFrom<MethodCallExpression>(call.Body);
        var target = body.Object is null ? null : Evaluate(body.Object);
        var arguments = body.Arguments.Select(Evaluate).ToArray();
        return (body.Method, target, arguments, arguments.OfType<HttpRequest>().Single());
    }

    private static object? Evaluate(Expression expression) => Expression.Lambda(expression).Compile().DynamicInvoke();

    private static object? Invoke(MethodInfo method, object? target, object?[] arguments) =>
        method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, arguments, null);

    public HttpRequest GetRequest() => Request("GET", null);

    public HttpRequest PostRequest(string json) => Request("POST", Encoding.UTF8.GetBytes(json));

    public HttpRequest Request(string method, byte[]? body, bool chunked = false) => Unauthenticated(method, body, chunked, $"Bearer {Key}");

    public static HttpRequest Unauthenticated(string method, byte[]? body, bool chunked = false, string? authorization = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = chunked ? null : body.Length;
            context.Request.ContentType = "application/json";
        }

        return context.Request;
    }

    public void Dispose()
    {
        _provider.Dispose();
        _disk.Dispose();
    }
}
