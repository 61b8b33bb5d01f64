using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace ModelService.Core.Storage;

/// <summary>The one place storage clients are made: from a connection string, or endpoints plus an identity.</summary>
public sealed class StorageClientFactory
{
    private readonly StorageOptions _options;
    private readonly Lazy<TokenCredential> _credential;
    private readonly IReadOnlyList<HttpPipelinePolicy> _policies;

    /// <param name="options">Where storage is and how to reach it.</param>
    /// <param name="policies">Extra pipeline policies registered in DI, added to every client: tests inject faults with them.</param>
    public StorageClientFactory(IOptions<StorageOptions> options, IEnumerable<HttpPipelinePolicy> policies)
    {
        _options = options.Value;
        _credential = new Lazy<TokenCredential>(CreateCredential);
        _policies = [.. policies];
    }

    public BlobServiceClient CreateBlobServiceClient() =>
        string.IsNullOrWhiteSpace(_options.ConnectionString)
            ? new BlobServiceClient(_options.BlobServiceUri, _credential.Value, Configure(new BlobClientOptions()))
            : new BlobServiceClient(_options.ConnectionString, Configure(new BlobClientOptions()));

    public TableServiceClient CreateTableServiceClient() =>
        string.IsNullOrWhiteSpace(_options.ConnectionString)
            ? new TableServiceClient(_options.TableServiceUri ?? Sibling("table"), _credential.Value, Configure(new TableClientOptions()))
            : new TableServiceClient(_options.ConnectionString, Configure(new TableClientOptions()));

    /// <summary>
    /// Queues as the Functions queue extension reads them: messages base64-encoded (host.json's default
    /// messageEncoding).
    /// </summary>
    public QueueServiceClient CreateQueueServiceClient()
    {
        var options = Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        return string.IsNullOrWhiteSpace(_options.ConnectionString)
            ? new QueueServiceClient(_options.QueueServiceUri ?? Sibling("queue"), _credential.Value, options)
            : new QueueServiceClient(_options.ConnectionString, options);
    }

    /// <summary>In Azure the table endpoint sits beside the blob one: https://{account}.table.core.windows.net.</summary>
    private Uri Sibling(string service) =>
        new(_options.BlobServiceUri!.ToString().Replace(".blob.", $".{service}.", StringComparison.OrdinalIgnoreCase));

    private T Configure<T>(T clientOptions)
        where T : ClientOptions
    {
        clientOptions.Retry.MaxRetries = _options.MaxRetries;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(_options.NetworkTimeoutSeconds);
        foreach (var policy in _policies)
        {
            clientOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        return clientOptions;
    }

    private TokenCredential CreateCredential() =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(_options.ManagedIdentityClientId) ? null : _options.ManagedIdentityClientId,
        });
}
