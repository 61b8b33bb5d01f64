using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core;
using ModelService.Testing;

namespace ModelService.Functions.Tests;

/// <summary>The function classes over the real Core services, Azurite and ONNX Runtime; requests built in memory.</summary>
public sealed class FunctionsTestServices : IDisposable
{
    private readonly ServiceProvider _provider;
    private readonly TemporaryDirectory _disk = new();

    public FunctionsTestServices(AzuriteFixture azurite, long maxRequestBytes = 1 << 20)
    {
        ContainerName = TestNames.Container("models");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ModelService:Storage:ConnectionString"] = azurite.ConnectionString,
                ["ModelService:Registry:ContainerName"] = ContainerName,
                ["ModelService:Cache:DiskPath"] = _disk.Path,
                ["ModelService:Inference:MaxRequestBytes"] = maxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .Build();
        _provider = new ServiceCollection().AddLogging().AddModelServing(configuration).BuildServiceProvider();
    }

    public string ContainerName { get; }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(_provider);

    public static HttpRequest Get() => Request("GET", null);

    public static HttpRequest Post(string json) => Request("POST", Encoding.UTF8.GetBytes(json));

    public static HttpRequest Request(string method, byte[]? body, bool chunked = false)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
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
