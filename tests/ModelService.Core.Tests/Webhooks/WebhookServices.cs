using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core.Webhooks;

namespace ModelService.Core.Tests.Webhooks;

/// <summary>The webhook services as the app wires them (IHttpClientFactory, the connect-time check), with test names for DNS.</summary>
internal sealed class WebhookServices : IDisposable
{
    private readonly ServiceProvider _provider;

    public WebhookServices(bool allowPrivate, int timeoutSeconds = 5)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelService:Predictions:AllowPrivateWebhookTargets"] = allowPrivate ? "true" : "false",
            ["ModelService:Predictions:WebhookTimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        _provider = new ServiceCollection()
            .AddLogging()
            .AddPredictions(configuration)
            .AddSingleton<IWebhookHostResolver>(Hosts)
            .BuildServiceProvider();
    }

    public NamedHosts Hosts { get; } = new();

    public WebhookTargets Targets => _provider.GetRequiredService<WebhookTargets>();

    public WebhookSender Sender => _provider.GetRequiredService<WebhookSender>();

    public void Dispose() => _provider.Dispose();
}
