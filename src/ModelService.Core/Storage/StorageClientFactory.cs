using Azure.Core;
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

    public StorageClientFactory(IOptions<StorageOptions> options)
    {
        _options = options.Value;
        _credential = new Lazy<TokenCredential>(CreateCredential);
    }

    public BlobServiceClient CreateBlobServiceClient() =>
        string.IsNullOrWhiteSpace(_options.ConnectionString)
            ? new BlobServiceClient(_options.BlobServiceUri, _credential.Value, Configure(new BlobClientOptions()))
            : new BlobServiceClient(_options.ConnectionString, Configure(new BlobClientOptions()));

    public TableServiceClient CreateTableServiceClient() =>
        string.IsNullOrWhiteSpace(_options.ConnectionString)
            ? new TableServiceClient(_options.TableServiceUri ?? Sibling("table"), _credential.Value, Configure(new TableClientOptions()))
            : new TableServiceClient(_options.ConnectionString, Configure(new TableClientOptions()));

    /// <summary>Messages are base64, the encoding queue-triggered functions expect, so any queue can feed a function.</summary>
    public QueueServiceClient CreateQueueServiceClient() =>
        string.IsNullOrWhiteSpace(_options.ConnectionString)
            ? new QueueServiceClient(_options.QueueServiceUri ?? Sibling("queue"), _credential.Value, Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }))
            : new QueueServiceClient(_options.ConnectionString, Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));

    /// <summary>In Azure the table endpoint sits beside the blob one: https://{account}.table.core.windows.net.</summary>
    private Uri Sibling(string service) =>
        new(_options.BlobServiceUri!.ToString().Replace(".blob.", $".{service}.", StringComparison.OrdinalIgnoreCase));

    private T Configure<T>(T clientOptions)
        where T : ClientOptions
    {
        clientOptions.Retry.MaxRetries = _options.MaxRetries;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(_options.NetworkTimeoutSeconds);
        return clientOptions;
    }

    private TokenCredential CreateCredential() =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(_options.ManagedIdentityClientId) ? null : _options.ManagedIdentityClientId,
        });
}
